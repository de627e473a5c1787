/**
 * SMS (Netgsm REST v2) and WhatsApp (Cloud API) against a loopback server speaking their documented
 * formats, on the embedded database with its poller (ADR 010), in demo mode so e-mail goes to the
 * built-in sink: request shapes and credentials, Netgsm's delivery report, WhatsApp's signed status
 * webhook (and a wrong signature refused), provider refusals in their own words, templates an admin
 * edits (an unknown variable refused), and writing refused before anything is queued.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { TicketDetail } from '../../../server/contract/tickets.ts'
import type { RunningPano } from '../../../server/main.ts'
import { signWebhook, startFakeProviders, type FakeProviders } from '../../fakes/fake-sms-whatsapp.ts'
import { createTestPglite, type TestPglite } from '../../support/test-database.ts'
import { citizenWithTicket, signIn, startMessagingPano, type Client } from './messaging-harness.ts'

const APP_SECRET = 'uygulama-gizli-anahtari'
let db: TestPglite
let fake: FakeProviders
let pano: RunningPano
let agent: Client

beforeAll(async () => {
  db = await createTestPglite()
  fake = await startFakeProviders({
    netgsmUser: '8503031234',
    netgsmPassword: 'gizli',
    whatsappToken: 'EAAtoken',
    phoneNumberId: '1234567890',
  })
  pano = await startMessagingPano(
    {
      NETGSM_USERCODE: '8503031234',
      NETGSM_PASSWORD: 'gizli',
      NETGSM_HEADER: 'KARSIYAKA',
      NETGSM_API_URL: fake.url,
      WHATSAPP_TOKEN: 'EAAtoken',
      WHATSAPP_PHONE_NUMBER_ID: '1234567890',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_API_URL: fake.url,
    },
    { database: { prisma: db.prisma, kind: 'pglite', ping: () => Promise.resolve(true) } },
  )
  agent = await signIn(pano, 'agent1')
})
afterAll(async () => {
  await pano.close()
  await fake.close()
  await db.close()
})

const ticketOf = async (id: number) => (await agent.get<TicketDetail>(`/tickets/${id}`)).body

describe('SMS through Netgsm', () => {
  it('sends the receipt with the sender id and Turkish encoding, and applies the delivery report', async () => {
    const { ticket } = await citizenWithTicket(agent, {
      fullName: 'Fatma Şahin',
      phones: ['0532 123 45 67'],
      preferredChannel: 'SMS',
    })
    await vi.waitFor(async () => expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('SENT'))
    const sent = fake.netgsm.find((r) => r.path === '/sms/rest/v2/send')
    expect(sent?.authorization).toBe(`Basic ${Buffer.from('8503031234:gizli').toString('base64')}`)
    expect(sent?.body).toMatchObject({ msgheader: 'KARSIYAKA', encoding: 'TR' })
    const [entry] = sent?.body['messages'] as { msg: string; no: string }[]
    expect(entry?.no).toBe('5321234567')
    expect(entry?.msg).toContain(ticket.number)

    const message = (await ticketOf(ticket.id)).messages[0]
    expect(message?.provider).toBe('netgsm')
    fake.netgsmReport.set(message?.providerId ?? '', 1)
    expect(await pano.messaging.pollReports()).toBe(1)
    const after = (await ticketOf(ticket.id)).messages[0]
    expect(after?.status).toBe('DELIVERED')
    expect(after?.history.map((h) => h.status)).toEqual(['QUEUED', 'SENT', 'DELIVERED'])
  })

  it('fails at once on a code a retry cannot fix, in Netgsm’s words', async () => {
    fake.netgsmCode = '40'
    try {
      const { ticket } = await citizenWithTicket(agent, {
        fullName: 'Ali Çelik',
        phones: ['0533 765 43 21'],
        preferredChannel: 'SMS',
      })
      await vi.waitFor(async () => expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('FAILED'))
      expect((await ticketOf(ticket.id)).messages[0]?.lastError).toBe(
        'Netgsm 40: Mesaj başlığı tanımlı değil',
      )
    } finally {
      fake.netgsmCode = '00'
    }
  })
})

describe('WhatsApp Cloud API', () => {
  it('sends an approved template and follows the signed status webhooks; a wrong signature changes nothing', async () => {
    const { ticket } = await citizenWithTicket(agent, {
      fullName: 'Emine Aydın',
      phones: ['+90 542 111 22 33'],
      preferredChannel: 'WHATSAPP',
    })
    await vi.waitFor(async () => expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('SENT'))
    const sent = fake.whatsapp.at(-1)
    expect(sent?.authorization).toBe('Bearer EAAtoken')
    expect(sent?.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '905421112233',
      type: 'template',
      template: { name: 'pano_basvuru_alindi', language: { code: 'tr' } },
    })
    const template = sent?.body['template'] as { components: { parameters: { text: string }[] }[] }
    expect(template.components[0]?.parameters.map((p) => p.text)).toContain(ticket.number)
    const wamid = (await ticketOf(ticket.id)).messages[0]?.providerId ?? ''

    const webhook = (status: string) =>
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '99',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  statuses: [
                    {
                      id: wamid,
                      status,
                      timestamp: String(Math.floor(Date.now() / 1000) + 60),
                      recipient_id: '905421112233',
                    },
                  ],
                },
              },
            ],
          },
        ],
      })
    const post = (body: string, signature: string) =>
      fetch(`${pano.url}/api/v1/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      })
    const forged = await post(webhook('read'), signWebhook(webhook('read'), 'baska-anahtar'))
    expect(forged.status).toBe(401)
    expect((await post(webhook('read'), 'sha256=00')).status).toBe(401)
    expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('SENT')

    expect((await post(webhook('delivered'), signWebhook(webhook('delivered'), APP_SECRET))).status).toBe(200)
    expect((await post(webhook('read'), signWebhook(webhook('read'), APP_SECRET))).status).toBe(200)
    const after = (await ticketOf(ticket.id)).messages[0]
    expect(after?.status).toBe('READ')
    expect(after?.history.map((h) => h.status)).toEqual(['QUEUED', 'SENT', 'DELIVERED', 'READ'])
  })

  it('fails at once on a refusal a retry cannot fix and keeps trying after a rate limit, in WhatsApp’s words', async () => {
    fake.whatsappError = { status: 400, code: 131026, message: 'Message undeliverable' }
    try {
      const { ticket } = await citizenWithTicket(agent, {
        fullName: 'Kemal Arslan',
        phones: ['+90 542 333 44 55'],
        preferredChannel: 'WHATSAPP',
      })
      await vi.waitFor(async () => expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('FAILED'))
      expect((await ticketOf(ticket.id)).messages[0]).toMatchObject({
        attempts: 1,
        lastError: 'WhatsApp 131026: Message undeliverable',
      })

      fake.whatsappError = { status: 429, code: 130429, message: 'Rate limit hit' }
      const limited = await citizenWithTicket(agent, {
        fullName: 'Sevgi Arslan',
        phones: ['+90 542 333 44 56'],
        preferredChannel: 'WHATSAPP',
      })
      await vi.waitFor(async () =>
        expect((await ticketOf(limited.ticket.id)).messages[0]?.lastError).toBe(
          'WhatsApp 130429: Rate limit hit',
        ),
      )
      expect((await ticketOf(limited.ticket.id)).messages[0]?.status).toBe('QUEUED')
    } finally {
      fake.whatsappError = null
    }
  })

  it('answers Meta’s verification only with the right token', async () => {
    const res = await fetch(
      `${pano.url}/api/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=yanlis&hub.challenge=42`,
    )
    expect(res.status).toBe(403)
  })
})

describe('templates and refusals', () => {
  it('refuses a template with an unknown variable, previews, and sends the edited wording', async () => {
    const admin = await signIn(pano, 'admin')
    const bad = await admin.send<{ error: { details: { issues: { path: string; message: string }[] } } }>(
      'PUT',
      '/message-templates/TICKET_RECEIVED/SMS',
      { body: 'Başvurunuz {{ticketNumber}} alındı, {{tcKimlik}}' },
    )
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('Bilinmeyen değişken: {{tcKimlik}}')
    const preview = await admin.send<{ body: string }>('POST', '/message-templates/preview', {
      key: 'TICKET_RECEIVED',
      channel: 'SMS',
      body: 'No: {{ticketNumber}}',
    })
    expect(preview.body.body).toBe('No: 2026-000123')
    const saved = await admin.send('PUT', '/message-templates/TICKET_RECEIVED/SMS', {
      body: 'Karşıyaka Belediyesi: {{ticketNumber}} numaralı başvurunuz alındı.',
    })
    expect(saved.status).toBe(200)
    const { ticket } = await citizenWithTicket(agent, {
      fullName: 'Hasan Koç',
      phones: ['0535 222 33 44'],
      preferredChannel: 'SMS',
    })
    await vi.waitFor(async () => expect((await ticketOf(ticket.id)).messages[0]?.status).toBe('SENT'))
    expect((await ticketOf(ticket.id)).messages[0]?.body).toBe(
      `Karşıyaka Belediyesi: ${ticket.number} numaralı başvurunuz alındı.`,
    )
  })

  it('refuses a preferred channel without a recipient, and writing without consent, before queueing', async () => {
    const landline = await agent.send<{ error: { code: string } }>('POST', '/citizens', {
      fullName: 'Sabit Hatlı',
      phones: [{ number: '0232 368 12 34' }],
      preferredChannel: 'SMS',
      messagingConsent: true,
    })
    expect(landline.status).toBe(400)
    expect(JSON.stringify(landline.body)).toContain('preferredChannel')

    const noConsent = await agent.send<{ citizen: { id: number } }>('POST', '/citizens', {
      fullName: 'Onaysız Kişi',
      email: 'onaysiz@example.test',
      preferredChannel: 'EMAIL',
    })
    const created = await agent.send<{ ticket: TicketDetail }>('POST', '/tickets', {
      type: 'ISTEK',
      channel: 'CAGRI_MERKEZI',
      subject: 'Çöp toplanmadı',
      description: 'Sokağımızda çöp iki gündür toplanmadı.',
      citizenId: noConsent.body.citizen.id,
    })
    expect(created.status).toBe(201)
    expect(created.body.ticket.messages).toEqual([])
    const admin = await signIn(pano, 'admin')
    const sent = (await admin.get<{ items: { ticket: { id: number } | null }[] }>('/messages')).body.items
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.some((m) => m.ticket?.id === created.body.ticket.id)).toBe(false)
  })
})
