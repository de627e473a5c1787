/**
 * E-mail through a real SMTP server on loopback, on PostgreSQL with pg-boss (ADR 010): the receipt of
 * a new ticket reaches the citizen's inbox with the ticket number, in Turkish, text and HTML; the
 * message stands in the ticket's history with its provider id and status history; a restart between
 * queueing and sending loses nothing and sends nothing twice; a refusing server's own words show.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RunningPano } from '../../../server/main.ts'
import type { TicketDetail } from '../../../server/contract/tickets.ts'
import { startFakeSmtp, type FakeSmtp } from '../../fakes/fake-smtp-server.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { citizenWithTicket, signIn, startMessagingPano } from './messaging-harness.ts'

let db: TestDatabase
let smtp: FakeSmtp
let env: Record<string, string>

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await startFakeSmtp()
  env = { DATABASE_URL: db.url, SMTP_URL: smtp.url, MAIL_FROM: 'Karşıyaka Belediyesi <bilgi@karsiyaka.test>' }
})
afterAll(async () => {
  await smtp.close()
  await db.drop()
})

async function detail(pano: RunningPano, id: number): Promise<TicketDetail> {
  const agent = await signIn(pano, 'agent1')
  return (await agent.get<TicketDetail>(`/tickets/${id}`)).body
}

describe('e-mail receipts through the outbox', () => {
  it('survives a restart between queueing and sending, and sends each message once', async () => {
    // First Pano queues but does not send, as if it stopped right after the ticket was stored.
    const first = await startMessagingPano(env, { messaging: { work: false } })
    const agent = await signIn(first, 'agent1')
    const { ticket } = await citizenWithTicket(agent, {
      fullName: 'Ayşe Yılmaz',
      email: 'ayse@example.test',
      preferredChannel: 'EMAIL',
    })
    expect(ticket.messages).toMatchObject([{ status: 'QUEUED' }])
    await first.close()
    expect(smtp.mails).toHaveLength(0)

    const second = await startMessagingPano(env)
    const mail = await smtp.mail(1)
    expect(mail.subject).toBe(`Başvurunuz alındı: ${ticket.number}`)
    expect(mail.text).toContain(`${ticket.number} numarasıyla kaydedildi.`)
    expect(mail.text).toContain('Sayın Ayşe Yılmaz')
    expect(mail.html).toContain(ticket.number)
    expect(mail.to).toMatchObject({ value: [{ address: 'ayse@example.test' }] })
    await vi.waitFor(async () => expect((await detail(second, ticket.id)).messages[0]?.status).toBe('SENT'))
    const shown = (await detail(second, ticket.id)).messages[0]
    expect(shown).toMatchObject({
      channel: 'EMAIL',
      recipient: 'ayse@example.test',
      provider: 'smtp',
      attempts: 1,
    })
    expect(shown?.providerId).toBe(mail.messageId)
    expect(shown?.history.map((h) => h.status)).toEqual(['QUEUED', 'SENT'])
    const history = (await detail(second, ticket.id)).history.map((e) => e.kind)
    expect(history).toContain('MESSAGE_QUEUED')
    await second.close()

    // A third start, and a second ticket: only the new receipt goes out.
    const third = await startMessagingPano(env)
    const again = await citizenWithTicket(await signIn(third, 'agent1'), {
      fullName: 'Mehmet Demir',
      email: 'mehmet@example.test',
      preferredChannel: 'EMAIL',
    })
    const next = await smtp.mail(2)
    expect(next.subject).toBe(`Başvurunuz alındı: ${again.ticket.number}`)
    expect(smtp.mails.filter((m) => m.subject?.includes(ticket.number))).toHaveLength(1)
    await third.close()
  })

  it('shows the SMTP server’s own words when it refuses the address, and does not retry', async () => {
    const pano = await startMessagingPano(env)
    try {
      const agent = await signIn(pano, 'agent1')
      const { ticket } = await citizenWithTicket(agent, {
        fullName: 'Reddedilen Kişi',
        email: 'red@example.test',
        preferredChannel: 'EMAIL',
      })
      await vi.waitFor(async () => expect((await detail(pano, ticket.id)).messages[0]?.status).toBe('FAILED'))
      const m = (await detail(pano, ticket.id)).messages[0]
      expect(m?.lastError).toContain('Böyle bir posta kutusu yok')
      expect(m?.attempts).toBe(1)
      expect(m?.history.map((h) => h.status)).toEqual(['QUEUED', 'FAILED'])
    } finally {
      await pano.close()
    }
  })

  it('masks the recipient and the citizen’s name for unit staff', async () => {
    const pano = await startMessagingPano(env)
    try {
      const agent = await signIn(pano, 'agent1')
      const { ticket } = await citizenWithTicket(agent, {
        fullName: 'Zeynep Kaya',
        email: 'zeynep@example.test',
        preferredChannel: 'EMAIL',
      })
      const units = (await agent.get<{ units: { id: number; code: string }[] }>('/units')).body.units
      const fen = units.find((u) => u.code === 'fen-isleri')
      expect((await agent.send('POST', `/tickets/${ticket.id}/route`, { unitId: fen?.id })).status).toBe(200)
      const unit = await signIn(pano, 'fen')
      const seen = (await unit.get<TicketDetail>(`/tickets/${ticket.id}`)).body.messages[0]
      expect(seen?.recipient).toBe('z***@example.test')
      expect(seen?.body).not.toContain('Zeynep Kaya')
      expect(seen?.body).toContain(ticket.number)
    } finally {
      await pano.close()
    }
  })
})
