/**
 * A loopback HTTP server speaking the parts of the WhatsApp Cloud API (Graph API) a conversation uses,
 * as Meta documents them: `GET /{media-id}` (Bearer token) answers the file's short-lived URL, type and
 * size, `GET <that url>` (Bearer token) the bytes, `POST /{phone-number-id}/messages` takes a reply and
 * answers its wamid. `inboundWebhook` builds the body Meta posts for a citizen's message, and `sign` its
 * `X-Hub-Signature-256`.
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeMedia {
  bytes: Buffer
  mimeType: string
  /** What `file_size` says (default: the real size), to test a size refused before the download. */
  declaredSize?: number
}

export interface FakeWhatsappCloud {
  url: string
  media: Map<string, FakeMedia>
  /** Media ids whose next info request fails with HTTP 500 (then work). */
  failOnce: Set<string>
  sent: { authorization: string | undefined; body: Record<string, unknown> }[]
  /** Requests for media, with the Authorization header they carried. */
  mediaRequests: { path: string; authorization: string | undefined }[]
  close(): Promise<void>
}

export function sign(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`
}

/** One citizen message in the webhook format (`entry[].changes[].value.messages[]`). */
export function inboundWebhook(from: string, name: string, message: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '905301251355', phone_number_id: '1234567890' },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, ...message }],
            },
          },
        ],
      },
    ],
  })
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export async function startFakeWhatsappCloud(credentials: {
  token: string
  phoneNumberId: string
}): Promise<FakeWhatsappCloud> {
  let wamids = 0
  const bearer = `Bearer ${credentials.token}`
  const state = {
    media: new Map<string, FakeMedia>(),
    failOnce: new Set<string>(),
    sent: [] as FakeWhatsappCloud['sent'],
    mediaRequests: [] as FakeWhatsappCloud['mediaRequests'],
  }
  let base = ''
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const path = (req.url ?? '').split('?')[0] ?? ''
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const auth = req.headers.authorization
      if (auth !== bearer)
        return json(401, {
          error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
        })
      if (req.method === 'POST' && path === `/${credentials.phoneNumberId}/messages`) {
        const body = JSON.parse(text) as Record<string, unknown>
        state.sent.push({ authorization: auth, body })
        wamids++
        return json(200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: body['to'], wa_id: body['to'] }],
          messages: [{ id: `wamid.REPLY${wamids}` }],
        })
      }
      if (req.method === 'GET' && path.startsWith('/files/')) {
        state.mediaRequests.push({ path, authorization: auth })
        const m = state.media.get(decodeURIComponent(path.slice('/files/'.length)))
        if (m === undefined) return json(404, { error: { message: 'not found', code: 100 } })
        res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.bytes.length) })
        return res.end(m.bytes)
      }
      if (req.method === 'GET') {
        const id = decodeURIComponent(path.slice(1))
        state.mediaRequests.push({ path, authorization: auth })
        if (state.failOnce.delete(id))
          return json(500, { error: { message: 'Service unavailable', code: 2 } })
        const m = state.media.get(id)
        if (m === undefined) return json(404, { error: { message: 'Unsupported get request', code: 100 } })
        return json(200, {
          messaging_product: 'whatsapp',
          url: `${base}/files/${encodeURIComponent(id)}`,
          mime_type: m.mimeType,
          sha256: 'x',
          file_size: m.declaredSize ?? m.bytes.length,
          id,
        })
      }
      json(404, { error: { message: 'not found' } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return Object.assign(state, {
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
