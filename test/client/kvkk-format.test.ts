import { describe, expect, it } from 'vitest'
import {
  EMPTY_FILTER,
  accessLogCsvUrl,
  accessLogQuery,
  countsInWords,
  daysInWords,
  readDays,
} from '../../client/src/views/admin/kvkk/kvkk-format.ts'

describe('Yönetim › KVKK helpers', () => {
  it('builds the access log address from the filter, leaving blanks out', () => {
    expect(accessLogQuery(EMPTY_FILTER)).toBe('')
    expect(
      accessLogQuery({
        citizenId: ' #12 ',
        phone: ' 0505 123 45 67 ',
        userId: '3',
        from: '2026-03-01',
        to: '',
      }),
    ).toBe('citizenId=12&phone=0505+123+45+67&userId=3&from=2026-03-01')
    expect(accessLogCsvUrl({ ...EMPTY_FILTER, citizenId: '7' })).toBe(
      '/api/v1/kvkk/access-log?citizenId=7&format=csv',
    )
  })

  it('reads the days as typed in Turkish and writes them back as Pano shows them', () => {
    expect(readDays({ ...EMPTY_FILTER, citizenId: '4', from: '5.12.2026', to: '06122026' })).toEqual({
      ok: true,
      filter: { ...EMPTY_FILTER, citizenId: '4', from: '2026-12-05', to: '2026-12-06' },
      typed: { from: '05.12.2026', to: '06.12.2026' },
    })
    expect(readDays(EMPTY_FILTER)).toEqual({ ok: true, filter: EMPTY_FILTER, typed: { from: '', to: '' } })
    expect(readDays({ ...EMPTY_FILTER, from: '12/31/2026' })).toEqual({ ok: false, field: 'from' })
    expect(readDays({ ...EMPTY_FILTER, from: '01.12.2026', to: '31.11.2026' })).toEqual({
      ok: false,
      field: 'to',
    })
  })

  it('says periods and counts in words', () => {
    expect(daysInWords(730)).toBe('730 gün (yaklaşık 2 yıl)')
    expect(daysInWords(3650)).toBe('3650 gün (yaklaşık 10 yıl)')
    expect(daysInWords(180)).toBe('180 gün (6 ay)')
    expect(
      countsInWords({
        callNumbersMasked: 3,
        transferNumbersMasked: 1,
        callbacksDeleted: 0,
        whatsappConversationsDeleted: 4,
        citizensDeleted: 2,
        citizensAnonymised: 1,
        ticketsEmptied: 0,
        auditRowsDeleted: 40,
        recordingsDeleted: 5,
        recordingsNotDeleted: 1,
      }),
    ).toBe(
      '3 çağrı ve 1 aktarma numarası maskelendi; 0 geri arama kaydı silindi; 4 WhatsApp yazışması silindi; 2 vatandaş kaydı silindi, 1 kayıt anonimleştirildi; 0 eski talebin metni silindi; 40 denetim satırı silindi; 5 ses kaydı silindi (1 kayıt silinemedi, sonraki çalışmada yeniden denenecek).',
    )
  })
})
