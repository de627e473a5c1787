/**
 * The one socket.io handshake guard (docs/design.md §2.4, §2.8). A browser proves itself with the session cookie
 * (the same session as HTTP); a TV wallboard with `auth: { token }` checked against the KioskToken hashes,
 * which yields a 'kiosk' principal with aggregate boards only. Anything else is refused before connect.
 * Cross-origin handshakes are refused too, so another site cannot ride on a signed-in browser.
 *
 * Each refused credential cost a database read, so one address could keep the database busy with
 * random cookies or TV keys: after HANDSHAKE_FAILURES_PER_MINUTE refusals an address is refused for the
 * rest of the minute before anything is read. The address is the client's, read through TRUST_PROXY as
 * HTTP requests are (server/http/client-address.ts), so behind the proxy one client cannot lock out all.
 */
import type { IncomingMessage } from 'node:http'
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Socket } from 'socket.io'
import type { PrismaClient } from '../db/generated/client.ts'
import { principalForSessionToken } from '../auth/authenticate.ts'
import { resolveKioskToken } from '../auth/kiosk-tokens.ts'
import type { Principal } from '../auth/principal.ts'
import { readSessionCookie } from '../auth/session-cookie.ts'
import type { SessionStore } from '../auth/session-store.ts'
import type { Logger } from '../logger.ts'

export interface HandshakeGuardDeps {
  prisma: PrismaClient
  sessions: SessionStore
  logger: Logger
  /** The client's address (TRUST_PROXY applied); default the socket's own peer. */
  clientAddress?: (request: IncomingMessage) => string
  /**
   * Where refused handshakes are counted: in Redis when configured (server/auth/auth-stores.ts), so an
   * address has HANDSHAKE_FAILURES_PER_MINUTE a minute across all nodes, not that many on each.
   * Default: this process only.
   */
  handshakeFailures?: RateLimiterAbstract
}

/** The counter of refused handshakes when no shared one is given: this process's memory. */
export function createMemoryHandshakeFailures(): RateLimiterAbstract {
  return new RateLimiterMemory(HANDSHAKE_FAILURE_LIMIT)
}

/** Points and window of the refused-handshake counter, for whichever store holds it. */
export const HANDSHAKE_FAILURE_LIMIT = { keyPrefix: 'socket-handshake', points: 60, duration: 60 } as const

/** What every connected socket carries in `socket.data`. */
export interface SocketPrincipalData {
  principal: Principal
  /** The client's address, as the access log records it. */
  address: string
}

/** The client's address of a socket that passed the guard (its peer's, for one made without it). */
export function socketAddress(socket: { data: unknown; handshake: { address: string } }): string {
  return (socket.data as Partial<SocketPrincipalData>).address ?? socket.handshake.address
}

/** Refused handshakes one address may make in a minute (on all nodes together when Redis is set). */
export const HANDSHAKE_FAILURES_PER_MINUTE: number = HANDSHAKE_FAILURE_LIMIT.points

export class HandshakeRefused extends Error {
  readonly data: { code: 'unauthorized' | 'forbidden_origin' | 'unavailable' | 'too_many_attempts' }
  constructor(code: HandshakeRefused['data']['code'], message: string) {
    super(message)
    this.name = 'HandshakeRefused'
    this.data = { code }
  }
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true // not a browser (server-side client, test, kiosk box)
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

/** Resolves the principal of a handshake, or throws HandshakeRefused. */
export async function authenticateHandshake(
  deps: Omit<HandshakeGuardDeps, 'logger'>,
  handshake: { headers: Record<string, string | string[] | undefined>; auth: Record<string, unknown> },
): Promise<Principal> {
  const origin = handshake.headers['origin']
  const host = handshake.headers['host']
  if (
    !sameOrigin(typeof origin === 'string' ? origin : undefined, typeof host === 'string' ? host : undefined)
  ) {
    throw new HandshakeRefused('forbidden_origin', 'Bu adresten bağlantı kabul edilmiyor.')
  }
  const cookie = handshake.headers['cookie']
  const sessionToken = readSessionCookie(typeof cookie === 'string' ? cookie : undefined)
  if (sessionToken !== null) {
    const found = await principalForSessionToken(deps, sessionToken)
    if (found) return found.principal
  }
  const kioskToken = handshake.auth['token']
  if (typeof kioskToken === 'string' && kioskToken.length >= 16 && kioskToken.length <= 200) {
    const kiosk = await resolveKioskToken(deps.prisma, kioskToken)
    if (kiosk) return kiosk
  }
  throw new HandshakeRefused('unauthorized', 'Oturum açmanız gerekiyor.')
}

/** socket.io middleware: `io.use(createHandshakeGuard(deps))`. Sets `socket.data.principal`. */
export function createHandshakeGuard(
  deps: HandshakeGuardDeps,
): (socket: Socket, next: (err?: Error) => void) => void {
  const log = deps.logger.child({ module: 'realtime-auth' })
  const addressOf = deps.clientAddress ?? ((request) => request.socket.remoteAddress ?? 'unknown')
  const failures = deps.handshakeFailures ?? createMemoryHandshakeFailures()
  const refuseSpent = async (address: string): Promise<void> => {
    const spent = await failures.get(address)
    if (spent !== null && spent.consumedPoints >= HANDSHAKE_FAILURES_PER_MINUTE) {
      throw new HandshakeRefused(
        'too_many_attempts',
        'Bu adresten çok sayıda geçersiz bağlantı denendi; biraz sonra yeniden denenecek.',
      )
    }
  }
  return (socket, next) => {
    const address = addressOf(socket.request)
    refuseSpent(address)
      .then(() => authenticateHandshake(deps, socket.handshake))
      .then(
        (principal) => {
          const data = socket.data as SocketPrincipalData
          data.principal = principal
          data.address = address
          next()
        },
        (err: unknown) => {
          if (err instanceof HandshakeRefused) {
            if (err.data.code === 'unauthorized') failures.penalty(address).catch(() => undefined)
            log.debug({ code: err.data.code, address }, 'socket handshake refused')
            next(err)
            return
          }
          log.error({ err }, 'socket handshake failed')
          next(new HandshakeRefused('unavailable', 'Bağlantı şu anda kurulamıyor.'))
        },
      )
  }
}
