/**
 * One loopback HTTP server speaking the documented request formats of Netgsm's REST v2 SMS API
 * (`/sms/rest/v2/send`, `/sms/rest/v2/report`, HTTP Basic) and the WhatsApp Cloud API
 * (`/{phone-number-id}/messages`, Bearer token), recording what it was sent. `signWebhook` builds the
 * `X-Hub-Signature-256` header Meta sends with status webhooks.
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  path: string
  authorization: string | undefined
  body: Record<string, unknown>
}

export interface FakeProviders {
  url: string
  netgsm: RecordedRequest[]
  whatsapp: RecordedRequest[]
  /** Netgsm's answer code for the next sends ('00' accepts). */
  netgsmCode: string
  /** Report status per job id (1 delivered, 0 waiting, 3 bad number …). */
  netgsmReport: Map<string, number>
  /** WhatsApp's next answer: null accepts, else a Graph API error. */
  whatsappError: { status: number; code: number; message: string } | null
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function signWebhook(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`
}

export async function startFakeProviders(credentials: {
  netgsmUser: string
  netgsmPassword: string
  whatsappToken: string
  phoneNumberId: string
}): Promise<FakeProviders> {
  let jobs = 0
  let wamids = 0
  const basic = `Basic ${Buffer.from(`${credentials.netgsmUser}:${credentials.netgsmPassword}`).toString('base64')}`
  const fake: Omit<FakeProviders, 'url' | 'close'> = {
    netgsm: [],
    whatsapp: [],
    netgsmCode: '00',
    netgsmReport: new Map(),
    whatsappError: null,
  }
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>
      const path = req.url ?? ''
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const recorded = { path, authorization: req.headers.authorization, body }
      if (path === '/sms/rest/v2/send') {
        fake.netgsm.push(recorded)
        if (req.headers.authorization !== basic)
          return reply(200, { code: '30', description: 'Geçersiz kullanıcı adı' })
        if (fake.netgsmCode !== '00')
          return reply(200, { code: fake.netgsmCode, description: 'Mesaj başlığı tanımlı değil' })
        jobs++
        return reply(200, { code: '00', description: 'queued', jobid: `1700${jobs}` })
      }
      if (path === '/sms/rest/v2/report') {
        fake.netgsm.push(recorded)
        const ids = (body['jobids'] as string[] | undefined) ?? []
        const found = ids.filter((id) => fake.netgsmReport.has(id))
        if (found.length === 0) return reply(200, { code: '60', description: 'Kayıt yok' })
        return reply(200, {
          code: '00',
          jobs: found.map((id) => ({
            jobid: id,
            number: '5321234567',
            status: fake.netgsmReport.get(id),
            operator: 30,
            msglen: 1,
          })),
        })
      }
      if (path === `/${credentials.phoneNumberId}/messages`) {
        fake.whatsapp.push(recorded)
        if (req.headers.authorization !== `Bearer ${credentials.whatsappToken}`)
          return reply(401, {
            error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
          })
        if (fake.whatsappError) {
          const e = fake.whatsappError
          return reply(e.status, { error: { message: e.message, type: 'OAuthException', code: e.code } })
        }
        wamids++
        const to = body['to'] as string
        return reply(200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id: `wamid.TEST${wamids}` }],
        })
      }
      reply(404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
