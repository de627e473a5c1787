import { describe, expect, it } from 'vitest'
import { TURKISH_HOLIDAYS } from '../../../../server/domain/calendar/turkish-holidays.ts'
import { createWorkingCalendar } from '../../../../server/domain/calendar/working-days.ts'
import { DomainError } from '../../../../server/domain/domain-error.ts'
import {
  computeDeadlines,
  deadlineState,
  extendDeadline,
  legalTrackFor,
  overdueBy,
  type ComputeDeadlinesInput,
} from '../../../../server/domain/legal-clock.ts'

const calendar = createWorkingCalendar(TURKISH_HOLIDAYS)
const ist = (local: string): Date => new Date(`${local}+03:00`)
const iso = (local: string): string => ist(local).toISOString()

function due(input: Omit<ComputeDeadlinesInput, 'calendar'>): ReturnType<typeof computeDeadlines> {
  return computeDeadlines({ ...input, calendar })
}

function errorCode(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof DomainError) return (e as DomainError).code
    throw e
  }
  throw new Error('expected a DomainError')
}

describe('Bilgi Edinme (4982): 15 iş günü', () => {
  it('skips the 2026 Ramazan Bayramı and counts the arife as a working day', () => {
    const d = due({ track: 'BILGI_EDINME_4982', type: 'BILGI_EDINME', receivedAt: ist('2026-03-16T10:00') })
    expect(d.dueAt.toISOString()).toBe(iso('2026-04-07T17:30'))
    expect(d.extensionNoticeDueAt?.toISOString()).toBe(iso('2026-04-07T17:30'))
    expect(d.rule).toBe('15 iş günü (30 iş gününe uzatılabilir)')
    expect(d.warnings).toEqual([])
  })

  it('skips 19 Mayıs and the whole 2026 Kurban Bayramı', () => {
    const d = due({ track: 'BILGI_EDINME_4982', type: 'BILGI_EDINME', receivedAt: ist('2026-05-20T11:00') })
    expect(d.dueAt.toISOString()).toBe(iso('2026-06-15T17:30'))
  })

  it('ends at 13:00 when the 15th iş günü is the Kurban Bayramı arifesi', () => {
    const d = due({ track: 'BILGI_EDINME_4982', type: 'BILGI_EDINME', receivedAt: ist('2026-05-04T09:00') })
    expect(d.dueAt.toISOString()).toBe(iso('2026-05-26T13:00'))
  })

  it('starts the count the next working day for an application sent on a Saturday', () => {
    const sat = due({ track: 'BILGI_EDINME_4982', type: 'BILGI_EDINME', receivedAt: ist('2026-03-14T12:00') })
    const fri = due({ track: 'BILGI_EDINME_4982', type: 'BILGI_EDINME', receivedAt: ist('2026-03-13T12:00') })
    expect(sat.dueAt.toISOString()).toBe(iso('2026-04-06T17:30'))
    expect(fri.dueAt.toISOString()).toBe(sat.dueAt.toISOString())
  })
})

