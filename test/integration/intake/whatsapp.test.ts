/**
 * Talepler › WhatsApp over real TCP on PostgreSQL (docs/intake.md §9): a loopback server speaking the
 * WhatsApp Cloud API (fake-whatsapp-cloud.ts) sends signed and forged webhooks to Pano and serves the
 * Graph API's media and messages endpoints. Messages are stored once, files fetched with the token and
 * checked, claims keep a second agent off, replies honour the 24-hour window, and a conversation becomes
 * a WHATSAPP ticket for the citizen with that number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketDetail } from '../../../server/contract/tickets.ts'
import type {
  WhatsappConversationDetail,
  WhatsappConversationPage,
  WhatsappStatusView,
} from '../../../server/contract/whatsapp.ts'
import type { RunningPano } from '../../../server/main.ts'
import { inboundWebhook, sign, type FakeWhatsappCloud } from '../../fakes/fake-whatsapp-cloud.ts'
import type { TestDatabase } from '../../support/test-database.ts'
import { signIn, type Client } from '../messaging/messaging-harness.ts'
import {
  APP_SECRET,
  conversationOf as conversationSeenBy,
  PNG,
  postWebhook,
  receiveWhatsapp,
  startWhatsappPano,
  type WhatsappPano,
} from './whatsapp-harness.ts'

let wa: WhatsappPano
let db: TestDatabase
let cloud: FakeWhatsappCloud
let pano: RunningPano
let agent: Client
let colleague: Client
let seq = 0

beforeAll(async () => {
  wa = await startWhatsappPano({ WHATSAPP_REPLY_TEMPLATE: 'pano_yanit_bekliyoruz' })
  ;({ db, cloud, pano } = wa)
  agent = await signIn(pano, 'agent1')
  colleague = await signIn(pano, 'agent2')
})
afterAll(() => wa.close())

const post = (body: string, signature?: string) => postWebhook(pano, body, signature)

/** A citizen's message, signed as Meta signs it; `ageSec` back-dates its timestamp. */
const receive = (from: string, message: Record<string, unknown>, ageSec = 0): Promise<string> =>
  receiveWhatsapp(pano, { from, name: 'Zeynep K.' }, `wamid.IN${++seq}`, message, ageSec)

const conversationOf = (phone: string) => conversationSeenBy(agent, phone)

describe('the webhook', () => {
  it('stores a signed text once, shows it unread and waiting, and audits who opened it', async () => {
    const body = await receive('905321110001', { type: 'text', text: { body: 'Sokak lambası yanmıyor.' } })
    // WhatsApp delivering the same webhook again stores nothing new.
    expect((await post(body, sign(body, APP_SECRET))).status).toBe(200)
    const page = (await agent.get<WhatsappConversationPage>('/whatsapp/conversations?filter=waiting')).body
    const item = page.items.find((c) => c.phone === '+905321110001')
    expect(item).toMatchObject({ unread: 1, profileName: 'Zeynep K.', lastText: 'Sokak lambası yanmıyor.' })
    expect(item?.waitingSince).not.toBeNull()
    expect(page.waiting).toBeGreaterThanOrEqual(1)

    const detail = await conversationOf('+905321110001')
    expect(detail.messages.map((m) => m.text)).toEqual(['Sokak lambası yanmıyor.'])
    expect(detail.unread).toBe(0)
    const reads = await db.prisma.auditLog.count({
      where: { action: 'whatsapp.read', entity: 'WhatsappConversation', entityId: String(detail.id) },
    })
    expect(reads).toBeGreaterThanOrEqual(1)
  })

  it('refuses forged and unsigned webhooks with the reason, stores nothing, and counts them', async () => {
    const body = inboundWebhook('905321110002', 'Sahte', {
      id: 'wamid.FORGED',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body: 'sahte ileti' },
    })
    const forged = await post(body, sign(body, 'baska-bir-anahtar'))
    expect(forged.status).toBe(401)
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('bad_signature')
    const unsigned = await post(body)
    expect(unsigned.status).toBe(401)
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('signature_missing')
    const page = (await agent.get<WhatsappConversationPage>('/whatsapp/conversations')).body
    expect(page.items.some((c) => c.phone === '+905321110002')).toBe(false)
    const status = (await (await signIn(pano, 'mudur')).get<WhatsappStatusView>('/whatsapp/status')).body
    expect(status.state).toBe('configured')
    expect(status.counts.forged).toBeGreaterThanOrEqual(2)
  })

  it('keeps the readable messages of a call with an unreadable one, and refuses a body that is no webhook', async () => {
    const before = (await (await signIn(pano, 'mudur')).get<WhatsappStatusView>('/whatsapp/status')).body
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                contacts: [{ profile: { name: 'Deniz' }, wa_id: '905321110010' }],
                messages: [
                  { from: '905321110010', type: 'text', text: { body: 'kimliksiz' } },
                  {
                    from: '905321110010',
                    id: 'wamid.KEEP',
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: 'text',
                    text: { body: 'Su\u0000 kesintisi var' },
                  },
                ],
              },
            },
          ],
        },
      ],
    })
    expect((await post(body, sign(body, APP_SECRET))).status).toBe(200)
    expect((await conversationOf('+905321110010')).messages.map((m) => m.text)).toEqual(['Su kesintisi var'])
    const after = (await (await signIn(pano, 'mudur')).get<WhatsappStatusView>('/whatsapp/status')).body
    expect(after.counts.malformed).toBe(before.counts.malformed + 1)

    const notWebhook = JSON.stringify({ hello: 'world' })
    const refused = await post(notWebhook, sign(notWebhook, APP_SECRET))
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_whatsapp')
    const last = (await (await signIn(pano, 'mudur')).get<WhatsappStatusView>('/whatsapp/status')).body
    expect(last.counts.malformed).toBe(before.counts.malformed + 2)
  })
})

