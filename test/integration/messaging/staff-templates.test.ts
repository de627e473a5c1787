/**
 * The e-mails to Pano's own staff in the directorate's own words (docs/messaging.md §8.2): the admin
 * edits the unit reminder under Yönetim › Mesaj şablonları › Personele giden, an unknown variable or a
 * channel other than e-mail is refused with 400 in Turkish, and a ticket at the unit then gets its
 * reminder through the outbox with the edited subject. On the embedded database in demo mode, so the
 * mail goes to the built-in demo sink and shows in Gönderilen mesajlar as sent by it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SentMessagesResponse, TemplatesResponse } from '../../../server/contract/messaging.ts'
import type { TicketDetail } from '../../../server/contract/tickets.ts'
import type { RunningPano } from '../../../server/main.ts'
import { createTestPglite, type TestPglite } from '../../support/test-database.ts'
import { signIn as staffSignIn, ticketForUnit } from '../units/unit-harness.ts'
import { signIn, startMessagingPano } from './messaging-harness.ts'

let db: TestPglite
let pano: RunningPano

beforeAll(async () => {
  db = await createTestPglite()
  pano = await startMessagingPano(
    { UNIT_ALERTS_CHECK_SEC: '0', UNIT_REMINDER_WORKING_DAYS: '3,1' },
    { database: { prisma: db.prisma, kind: 'pglite', ping: () => Promise.resolve(true) } },
  )
})
afterAll(async () => {
  await pano.close()
  await db.close()
})

type Refusal = { error: { details: { issues: { path: string; message: string }[] } } }

describe('staff e-mail templates', () => {
  it('refuses an unknown variable and a channel other than e-mail, in Turkish, and stores nothing', async () => {
    const admin = await signIn(pano, 'admin')
    const unknown = await admin.send<Refusal>('PUT', '/message-templates/UNIT_DUE_REMINDER/EMAIL', {
      subject: 'Hatırlatma {{ticketNumber}}: {{citizenName}}',
      body: 'Talep {{ticketNumber}}',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.details.issues).toContainEqual(
      expect.objectContaining({ path: 'subject', message: 'Bilinmeyen değişken: {{citizenName}}' }),
    )
    const sms = await admin.send<Refusal>('PUT', '/message-templates/UNIT_DUE_REMINDER/SMS', {
      body: 'Talep {{ticketNumber}}',
    })
    expect(sms.status).toBe(400)
    expect(sms.body.error.details.issues).toContainEqual(
      expect.objectContaining({
        path: 'channel',
        message: 'Personele giden mesajlar yalnız e-posta ile gönderilir.',
      }),
    )
    const list = await admin.get<TemplatesResponse>('/message-templates')
    const staff = list.body.templates.filter((t) => t.audience === 'STAFF')
    expect(staff.map((t) => `${t.key}/${t.channel}`)).toEqual([
      'UNIT_DUE_REMINDER/EMAIL',
      'UNIT_OVERDUE_ESCALATION/EMAIL',
      'UNIT_DIGEST/EMAIL',
      'QUEUE_ALERT/EMAIL',
    ])
    const reminder = staff[0]
    expect(reminder?.edited).toBe(false)
    expect(reminder?.subject).toBe('Hatırlatma: {{ticketNumber}} için {{timeLeft}} (son tarih {{dueDate}})')
    expect(reminder?.variables).toEqual(
      expect.arrayContaining(['ticketNumber', 'unit', 'daysLeft', 'ticketLink']),
    )
  })

  it('previews with sample values and sends the edited subject with a reminder for a ticket at the unit', async () => {
    const admin = await signIn(pano, 'admin')
    const subject = 'Birim uyarısı {{ticketNumber}} · {{unit}} · {{timeLeft}}'
    const body = 'Talep {{ticketNumber}} ({{subject}}), son tarih {{dueDate}}: {{ticketLink}}'
    const preview = await admin.send<{ subject: string; body: string }>(
      'POST',
      '/message-templates/preview',
      {
        key: 'UNIT_DUE_REMINDER',
        channel: 'EMAIL',
        subject,
        body,
      },
    )
    expect(preview.status).toBe(200)
    expect(preview.body.subject).toBe('Birim uyarısı 2026-000123 · Fen İşleri Müdürlüğü · 3 iş günü kaldı')
    const saved = await admin.send<{ edited: boolean }>('PUT', '/message-templates/UNIT_DUE_REMINDER/EMAIL', {
      subject,
      body,
    })
    expect(saved.status).toBe(200)
    expect(saved.body.edited).toBe(true)

    // A new ticket for Fen İşleri whose legal clock ran while nobody looked: it is due within hours.
    const agent = await staffSignIn(pano.url, 'agent1')
    const ticket = await ticketForUnit(agent, 'fen-isleri', 'Kaldırım taşları sökülmüş')
    await db.prisma.ticket.update({
      where: { id: ticket.id },
      data: { dueAt: new Date(Date.now() + 2 * 3_600_000) },
    })
    const unit = (await agent.get<TicketDetail>(`/tickets/${ticket.id}`)).body.unit?.name ?? ''
    expect(unit).not.toBe('')

    const mudur = await signIn(pano, 'mudur')
    const run = await mudur.send<{ reminders: number }>('POST', '/unit-alerts/run', {})
    expect(run.status).toBe(200)
    expect(run.body.reminders).toBeGreaterThanOrEqual(1)

    const mine = async () =>
      (await admin.get<SentMessagesResponse>('/messages?limit=500')).body.items.filter(
        (m) => m.ticket?.number === ticket.number,
      )
    // The demo sink reports each mail delivered at once; the outbox gets to it on its next round.
    await vi.waitFor(async () => expect((await mine())[0]?.status).toBe('DELIVERED'), { timeout: 10_000 })
    const [mail, ...others] = await mine()
    expect(others).toEqual([])
    expect(mail).toMatchObject({
      templateKey: 'UNIT_DUE_REMINDER',
      channel: 'EMAIL',
      provider: 'demo',
      subject: `Birim uyarısı ${ticket.number} · ${unit} · son iş günü`,
    })
    expect(mail?.body).toMatch(
      new RegExp(
        `^Talep ${ticket.number} \\(Kaldırım taşları sökülmüş\\), son tarih \\d{2}\\.\\d{2}\\.\\d{4}: `,
      ),
    )
  })
})