describe('extendDeadline (4982 md. 11: 30 iş günü, notice within the first 15)', () => {
  const base = {
    track: 'BILGI_EDINME_4982',
    type: 'BILGI_EDINME',
    receivedAt: ist('2026-03-16T10:00'),
    calendar,
    reason: 'Bilgi Fen İşleri ve İmar müdürlüklerinden derleniyor',
  } as const

  it('extends to the 30th iş günü (skipping 23 Nisan) when asked before the notice deadline', () => {
    const r = extendDeadline({ ...base, now: ist('2026-04-07T17:29') })
    expect(r.extendedDueAt.toISOString()).toBe(iso('2026-04-29T17:30'))
    expect(r.extensionNoticeDueAt.toISOString()).toBe(iso('2026-04-07T17:30'))
  })

  it('refuses once the 15th iş günü has closed', () => {
    expect(errorCode(() => extendDeadline({ ...base, now: ist('2026-04-07T17:31') }))).toBe(
      'EXTENSION_NOTICE_PERIOD_PASSED',
    )
    expect(errorCode(() => extendDeadline({ ...base, now: ist('2026-04-08T09:00') }))).toBe(
      'EXTENSION_NOTICE_PERIOD_PASSED',
    )
  })

  it('refuses on an arife afternoon when the 15th iş günü is that arife', () => {
    const arife = { ...base, receivedAt: ist('2026-05-04T09:00') }
    expect(extendDeadline({ ...arife, now: ist('2026-05-26T12:59') }).extendedDueAt.toISOString()).toBe(
      iso('2026-06-19T17:30'),
    )
    expect(errorCode(() => extendDeadline({ ...arife, now: ist('2026-05-26T14:00') }))).toBe(
      'EXTENSION_NOTICE_PERIOD_PASSED',
    )
  })

  it('refuses a second extension, a blank reason and tracks other than 4982', () => {
    const now = ist('2026-03-20T10:00')
    expect(errorCode(() => extendDeadline({ ...base, now, alreadyExtended: true }))).toBe(
      'EXTENSION_ALREADY_GRANTED',
    )
    expect(errorCode(() => extendDeadline({ ...base, now, reason: '   ' }))).toBe('EXTENSION_REASON_REQUIRED')
    expect(errorCode(() => extendDeadline({ ...base, now, track: 'DILEKCE_3071', type: 'SIKAYET' }))).toBe(
      'EXTENSION_NOT_APPLICABLE',
    )
    expect(errorCode(() => extendDeadline({ ...base, now, track: 'CIMER', type: 'SIKAYET' }))).toBe(
      'EXTENSION_NOT_APPLICABLE',
    )
  })

  it('allows extending a CİMER information request (4982 periods)', () => {
    const r = extendDeadline({ ...base, track: 'CIMER', now: ist('2026-03-20T10:00') })
    expect(r.extendedDueAt.toISOString()).toBe(iso('2026-04-29T17:30'))
  })
})

describe('calendar-day clocks: 3071, CİMER petitions, KVKK', () => {
  it('gives a petition 30 days, ending at the close of office hours', () => {
    const d = due({ track: 'DILEKCE_3071', type: 'SIKAYET', receivedAt: ist('2026-03-16T10:00') })
    expect(d.dueAt.toISOString()).toBe(iso('2026-04-15T17:30'))
    expect(d.lastDayMovedFrom).toBeUndefined()
    expect(d.extensionNoticeDueAt).toBeUndefined()
    expect(d.rule).toBe('30 gün')
  })

  it('moves a 3071 deadline that ends on a Saturday to Monday', () => {
    const d = due({ track: 'DILEKCE_3071', type: 'ISTEK', receivedAt: ist('2026-01-08T14:00') })
    expect(d.lastDayMovedFrom).toBe('2026-02-07')
    expect(d.dueAt.toISOString()).toBe(iso('2026-02-09T17:30'))
  })

  it('moves a KVKK deadline that ends in the Kurban Bayramı past the bayram and the weekend', () => {
    const d = due({ track: 'KVKK', type: 'ISTEK', receivedAt: ist('2026-04-28T10:00') })
    expect(d.lastDayMovedFrom).toBe('2026-05-28')
    expect(d.dueAt.toISOString()).toBe(iso('2026-06-01T17:30'))
  })

  it('keeps a KVKK deadline that ends on an arife on that day, at 13:00', () => {
    const d = due({ track: 'KVKK', type: 'ISTEK', receivedAt: ist('2026-04-26T10:00') })
    expect(d.lastDayMovedFrom).toBeUndefined()
    expect(d.dueAt.toISOString()).toBe(iso('2026-05-26T13:00'))
  })

  it('moves a petition ending on Yılbaşı into the new year', () => {
    const d = due({ track: 'DILEKCE_3071', type: 'SIKAYET', receivedAt: ist('2025-12-02T10:00') })
    expect(d.dueAt.toISOString()).toBe(iso('2026-01-02T17:30'))
  })

  it('runs a CİMER petition on 30 days and a CİMER information request on 4982 periods', () => {
    const receivedAt = ist('2026-03-16T10:00')
    expect(due({ track: 'CIMER', type: 'SIKAYET', receivedAt }).dueAt.toISOString()).toBe(
      iso('2026-04-15T17:30'),
    )
    const info = due({ track: 'CIMER', type: 'BILGI_EDINME', receivedAt })
    expect(info.dueAt.toISOString()).toBe(iso('2026-04-07T17:30'))
    expect(info.extensionNoticeDueAt?.toISOString()).toBe(iso('2026-04-07T17:30'))
    const flagged = due({ track: 'CIMER', type: 'ISTEK', receivedAt, isCimerInformationRequest: true })
    expect(flagged.dueAt.toISOString()).toBe(iso('2026-04-07T17:30'))
    const notInfo = due({
      track: 'CIMER',
      type: 'BILGI_EDINME',
      receivedAt,
      isCimerInformationRequest: false,
    })
    expect(notInfo.dueAt.toISOString()).toBe(iso('2026-04-15T17:30'))
  })
})