describe('files', () => {
  it('fetches a photo with the token and serves it to staff only as a sandboxed download', async () => {
    cloud.media.set('media-png', { bytes: PNG, mimeType: 'image/png' })
    await receive('905321110003', { type: 'image', image: { id: 'media-png', caption: 'Çukur burada' } })
    await pano.whatsapp.idle()
    const detail = await conversationOf('+905321110003')
    const photo = detail.messages[0]
    expect(photo).toMatchObject({ kind: 'image', text: 'Çukur burada', mediaProblem: null })
    expect(photo?.media).toMatchObject({ contentType: 'image/png', size: PNG.length })
    expect(cloud.mediaRequests.every((r) => r.authorization === 'Bearer EAAwa')).toBe(true)

    const res = await fetch(`${pano.url}/api/v1/whatsapp/media/${photo?.id}`, {
      headers: { cookie: await cookieOf('agent1') },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true)
    const unit = await fetch(`${pano.url}/api/v1/whatsapp/media/${photo?.id}`, {
      headers: { cookie: await cookieOf('fen') },
    })
    expect(unit.status).toBe(403)
    expect((await fetch(`${pano.url}/api/v1/whatsapp/media/${photo?.id}`)).status).toBe(401)
  })

  it('stores a file’s name without the invisible characters it came with, keeping the PDF extension', async () => {
    cloud.media.set('media-rlm', { bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), mimeType: 'application/pdf' })
    await receive('905321110016', {
      type: 'document',
      document: { id: 'media-rlm', filename: 'ra\u200Fpor\u2060\u200B.exe' },
    })
    await pano.whatsapp.idle()
    const [file] = (await conversationOf('+905321110016')).messages
    expect(file?.media).toMatchObject({ filename: 'rapor.pdf', contentType: 'application/pdf' })
  })

  it('refuses a file too large or of the wrong type with the reason, keeping the message', async () => {
    cloud.media.set('media-big', { bytes: PNG, mimeType: 'application/pdf', declaredSize: 40 * 1024 * 1024 })
    cloud.media.set('media-html', { bytes: Buffer.from('<script>alert(1)</script>'), mimeType: 'image/jpeg' })
    await receive('905321110004', {
      type: 'document',
      document: { id: 'media-big', filename: 'rapor.pdf', caption: 'Tutanak' },
    })
    await receive('905321110004', { type: 'image', image: { id: 'media-html' } })
    await pano.whatsapp.idle()
    const [big, html] = (await conversationOf('+905321110004')).messages
    expect(big).toMatchObject({ text: 'Tutanak', media: null })
    expect(big?.mediaProblem).toContain('Dosya çok büyük')
    expect(html?.media).toBeNull()
    expect(html?.mediaProblem).toContain('JPEG, PNG veya PDF değil')
  })

  it('keeps a file WhatsApp could not give yet and fetches it on the next sweep', async () => {
    cloud.media.set('media-later', { bytes: PNG, mimeType: 'image/png' })
    cloud.failOnce.add('media-later')
    await receive('905321110005', { type: 'image', image: { id: 'media-later' } })
    await pano.whatsapp.idle()
    expect((await conversationOf('+905321110005')).messages[0]?.mediaProblem).toContain('yeniden denenecek')
    await pano.whatsapp.fetchPendingMedia()
    expect((await conversationOf('+905321110005')).messages[0]?.media?.contentType).toBe('image/png')
  })
})

