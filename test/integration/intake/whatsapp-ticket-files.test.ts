/**
 * The files a citizen sent on WhatsApp under the Ekler of the ticket made from the conversation
 * (docs/intake.md §9), over real TCP on PostgreSQL with the loopback Cloud API of
 * test/fakes/fake-whatsapp-cloud.ts: signed webhooks, media fetched with the token, the conversation
 * turned into a ticket, `GET /api/v1/intake/tickets/:id/attachments` listing the files with their
 * download URL, and that URL giving the same bytes as a sandboxed download to whoever sees the ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketAttachmentView } from '../../../server/contract/intake.ts'
import type { UnitsResponse } from '../../../server/contract/tickets.ts'
import type { RunningPano } from '../../../server/main.ts'
import type { FakeWhatsappCloud } from '../../fakes/fake-whatsapp-cloud.ts'
import { sessionCookieFrom } from '../server/auth-harness.ts'
import type { TestDatabase } from '../../support/test-database.ts'
import { signIn, type Client } from '../messaging/messaging-harness.ts'
import {
  conversationOf as conversationSeenBy,
  PNG,
  receiveWhatsapp,
  startWhatsappPano,
  type WhatsappPano,
} from './whatsapp-harness.ts'

const PNG2 = Buffer.from('89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24', 'hex')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')
let wa: WhatsappPano
let db: TestDatabase
let cloud: FakeWhatsappCloud
let pano: RunningPano
let agent: Client
let fenUnitId: number
let seq = 0

beforeAll(async () => {
  wa = await startWhatsappPano()
  ;({ db, cloud, pano } = wa)
  agent = await signIn(pano, 'agent1')
  const { units } = (await agent.get<UnitsResponse>('/units')).body
  const fen = units.find((u) => u.name.includes('Fen'))
  if (fen === undefined) throw new Error('no Fen İşleri unit among the demo units')
  fenUnitId = fen.id
})
afterAll(() => wa.close())

/** A citizen's message, signed as Meta signs it. */
async function receive(from: string, message: Record<string, unknown>): Promise<void> {
  await receiveWhatsapp(pano, { from, name: 'Ayşe T.' }, `wamid.FILES${++seq}`, message)
}

const conversationOf = (phone: string) => conversationSeenBy(agent, phone)

async function toTicket(conversationId: number, subject: string, unitId: number | null): Promise<number> {
  const made = await agent.send<{ ticketId: number }>(
    'POST',
    `/whatsapp/conversations/${conversationId}/ticket`,
    {
      type: 'SIKAYET',
      subject,
      unitId,
    },
  )
  expect(made.status).toBe(201)
  return made.body.ticketId
}

