/**
 * Reminders before a legal due date and the müdür's escalation go through the outbox exactly once
 * (docs/messaging.md §8): on PostgreSQL with pg-boss and a real SMTP server on loopback, two nodes run
 * a pass at the same moment, the pass runs again, Pano restarts and runs it once more — each reminder
 * and each escalation is one message in Yönetim › Gönderilen mesajlar and one mail in the inbox.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import type { SentMessagesResponse } from '../../../server/contract/messaging.ts'
import type { TicketEventView } from '../../../server/contract/tickets.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { startFakeSmtp, type FakeSmtp } from '../../fakes/fake-smtp-server.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { until } from '../realtime/live-harness.ts'
import { signIn, ticketForUnit, type StaffClient } from './unit-harness.ts'

let db: TestDatabase
let smtp: FakeSmtp
const prefix = `pano-test:${randomUUID()}:`

function startNode(seedDemo: boolean): Promise<RunningPano> {
  return startPano(
    loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '0',
      SIMULATOR: 'off',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Pano <pano@karsiyaka.test>',
      UNIT_ALERTS_CHECK_SEC: '0',
      UNIT_REMINDER_WORKING_DAYS: '3,1',
    }),
    {
      logger: captureLogger().logger,
      seedDemo,
      clientDir: null,
      print: () => undefined,
      redisKeyPrefix: prefix,
      messaging: { pollIntervalMs: 200 },
    },
  )
}

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await startFakeSmtp()
})
afterAll(async () => {
  await smtp.close()
  await db.drop()
})

type Sent = SentMessagesResponse['items'][number]

async function sentFor(pano: RunningPano, ticketNumber: string): Promise<Sent[]> {
  const mudur = await signIn(pano.url, 'mudur')
  const list = await mudur.get<SentMessagesResponse>('/messages?limit=500')
  expect(list.status).toBe(200)
  return list.body.items.filter((m) => m.ticket?.number === ticketNumber)
}

describe('reminders and escalations through the outbox', () => {
  it('queues each reminder and escalation once, across nodes, repeated passes and a restart', async () => {
    const a = await startNode(true)
    const b = await startNode(false)
    const agent = await signIn(a.url, 'agent1')
    const soon = await ticketForUnit(agent, 'fen-isleri', 'Park aydınlatması arızalı')
    const late = await ticketForUnit(agent, 'zabita', 'Seyyar satıcı şikâyeti')
    // The legal clock ran while nobody looked: one is due within hours, the other is an hour past due.
    await db.prisma.ticket.update({
      where: { id: soon.id },
      data: { dueAt: new Date(Date.now() + 2 * 3_600_000) },
    })
    await db.prisma.ticket.update({
      where: { id: late.id },
      data: { dueAt: new Date(Date.now() - 3_600_000) },
    })

    const mudurA = await signIn(a.url, 'mudur')
    const adminB = await signIn(b.url, 'admin')
    const runs = await Promise.all([
      mudurA.send<{ reminders: number; escalations: number }>('POST', '/unit-alerts/run'),
      adminB.send<{ reminders: number; escalations: number }>('POST', '/unit-alerts/run'),
    ])
    // One node ran the pass; the other ran after it (nothing left to queue) or was told another runs it.
    for (const r of runs) expect([200, 409]).toContain(r.status)
    const again = await mudurA.send<{ reminders: number; escalations: number; alreadyQueued: number }>(
      'POST',
      '/unit-alerts/run',
    )
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ reminders: 0, escalations: 0 })
    expect(again.body.alreadyQueued).toBeGreaterThanOrEqual(2)

    const reminders = await sentFor(a, soon.number)
    expect(reminders).toHaveLength(1)
    expect(reminders[0]).toMatchObject({
      templateKey: 'UNIT_DUE_REMINDER',
      channel: 'EMAIL',
      recipient: 'fen@ornek.karsiyaka.test',
    })
    expect(reminders[0]?.subject).toContain(`Hatırlatma: ${soon.number} için son iş günü`)
    const escalations = await sentFor(a, late.number)
    expect(escalations).toHaveLength(1)
    expect(escalations[0]).toMatchObject({
      templateKey: 'UNIT_OVERDUE_ESCALATION',
      recipient: 'mudur@ornek.karsiyaka.test',
    })

    // Restart both nodes: the pass runs again and queues nothing new for these tickets.
    await a.close()
    await b.close()
    const c = await startNode(false)
    const rerun = await (await signIn(c.url, 'mudur')).send('POST', '/unit-alerts/run')
    expect(rerun.status).toBe(200)
    expect(await sentFor(c, soon.number)).toHaveLength(1)
    expect(await sentFor(c, late.number)).toHaveLength(1)

    // Each ticket's history says once who was told and why, whatever the passes and restarts.
    const fen = await signIn(c.url, 'fen')
    const told = async (who: StaffClient, id: number) =>
      (await who.get<{ history: TicketEventView[] }>(`/tickets/${id}`)).body.history.filter(
        (e) => e.kind === 'STAFF_NOTIFIED',
      )
    const soonTold = await told(fen, soon.id)
    expect(soonTold).toHaveLength(1)
    expect(soonTold[0]?.note).toMatch(
      /^Süre hatırlatması: son yanıt tarihine \d iş günü kaldı; Fen İşleri .*1 kişiye/,
    )
    expect(soonTold[0]?.data).toMatchObject({ change: 'unit-reminder', recipients: 1 })
    const lateTold = await told(await signIn(c.url, 'mudur'), late.id)
    expect(lateTold.map((e) => e.note)).toEqual([
      'Süresi geçti: müdüre bildirildi (1 kişiye e-posta gönderildi).',
    ])

    // The mails arrive, one each, and say which ticket and unit without the citizen.
    await until(
      () => smtp.mails.filter((m) => m.subject?.includes(soon.number) || m.subject?.includes(late.number)),
      (found) => found.length >= 2,
      'both mails in the inbox',
    )
    const mails = smtp.mails.filter(
      (m) => m.subject?.includes(soon.number) || m.subject?.includes(late.number),
    )
    expect(mails).toHaveLength(2)
    const escalation = mails.find((m) => m.subject?.includes(late.number))
    expect(escalation?.subject).toMatch(/^Süresi geçti: .* \(.+\)$/)
    expect(escalation?.text).toContain('Seyyar satıcı şikâyeti')
    expect(escalation?.to).toMatchObject({ value: [{ address: 'mudur@ornek.karsiyaka.test' }] })
    await c.close()
  })

  it('sends no reminder for a ticket already answered, and none before the reminder days', async () => {
    const pano = await startNode(false)
    try {
      const agent = await signIn(pano.url, 'agent1')
      const far = await ticketForUnit(agent, 'fen-isleri', 'Ağaç budama talebi')
      const answered = await ticketForUnit(agent, 'fen-isleri', 'Çukur kapatılsın')
      await db.prisma.ticket.update({
        where: { id: answered.id },
        data: { dueAt: new Date(Date.now() + 3_600_000) },
      })
      const fen = await signIn(pano.url, 'fen')
      const done = await fen.send('POST', `/tickets/${answered.id}/answer`, { answer: 'Çukur kapatıldı.' })
      expect(done.status).toBe(200)
      const run = await (await signIn(pano.url, 'mudur')).send('POST', '/unit-alerts/run')
      expect(run.status).toBe(200)
      // ISTEK: 5 working days, so more than 3 working days are left on the new ticket.
      expect(await sentFor(pano, far.number)).toEqual([])
      expect(await sentFor(pano, answered.number)).toEqual([])
    } finally {
      await pano.close()
    }
  })

  it('lets the müdür and admins run a pass, nobody else', async () => {
    const pano = await startNode(false)
    try {
      const fen = await signIn(pano.url, 'fen')
      const refused = await fen.send<{ error: { message: string } }>('POST', '/unit-alerts/run')
      expect(refused.status).toBe(403)
    } finally {
      await pano.close()
    }
  })
})