describe('Açık Kapı and internal service levels', () => {
  it('gives Açık Kapı 7 days by default, moved off the bayram', () => {
    expect(
      due({ track: 'ACIK_KAPI', type: 'SIKAYET', receivedAt: ist('2026-03-16T10:00') }).dueAt.toISOString(),
    ).toBe(iso('2026-03-23T17:30'))
    const onBayram = due({ track: 'ACIK_KAPI', type: 'SIKAYET', receivedAt: ist('2026-03-13T10:00') })
    expect(onBayram.lastDayMovedFrom).toBe('2026-03-20')
    expect(onBayram.dueAt.toISOString()).toBe(iso('2026-03-23T17:30'))
  })

  it('lets the Açık Kapı period be configured as 7 iş günü', () => {
    const d = due({
      track: 'ACIK_KAPI',
      type: 'SIKAYET',
      receivedAt: ist('2026-03-16T10:00'),
      acikKapi: { days: 7, unit: 'working' },
    })
    expect(d.dueAt.toISOString()).toBe(iso('2026-03-26T17:30'))
    expect(d.rule).toBe('7 iş günü')
  })

  it.each([
    ['SIKAYET', '2026-03-18T10:00', '2026-03-24T17:30'],
    ['ISTEK', '2026-03-16T10:00', '2026-03-24T17:30'],
    ['ONERI', '2026-03-16T10:00', '2026-03-31T17:30'],
    ['TESEKKUR', '2026-03-17T10:00', '2026-03-19T13:00'],
  ] as const)('runs %s on its default internal SLA', (type, received, expected) => {
    expect(due({ track: 'INTERNAL', type, receivedAt: ist(received) }).dueAt.toISOString()).toBe(
      iso(expected),
    )
  })

  it('uses the configured SLA for a type and the default for the others', () => {
    const internalSla = { ISTEK: { days: 1, unit: 'working' } } as const
    const receivedAt = ist('2026-03-16T10:00')
    expect(due({ track: 'INTERNAL', type: 'ISTEK', receivedAt, internalSla }).dueAt.toISOString()).toBe(
      iso('2026-03-17T17:30'),
    )
    expect(due({ track: 'INTERNAL', type: 'SIKAYET', receivedAt, internalSla }).dueAt.toISOString()).toBe(
      iso('2026-03-19T13:00'),
    )
  })

  it('rejects a nonsensical configured period with a clear error', () => {
    const receivedAt = ist('2026-03-16T10:00')
    const zero = { ISTEK: { days: 0, unit: 'working' } } as const
    expect(errorCode(() => due({ track: 'INTERNAL', type: 'ISTEK', receivedAt, internalSla: zero }))).toBe(
      'INVALID_PERIOD',
    )
    expect(errorCode(() => due({ track: 'INTERNAL', type: 'ISTEK', receivedAt: new Date('x') }))).toBe(
      'INVALID_RECEIVED_AT',
    )
  })

  it('warns when the holiday calendar does not cover the years involved', () => {
    expect(
      due({ track: 'DILEKCE_3071', type: 'ISTEK', receivedAt: ist('2027-12-20T10:00') }).warnings,
    ).toEqual(['HOLIDAYS_NOT_CONFIGURED'])
    expect(
      due({ track: 'DILEKCE_3071', type: 'ISTEK', receivedAt: ist('2027-11-20T10:00') }).warnings,
    ).toEqual([])
  })
})