const cookies = new Map<string, string>()
async function cookieOf(username: string): Promise<string> {
  const known = cookies.get(username)
  if (known !== undefined) return known
  const login = await fetch(`${pano.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  const cookie = sessionCookieFrom(login.headers.getSetCookie())
  cookies.set(username, cookie)
  return cookie
}

/** GET of a path as `username` (the session cookie only, as a browser's link would send it). */
async function getAs(username: string, path: string): Promise<Response> {
  return fetch(`${pano.url}${path}`, { headers: { cookie: await cookieOf(username) } })
}

async function ekler(username: string, ticketId: number): Promise<TicketAttachmentView[]> {
  const res = await getAs(username, `/api/v1/intake/tickets/${ticketId}/attachments`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: TicketAttachmentView[] }).items
}

describe('WhatsApp files under the Ekler of the ticket made from the conversation', () => {
  let ticketId = 0
  let conversationId = 0

  it('lists the photo and the PDF the citizen sent, and not the file refused for its type', async () => {
    cloud.media.set('files-photo', { bytes: PNG, mimeType: 'image/png' })
    cloud.media.set('files-pdf', { bytes: PDF, mimeType: 'application/pdf' })
    cloud.media.set('files-html', { bytes: Buffer.from('<script>alert(1)</script>'), mimeType: 'image/jpeg' })
    await receive('905331110001', { type: 'image', image: { id: 'files-photo', caption: 'Kaldırım çökmüş' } })
    await receive('905331110001', {
      type: 'document',
      document: { id: 'files-pdf', filename: 'dilekce.pdf', caption: 'Dilekçem ekte' },
    })
    await receive('905331110001', { type: 'image', image: { id: 'files-html' } })
    await pano.whatsapp.idle()
    const c = await conversationOf('+905331110001')
    conversationId = c.id
    const [photo, pdf, refused] = c.messages
    expect(refused?.mediaProblem).toContain('JPEG, PNG veya PDF değil')

    ticketId = await toTicket(c.id, 'Çökmüş kaldırım', fenUnitId)
    const files = await ekler('agent1', ticketId)
    expect(files).toEqual([
      {
        id: photo?.id,
        source: 'whatsapp',
        filename: `whatsapp-${photo?.id}.png`,
        contentType: 'image/png',
        size: PNG.length,
        url: `/api/v1/whatsapp/media/${photo?.id}`,
      },
      {
        id: pdf?.id,
        source: 'whatsapp',
        filename: 'dilekce.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        url: `/api/v1/whatsapp/media/${pdf?.id}`,
      },
    ])
  })

  it('gives the same bytes through the listed URL as a sandboxed download, and audits it', async () => {
    const [photo, pdf] = await ekler('agent1', ticketId)
    for (const [file, bytes] of [
      [photo, PNG],
      [pdf, PDF],
    ] as const) {
      const res = await getAs('agent1', file?.url ?? '')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(file?.contentType)
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toContain('sandbox')
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    }
    const audited = await db.prisma.auditLog.findMany({
      where: { action: 'whatsapp.media', entity: 'WhatsappConversation', entityId: String(conversationId) },
    })
    expect(audited.map((a) => (a.detail as { messageId: number }).messageId).sort()).toEqual(
      [photo?.id, pdf?.id].sort(),
    )
  })

  it("shows them to the unit the ticket was routed to, as that unit's intake files, and to no other unit", async () => {
    const files = await ekler('fen', ticketId)
    expect(files.map((f) => f.filename)).toEqual([expect.stringMatching(/\.png$/), 'dilekce.pdf'])
    const res = await getAs('fen', files[0]?.url ?? '')
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true)

    expect((await getAs('zabita', `/api/v1/intake/tickets/${ticketId}/attachments`)).status).toBe(403)
    expect((await getAs('zabita', files[0]?.url ?? '')).status).toBe(403)
    expect((await fetch(`${pano.url}${files[0]?.url ?? ''}`)).status).toBe(401)
  })

  it('gives a later ticket from the same number only the files sent for it, and keeps them from the first unit', async () => {
    cloud.media.set('files-later', { bytes: PNG2, mimeType: 'image/png' })
    await receive('905331110001', {
      type: 'image',
      image: { id: 'files-later', caption: 'Bir de ağaç devrildi' },
    })
    await pano.whatsapp.idle()
    const later = await toTicket(conversationId, 'Devrilen ağaç', null)
    const files = await ekler('agent1', later)
    expect(files.map((f) => f.size)).toEqual([PNG2.length])
    expect((await ekler('agent1', ticketId)).map((f) => f.filename)).toHaveLength(2)
    const res = await getAs('agent1', files[0]?.url ?? '')
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG2)).toBe(true)
    // Fen sees the first ticket, not this one: its photo is closed to them.
    expect((await getAs('fen', files[0]?.url ?? '')).status).toBe(403)
  })

  it('lists a file WhatsApp could not give yet once a later sweep has fetched it', async () => {
    cloud.media.set('files-slow', { bytes: PNG, mimeType: 'image/png' })
    cloud.failOnce.add('files-slow')
    await receive('905331110002', { type: 'image', image: { id: 'files-slow' } })
    await pano.whatsapp.idle()
    const c = await conversationOf('+905331110002')
    expect(c.messages[0]?.mediaProblem).toContain('yeniden denenecek')
    const id = await toTicket(c.id, 'Fotoğraflı başvuru', null)
    expect(await ekler('agent1', id)).toEqual([])
    await pano.whatsapp.fetchPendingMedia()
    expect((await ekler('agent1', id)).map((f) => f.contentType)).toEqual(['image/png'])
  })
})
