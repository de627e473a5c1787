/**
 * "Vatandaşa bildir" in writing over HTTP, on PostgreSQL with a real SMTP server on loopback: the unit's
 * answer reaches the citizen's inbox, the ticket moves to VATANDASA_BILDIRILDI (closed too when asked)
 * and leaves the notify worklist, and the ticket's messages download as the CSV a CİMER or 4982 file
 * needs (masked for unit staff); a citizen who did not agree to be written to is refused at the field
 * and the ticket stays where it was, with nothing queued.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RunningPano } from '../../../server/main.ts'
import type { TicketDetail } from '../../../server/contract/tickets.ts'
import { startFakeSmtp, type FakeSmtp } from '../../fakes/fake-smtp-server.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { citizenWithTicket, signIn, startMessagingPano, type Client } from './messaging-harness.ts'

let db: TestDatabase
let smtp: FakeSmtp
let pano: RunningPano
let agent: Client

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await startFakeSmtp()
  pano = await startMessagingPano({
    DATABASE_URL: db.url,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Karşıyaka Belediyesi <bilgi@karsiyaka.test>',
  })
  agent = await signIn(pano, 'agent1')
})
afterAll(async () => {
  await pano.close()
  await smtp.close()
  await db.drop()
})

/** Routes the ticket to Fen İşleri and has the unit answer it. */
async function answeredByUnit(ticketId: number, answer: string): Promise<void> {
  const units = (await agent.get<{ units: { id: number; code: string }[] }>('/units')).body.units
  const fen = units.find((u) => u.code === 'fen-isleri')
  expect((await agent.send('POST', `/tickets/${ticketId}/route`, { unitId: fen?.id })).status).toBe(200)
  const unit = await signIn(pano, 'fen')
  expect((await unit.send('POST', `/tickets/${ticketId}/answer`, { answer })).status).toBe(200)
}

async function download(client: Client, ticketId: number) {
  const res = await client.raw(`/tickets/${ticketId}/messages.csv`)
  expect(res.status).toBe(200)
  return {
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    text: await res.text(),
  }
}

const waitingToBeTold = async (ticketId: number) =>
  (await agent.get<{ items: { ticket: { id: number } }[] }>('/worklists/notify')).body.items.some(
    (i) => i.ticket.id === ticketId,
  )

describe('telling the citizen the answer in writing', () => {
  it('mails the unit’s answer, closes the ticket when asked and takes it off the worklist', async () => {
    const { ticket } = await citizenWithTicket(agent, {
      fullName: 'Elif Şahin',
      email: 'elif@example.test',
      preferredChannel: 'EMAIL',
    })
    await smtp.mail(1) // the receipt
    await answeredByUnit(ticket.id, 'Lamba 4 Aralık’ta değiştirildi, ekiplerimiz kontrol etti.')
    expect(await waitingToBeTold(ticket.id)).toBe(true)

    const told = await agent.send('POST', `/tickets/${ticket.id}/notify-written`, { close: true })
    expect(told.status).toBe(200)
    const mail = await smtp.mail(2)
    expect(mail.to).toMatchObject({ value: [{ address: 'elif@example.test' }] })
    expect(mail.text).toContain('Lamba 4 Aralık’ta değiştirildi')

    const detail = (await agent.get<TicketDetail>(`/tickets/${ticket.id}`)).body
    expect(detail.status).toBe('KAPANDI')
    const moves = detail.history.filter((e) => e.toStatus !== null).map((e) => [e.kind, e.toStatus])
    expect(moves.slice(-2)).toEqual([
      ['CITIZEN_NOTIFIED', 'VATANDASA_BILDIRILDI'],
      ['STATUS_CHANGED', 'KAPANDI'],
    ])
    expect(await waitingToBeTold(ticket.id)).toBe(false)

    // The proof for a CİMER or 4982 file: both messages with their wording and status history.
    await vi.waitFor(async () =>
      expect(
        (await agent.get<TicketDetail>(`/tickets/${ticket.id}`)).body.messages.map((m) => m.status),
      ).toEqual(['SENT', 'SENT']),
    )
    const csv = await download(agent, ticket.id)
    expect(csv.type).toBe('text/csv; charset=utf-8')
    expect(csv.disposition).toBe(`attachment; filename="talep-${ticket.number}-yazismalar.csv"`)
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe(
      'Mesaj no;Kanal;Alıcı;Mesaj;Konu;Metin;Sağlayıcı;Sağlayıcı no;Deneme;Son durum;Durum geçmişi;Sağlayıcının son hatası;Oluşturulma',
    )
    expect(lines[2]).toContain(';E-posta;elif@example.test;')
    expect(lines[2]).toContain('Lamba 4 Aralık’ta değiştirildi')
    expect(lines[2]).toMatch(
      /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} Sırada → \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} Gönderildi/,
    )
    // Unit staff get the record as they see it on screen: the recipient masked.
    const unitCsv = await download(await signIn(pano, 'fen'), ticket.id)
    expect(unitCsv.text).toContain(';e***@example.test;')
    expect(unitCsv.text).not.toContain('elif@example.test')
  })

  it('refuses a citizen who did not agree to messages, at the field, and changes nothing', async () => {
    const created = await agent.send<{ citizen: { id: number } }>('POST', '/citizens', {
      fullName: 'Hasan Öztürk',
      email: 'hasan@example.test',
      phones: [],
      messagingConsent: false,
      kvkkNoticeGiven: true,
    })
    expect(created.status).toBe(201)
    const ticket = await agent.send<{ ticket: { id: number } }>('POST', '/tickets', {
      type: 'SIKAYET',
      channel: 'CAGRI_MERKEZI',
      subject: 'Çöp toplanmadı',
      description: 'Bahriye Üçok Bulvarı’ndaki konteyner iki gündür boşaltılmadı.',
      citizenId: created.body.citizen.id,
    })
    expect(ticket.status).toBe(201)
    const id = ticket.body.ticket.id
    await answeredByUnit(id, 'Konteyner boşaltıldı.')
    const before = (await agent.get<TicketDetail>(`/tickets/${id}`)).body

    const refused = await agent.send<{ error: { kind: string; details: { issues: unknown[] } } }>(
      'POST',
      `/tickets/${id}/notify-written`,
      {},
    )
    expect(refused.status).toBe(400)
    expect(refused.body.error.kind).toBe('invalid_input')
    expect(refused.body.error.details.issues).toEqual([
      { path: 'citizen', code: 'not_writable', message: 'Vatandaşın yazılı bildirim onayı yok.' },
    ])
    const after = (await agent.get<TicketDetail>(`/tickets/${id}`)).body
    expect(after.status).toBe('YANITLANDI')
    expect(after.messages).toHaveLength(before.messages.length)
    expect(await waitingToBeTold(id)).toBe(true)
  })
})