describe('legalTrackFor', () => {
  it.each([
    [
      { channel: 'CAGRI_MERKEZI', type: 'BILGI_EDINME' },
      'INTERNAL',
      ['BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION'],
    ],
    [{ channel: 'SANTRAL', type: 'BILGI_EDINME' }, 'INTERNAL', ['BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION']],
    [
      { channel: 'WHATSAPP', type: 'BILGI_EDINME' },
      'INTERNAL',
      ['BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION'],
    ],
    [{ channel: 'WEB', type: 'BILGI_EDINME' }, 'BILGI_EDINME_4982', ['BILGI_EDINME_CHECK_APPLICANT_DETAILS']],
    [{ channel: 'BILGI_EDINME', type: 'BILGI_EDINME' }, 'BILGI_EDINME_4982', []],
    [{ channel: 'CIMER', type: 'SIKAYET' }, 'CIMER', []],
    [{ channel: 'ACIK_KAPI', type: 'ISTEK' }, 'ACIK_KAPI', []],
    [{ channel: 'CAGRI_MERKEZI', type: 'SIKAYET' }, 'INTERNAL', []],
    [{ channel: 'MASA', type: 'ISTEK', isFormalPetition: true }, 'DILEKCE_3071', []],
    [
      { channel: 'SANTRAL', type: 'ISTEK', isFormalPetition: true },
      'INTERNAL',
      ['PETITION_REQUIRES_WRITTEN_APPLICATION'],
    ],
    [{ channel: 'EPOSTA', type: 'ISTEK', isKvkkRequest: true }, 'KVKK', []],
    [
      { channel: 'CAGRI_MERKEZI', type: 'ISTEK', isKvkkRequest: true },
      'INTERNAL',
      ['KVKK_REQUIRES_WRITTEN_APPLICATION'],
    ],
  ] as const)('%o → %s', (input, track, warnings) => {
    const choice = legalTrackFor(input)
    expect(choice.track).toBe(track)
    expect(choice.warnings).toEqual(warnings)
  })

  it('tells whether a CİMER application runs on 4982 periods', () => {
    expect(legalTrackFor({ channel: 'CIMER', type: 'BILGI_EDINME' }).isCimerInformationRequest).toBe(true)
    expect(legalTrackFor({ channel: 'CIMER', type: 'SIKAYET' }).isCimerInformationRequest).toBe(false)
    expect(
      legalTrackFor({ channel: 'CIMER', type: 'ISTEK', isCimerInformationRequest: true })
        .isCimerInformationRequest,
    ).toBe(true)
  })
})

describe('deadlineState', () => {
  const dueAt = ist('2026-03-24T17:30') // Tuesday after the Ramazan Bayramı

  it.each([
    ['2026-03-24T17:31', 'overdue'],
    ['2026-03-24T17:30', 'due-today'],
    ['2026-03-24T08:00', 'due-today'],
    ['2026-03-23T16:00', 'due-soon'],
    // Thursday (arife): only 23 and 24 March are working days before the due day.
    ['2026-03-19T10:00', 'due-soon'],
    ['2026-03-18T10:00', 'ok'],
  ] as const)('at %s the badge is %s', (now, expected) => {
    expect(deadlineState(dueAt, ist(now), calendar)).toBe(expected)
  })

  it('counts the weekend as no working days (Friday → Monday is due-soon)', () => {
    expect(deadlineState(ist('2026-03-02T17:30'), ist('2026-02-27T09:00'), calendar)).toBe('due-soon')
    expect(deadlineState(ist('2026-03-04T17:30'), ist('2026-02-27T09:00'), calendar)).toBe('ok')
  })
})

describe('overdueBy', () => {
  const dueAt = ist('2026-03-24T17:30') // a Tuesday

  it.each([
    ['2026-03-24T17:30', null],
    ['2026-03-24T17:31', { amount: 1, unit: 'minute' }],
    ['2026-03-24T20:45', { amount: 3, unit: 'hour' }],
    ['2026-03-25T17:29', { amount: 23, unit: 'hour' }],
    // A day and more: the working days after the due day, as the badge counts them.
    ['2026-03-25T17:31', { amount: 1, unit: 'working-day' }],
    ['2026-03-30T10:00', { amount: 4, unit: 'working-day' }],
  ] as const)('at %s the deadline passed %o ago', (now, expected) => {
    expect(overdueBy(dueAt, ist(now), calendar)).toEqual(expected)
  })

  it('counts gün when no working day has followed the due day (a Friday deadline on Sunday)', () => {
    expect(overdueBy(ist('2026-03-27T17:30'), ist('2026-03-29T10:00'), calendar)).toEqual({
      amount: 1,
      unit: 'day',
    })
    expect(overdueBy(ist('2026-03-27T17:30'), ist('2026-03-30T09:00'), calendar)).toEqual({
      amount: 1,
      unit: 'working-day',
    })
  })
})
