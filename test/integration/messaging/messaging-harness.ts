/**
 * Pano started as `npm start` would (startPano, port 0) with the demo users, and a signed-in client
 * for HTTP calls. Shared by the messaging tests.
 */
import { loadConfig } from '../../../server/config.ts'
import { startPano, type RunningPano, type StartOverrides } from '../../../server/main.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { sessionCookieFrom } from '../server/auth-harness.ts'

export interface Client {
  get<T>(path: string): Promise<{ status: number; body: T }>
  send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<{ status: number; body: T }>
  /** A GET whose answer is not JSON (a download): the response itself. */
  raw(path: string): Promise<Response>
}

export async function startMessagingPano(
  env: Record<string, string>,
  overrides: StartOverrides = {},
): Promise<RunningPano> {
  return startPano(loadConfig({ PORT: '0', SIMULATOR: 'off', ...env }), {
    logger: captureLogger().logger,
    seedDemo: true,
    clientDir: null,
    print: () => undefined,
    messaging: { pollIntervalMs: 200 },
    ...overrides,
  })
}

export async function signIn(pano: Pick<RunningPano, 'url'>, username: string): Promise<Client> {
  const login = await fetch(`${pano.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (login.status !== 204) throw new Error(`sign-in as ${username}: ${login.status}`)
  const cookie = sessionCookieFrom(login.headers.getSetCookie())
  const me = (await (await fetch(`${pano.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
  }
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${pano.url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T }
  }
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
    raw: (path) => fetch(`${pano.url}/api/v1${path}`, { headers: { cookie } }),
  }
}

/** A citizen who agreed to be written to on `channel`, and a ticket for them routed to the first unit. */
export async function citizenWithTicket(
  agent: Client,
  citizen: {
    fullName: string
    email?: string
    phones?: string[]
    preferredChannel: 'EMAIL' | 'SMS' | 'WHATSAPP'
  },
): Promise<{
  citizenId: number
  ticket: { id: number; number: string; messages: { id: number; status: string }[] }
}> {
  const created = await agent.send<{ citizen: { id: number } }>('POST', '/citizens', {
    fullName: citizen.fullName,
    ...(citizen.email ? { email: citizen.email } : {}),
    phones: (citizen.phones ?? []).map((number) => ({ number })),
    preferredChannel: citizen.preferredChannel,
    messagingConsent: true,
    kvkkNoticeGiven: true,
  })
  if (created.status !== 201) throw new Error(`citizen: ${created.status} ${JSON.stringify(created.body)}`)
  const ticket = await agent.send<{
    ticket: { id: number; number: string; messages: { id: number; status: string }[] }
  }>('POST', '/tickets', {
    type: 'ISTEK',
    channel: 'CAGRI_MERKEZI',
    subject: 'Sokak lambası yanmıyor',
    description: 'Menekşe Sokak 12 önündeki lamba üç gündür yanmıyor.',
    citizenId: created.body.citizen.id,
  })
  if (ticket.status !== 201) throw new Error(`ticket: ${ticket.status} ${JSON.stringify(ticket.body)}`)
  return { citizenId: created.body.citizen.id, ticket: ticket.body.ticket }
}
