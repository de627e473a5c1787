/**
 * Behind the reverse proxy (TRUST_PROXY=loopback, docs/operations.md) a socket's own peer is the proxy:
 * the access log must record the browser's address for a socket read, as it does for HTTP, and the limit
 * on refused handshakes must count per browser, so one client with bad keys cannot shut out the rest.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HANDSHAKE_FAILURES_PER_MINUTE } from '../../../server/realtime/auth-guard.ts'
import { startLivePano, type LivePano } from './live-harness.ts'

let live: LivePano
const opened: Socket[] = []

beforeAll(async () => {
  live = await startLivePano({ env: { TRUST_PROXY: 'loopback' } })
}, 60_000)
afterAll(async () => {
  for (const s of opened) s.disconnect()
  await live.close()
})

/** A handshake as the proxy forwards it: 'connected' (the socket stays open) or the refusal code. */
function handshake(forwardedFor: string, auth: { cookie?: string; token?: string }) {
  const headers: Record<string, string> = { 'x-forwarded-for': forwardedFor }
  if (auth.cookie) headers['cookie'] = auth.cookie
  const socket = connect(live.pano.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  })
  opened.push(socket)
  return new Promise<{ result: string; socket: Socket }>((resolve) => {
    socket.once('connect', () => resolve({ result: 'connected', socket }))
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) =>
      resolve({ result: err.data?.code ?? err.message, socket }),
    )
  })
}

const badKey = (i: number) => `bogus-tv-key-${String(i).padStart(8, '0')}`

describe('a socket behind the proxy is known by the browser address', () => {
  it('records the forwarded address when the müdür opens the live calls', async () => {
    const cookie = await live.cookieFor('mudur')
    const { result, socket } = await handshake('198.51.100.23', { cookie })
    expect(result).toBe('connected')
    const answer = (await socket.emitWithAck('view:subscribe', { view: 'calls' })) as { ok: boolean }
    expect(answer.ok).toBe(true)
    // The snapshot is answered after its access-log row is written (server/realtime/io.ts).
    const stored = await live.pano.prisma.auditLog.findFirst({
      where: { entity: 'CallList', entityId: 'live' },
      orderBy: { id: 'desc' },
    })
    expect(stored?.ip).toBe('198.51.100.23')
  })

  it('stops reading keys from one address after its refusals, and only that address', async () => {
    for (let i = 0; i < HANDSHAKE_FAILURES_PER_MINUTE; i++) {
      expect((await handshake('203.0.113.7', { token: badKey(i) })).result).toBe('unauthorized')
    }
    expect((await handshake('203.0.113.7', { token: badKey(999) })).result).toBe('too_many_attempts')
    // The lock is the address's for the rest of the minute, whatever it presents.
    const { token } = await live.kioskToken(['queues'])
    expect((await handshake('203.0.113.7', { token })).result).toBe('too_many_attempts')
    // Another browser behind the same proxy is not shut out.
    expect((await handshake('203.0.113.8', { token })).result).toBe('connected')
    const cookie = await live.cookieFor('agent1')
    expect((await handshake('203.0.113.9', { cookie })).result).toBe('connected')
  })
})
