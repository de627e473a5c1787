import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket as ClientSocket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueKioskToken } from '../../../server/auth/kiosk-tokens.ts'
import type { Principal } from '../../../server/auth/principal.ts'
import { createHostPolicy } from '../../../server/http/host-policy.ts'
import { createRealtime, type Realtime } from '../../../server/realtime/io.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

let h: AuthHarness
let server: HttpServer
let realtime: Realtime
let url: string
const seen: Principal[] = []

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  server = createServer(h.app)
  realtime = createRealtime(server, {
    prisma: h.prisma,
    sessions: h.stores.sessions,
    logger: captureLogger().logger,
    hosts: createHostPolicy({ host: '127.0.0.1', allowedHosts: ['pano.example.test'] }),
  })
  realtime.io.on('connection', (socket) => seen.push(socket.data.principal))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await realtime.close()
  await new Promise((resolve) => server.close(resolve))
  await h.close()
})

/** Resolves 'connected' or the refusal code of the handshake. */
function handshake(options: {
  cookie?: string
  token?: string
  origin?: string
  host?: string
}): Promise<string> {
  const headers: Record<string, string> = {}
  if (options.cookie) headers['cookie'] = options.cookie
  if (options.origin) headers['origin'] = options.origin
  if (options.host) headers['host'] = options.host
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
    auth: options.token ? { token: options.token } : {},
  })
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.disconnect()
      resolve('connected')
    })
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.disconnect()
      resolve(err.data?.code ?? err.message)
    })
  })
}

describe('socket.io handshake guard', () => {
  it('accepts a browser with a live session cookie as that user', async () => {
    const { cookie } = await h.signIn('agent')
    expect(await handshake({ cookie, origin: url })).toBe('connected')
    expect(seen.at(-1)).toMatchObject({ kind: 'user', userId: h.users.agent.id, role: 'agent' })
  })

  it('refuses a handshake without credentials or with a dead session', async () => {
    expect(await handshake({})).toBe('unauthorized')
    const { cookie, csrfToken } = await h.signIn('operator')
    await h.stores.sessions.destroy(cookie.split('=')[1] ?? '')
    expect(csrfToken).not.toBe('')
    expect(await handshake({ cookie })).toBe('unauthorized')
  })

  it('accepts a TV kiosk token as a kiosk principal without personal data rights, and refuses revoked ones', async () => {
    const { id, token } = await issueKioskToken(h.prisma, {
      label: 'Çağrı merkezi TV',
      boards: ['queues'],
      createdById: h.users.admin.id,
    })
    expect(await handshake({ token })).toBe('connected')
    expect(seen.at(-1)).toEqual({
      kind: 'kiosk',
      kioskTokenId: id,
      label: 'Çağrı merkezi TV',
      boards: ['queues'],
    })
    await h.prisma.kioskToken.update({ where: { id }, data: { revokedAt: new Date() } })
    expect(await handshake({ token })).toBe('unauthorized')
    expect(await handshake({ token: 'x'.repeat(43) })).toBe('unauthorized')
  })

  it('refuses a handshake from another origin even with a valid cookie', async () => {
    const { cookie } = await h.signIn('supervisor')
    expect(await handshake({ cookie, origin: 'https://evil.example' })).toBe('forbidden_origin')
  })

  it('refuses a handshake for a foreign host name (DNS rebinding), even with a valid cookie and same origin', async () => {
    const { cookie } = await h.signIn('supervisor')
    const port = new URL(url).port
    const evil = `evil.example:${port}`
    const refused = await handshake({ cookie, host: evil, origin: `http://${evil}` })
    expect(refused).not.toBe('connected')
    const ours = `pano.example.test:${port}`
    expect(await handshake({ cookie, host: ours, origin: `http://${ours}` })).toBe('connected')
    // The first request of a polling connection, as engine.io answers it.
    const poll = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${url}/socket.io/?EIO=4&transport=polling`,
          { headers: { host, cookie } },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end()
      })
    expect(await poll(evil)).toBe(403)
    expect(await poll(ours)).toBe(200)
  })

  it('counts connected sockets for /health', async () => {
    const { cookie } = await h.signIn('admin')
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
    await new Promise<void>((resolve) => socket.on('connect', resolve))
    expect(realtime.connectedSockets()).toBeGreaterThanOrEqual(1)
    socket.disconnect()
  })
})