async function cookieOf(username: string): Promise<string> {
  const login = await fetch(`${pano.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

describe('answering', () => {
  it('lets one agent claim, reply in the window and follow its status; a colleague is told who has it', async () => {
    await receive('905321110006', {
      type: 'location',
      location: { latitude: 38.46, longitude: 27.11, name: 'Bostanlı' },
    })
    const c = await conversationOf('+905321110006')
    expect(c.messages[0]).toMatchObject({ kind: 'location', text: 'Bostanlı', location: { latitude: 38.46 } })
    expect((await agent.send('POST', `/whatsapp/conversations/${c.id}/claim`, {})).status).toBe(200)
    const other = await colleague.send<{ error: { message: string } }>(
      'POST',
      `/whatsapp/conversations/${c.id}/reply`,
      { text: 'Ben bakıyorum' },
    )
    expect(other.status).toBe(409)
    expect(other.body.error.message).toContain('üstlendi')
    // Nor may the colleague release it: told who has it, and it stays the agent's.
    const release = await colleague.send<{ error: { code: string; message: string } }>(
      'POST',
      `/whatsapp/conversations/${c.id}/release`,
      {},
    )
    expect(release.status).toBe(409)
    expect(release.body.error).toMatchObject({ code: 'conversation_claimed' })
    expect(release.body.error.message).toContain('üstlendi')
    expect((await conversationOf('+905321110006')).claimedBy).not.toBeNull()

    const replied = await agent.send<WhatsappConversationDetail>(
      'POST',
      `/whatsapp/conversations/${c.id}/reply`,
      {
        text: 'Ekibimiz yönlendirildi.',
      },
    )
    expect(replied.status).toBe(200)
    expect(cloud.sent.at(-1)?.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '905321110006',
      type: 'text',
      text: { body: 'Ekibimiz yönlendirildi.' },
    })
    const out = replied.body.messages.at(-1)
    expect(out).toMatchObject({ direction: 'OUT', status: 'SENT', text: 'Ekibimiz yönlendirildi.' })
    expect(out?.sentBy?.displayName).toBeTruthy()
    expect(replied.body.waitingSince).toBeNull()

    const wamid = (await db.prisma.whatsappMessage.findUniqueOrThrow({ where: { id: out?.id ?? 0 } })).wamid
    const status = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            { field: 'messages', value: { statuses: [{ id: wamid, status: 'read', timestamp: '1' }] } },
          ],
        },
      ],
    })
    expect((await post(status, sign(status, APP_SECRET))).status).toBe(200)
    expect((await conversationOf('+905321110006')).messages.at(-1)?.status).toBe('READ')
  })

  it('outside the 24-hour window refuses free text and sends the approved template', async () => {
    await receive('905321110007', { type: 'text', text: { body: 'Dün yazmıştım.' } }, 25 * 3600)
    const c = await conversationOf('+905321110007')
    const refused = await agent.send<{ error: { code: string } }>(
      'POST',
      `/whatsapp/conversations/${c.id}/reply`,
      {
        text: 'Merhaba',
      },
    )
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('window_closed')
    const template = await agent.send('POST', `/whatsapp/conversations/${c.id}/reply`, { template: true })
    expect(template.status).toBe(200)
    expect(cloud.sent.at(-1)?.body).toMatchObject({
      type: 'template',
      template: { name: 'pano_yanit_bekliyoruz', language: { code: 'tr' } },
    })
  })

  it('turns a conversation into a WHATSAPP ticket for the citizen with that number, on the legal clock', async () => {
    const citizen = await agent.send<{ citizen: { id: number } }>('POST', '/citizens', {
      fullName: 'Kemal Öztürk',
      phones: [{ number: '0532 111 00 08' }],
    })
    await receive('905321110008', { type: 'text', text: { body: 'Parkta bank kırık.' } })
    const c = await conversationOf('+905321110008')
    expect(c.matches).toEqual([{ id: citizen.body.citizen.id, fullName: 'Kemal Öztürk' }])
    const made = await agent.send<{ ticketNumber: string; ticketId: number }>(
      'POST',
      `/whatsapp/conversations/${c.id}/ticket`,
      { type: 'SIKAYET', subject: 'Kırık bank', citizenId: citizen.body.citizen.id },
    )
    expect(made.status).toBe(201)
    const ticket = (await agent.get<TicketDetail>(`/tickets/${made.body.ticketId}`)).body
    expect(ticket).toMatchObject({ channel: 'WHATSAPP', type: 'SIKAYET', subject: 'Kırık bank' })
    expect(ticket.description).toContain('Parkta bank kırık.')
    expect(ticket.citizen?.id).toBe(citizen.body.citizen.id)
    expect(ticket.dueAt).toEqual(expect.any(String))
    const after = await conversationOf('+905321110008')
    expect(after.ticket?.number).toBe(made.body.ticketNumber)
    expect(after.waitingSince).toBeNull()

    // The data subject's export lists the conversation; erasure on request takes it out (docs/kvkk.md).
    const officer = await signIn(pano, 'kvkk')
    const exported = await officer.get<{ messages: { direction: string; text: string }[] }>(
      `/kvkk/citizens/${citizen.body.citizen.id}/export`,
    )
    expect(exported.body.messages).toEqual([
      expect.objectContaining({ direction: 'Vatandaştan', text: 'Parkta bank kırık.' }),
    ])
    const erased = await officer.send<{ done: { whatsappConversationsDeleted: number } }>(
      'POST',
      `/kvkk/citizens/${citizen.body.citizen.id}/erase`,
      { reason: 'KVKK başvurusu 05.12.2026 tarih ve 42 sayılı' },
    )
    expect(erased.status).toBe(200)
    expect(erased.body.done.whatsappConversationsDeleted).toBe(1)
    const gone = await agent.get<{ error: { code: string } }>(`/whatsapp/conversations/${c.id}`)
    expect(gone.status).toBe(404)
  })

  it('makes a new citizen from the sender with the ticket, and nothing when the ticket is refused', async () => {
    await receive('905321110009', { type: 'text', text: { body: 'Sokak lambası yanmıyor.' } })
    const c = await conversationOf('+905321110009')
    const records = () =>
      pano.prisma.citizen.count({ where: { phones: { some: { e164: '+905321110009' } } } })
    const refused = await agent.send('POST', `/whatsapp/conversations/${c.id}/ticket`, {
      type: 'ISTEK',
      subject: 'Lamba',
      unitId: 2_000_000,
      newCitizen: { fullName: 'Selin Kaya' },
    })
    expect(refused.status).toBe(400)
    expect(await records()).toBe(0)

    const made = await agent.send<{ ticketId: number }>('POST', `/whatsapp/conversations/${c.id}/ticket`, {
      type: 'ISTEK',
      subject: 'Lamba',
      newCitizen: { fullName: 'Selin Kaya' },
    })
    expect(made.status).toBe(201)
    expect(await records()).toBe(1)
    const ticket = (await agent.get<TicketDetail>(`/tickets/${made.body.ticketId}`)).body
    expect(ticket.citizen).toMatchObject({ fullName: 'Selin Kaya' })
  })

  it('has no demo test message outside demo mode', async () => {
    const admin = await signIn(pano, 'admin')
    const res = await admin.send('POST', '/whatsapp/demo/inbound', { phone: '0532 111 00 09', text: 'x' })
    expect(res.status).toBe(404)
  })
})
