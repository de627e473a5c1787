/**
 * A socket holds only while the credentials it connected with hold (docs/design.md §2.8, ADR 008):
 *
 * - every event a socket sends (`view:subscribe`, `switchboard:sync`, `desk:sync`, …) is let through only
 *   after its credentials are read again (at most once a second): the session still live, the user
 *   still active with the same role and unit, no forced password change pending; a kiosk token not
 *   revoked. Otherwise the event is answered `unauthorized` and the socket is closed. An event nobody
 *   handles is answered `invalid_request` without that read, and a socket past the event rate (or with
 *   too many events waiting) is closed: one flooding client must not stall everyone's screens;
 * - right after connecting (a sign-out may have raced the handshake) and whenever its session would end
 *   (idle or absolute expiry), the session is read again WITHOUT marking it seen, so an open socket never
 *   keeps a session alive; a session that ended closes the socket;
 * - `sweep()` reads every local socket's session at once (server/compose/sessions-and-cluster.ts runs it
 *   with the hourly purge).
 *
 * Ends that someone causes (sign-out, password change, deactivation, role or unit change, a revoked TV
 * link) close the sockets at once on every node through rooms (io.ts disconnectSession, disconnectUser,
 * disconnectKiosk); this file covers the ends nobody announces.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible'
import type { Socket } from 'socket.io'
import type { PrismaClient } from '../db/generated/client.ts'
import { principalForSessionToken } from '../auth/authenticate.ts'
import { resolveKioskToken } from '../auth/kiosk-tokens.ts'
import type { Principal } from '../auth/principal.ts'
import { readSessionCookie } from '../auth/session-cookie.ts'
import type { SessionStore } from '../auth/session-store.ts'
import { ackRefusal as refusal } from './ack.ts'
import type { Logger } from '../logger.ts'
import type { SocketPrincipalData } from './auth-guard.ts'

export interface SessionWatchDeps {
  prisma: PrismaClient
  sessions: SessionStore
  logger: Logger
}

/** Timers never wait longer than this (setTimeout's limit is ~24 days; a session may live 30). */
const MAX_WAIT_MS = 60 * 60_000
/** A check that failed (database or Redis down) is tried again after this; the socket stays meanwhile. */
const RETRY_MS = 30_000
/**
 * Credentials read for one event also pass the events of the next second: a screen sends a handful at
 * a time (subscribes, syncs), and the ends someone causes close the socket at once anyway (io.ts).
 */
const RECHECK_MS = 1_000
/**
 * A screen sends a few events a minute; a client past these is flooding and is closed, so it cannot
 * keep the event loop (and with PGlite the database) from everyone else.
 */
export const SOCKET_EVENTS_PER_WINDOW = 100
const SOCKET_EVENT_WINDOW_S = 10
const MAX_PENDING_EVENTS = 50

type WatchedSocket = Pick<
  Socket,
  'handshake' | 'data' | 'connected' | 'disconnect' | 'on' | 'use' | 'id' | 'listenerCount'
>

export interface CurrentCredentials {
  principal: Principal
  /** Until the session ends unless seen again; null for kiosks (their tokens do not expire). */
  endsInMs: number | null
}

/** What the socket's credentials give now, or null when they no longer hold. */
export async function currentCredentials(
  deps: Pick<SessionWatchDeps, 'prisma' | 'sessions'>,
  socket: Pick<Socket, 'handshake' | 'data'>,
  touch: boolean,
): Promise<CurrentCredentials | null> {
  const held = (socket.data as Partial<SocketPrincipalData>).principal
  if (held === undefined) return null
  if (held.kind === 'kiosk') {
    const token: unknown = socket.handshake.auth['token']
    if (typeof token !== 'string') return null
    const kiosk = await resolveKioskToken(deps.prisma, token)
    return kiosk?.kioskTokenId === held.kioskTokenId ? { principal: kiosk, endsInMs: null } : null
  }
  const cookie = socket.handshake.headers['cookie']
  const token = readSessionCookie(typeof cookie === 'string' ? cookie : undefined)
  if (token === null) return null
  const found = await principalForSessionToken(deps, token, { touch })
  if (found === null) return null
  const now = found.principal
  const same =
    now.sessionId === held.sessionId &&
    now.userId === held.userId &&
    now.role === held.role &&
    (now.unit?.id ?? null) === (held.unit?.id ?? null)
  if (!same) return null
  return { principal: now, endsInMs: deps.sessions.endsInMs(found.session) }
}

export interface SessionWatch {
  /** Guards every event of this socket and watches its session until it disconnects. */
  attach(socket: WatchedSocket): void
  /** Reads the session of every watched socket now; closes those that ended. */
  sweep(): Promise<void>
}

export function createSessionWatch(deps: SessionWatchDeps): SessionWatch {
  const log = deps.logger.child({ module: 'realtime-session' })
  const checks = new Map<string, () => Promise<void>>()
  // Sockets live on one node, so their rate is counted in its memory.
  const rate = new RateLimiterMemory({ points: SOCKET_EVENTS_PER_WINDOW, duration: SOCKET_EVENT_WINDOW_S })
  const withinRate = (socketId: string): Promise<boolean> =>
    rate.consume(socketId).then(
      () => true,
      () => false,
    )

  function attach(socket: WatchedSocket): void {
    const close = (why: string) => {
      log.debug({ socketId: socket.id, why }, 'socket closed: its credentials ended')
      socket.disconnect(true)
    }

    // Every event, in the order sent (a chain, so an unsubscribe never overtakes its subscribe).
    let chain: Promise<void> = Promise.resolve()
    let pending = 0
    let checkedAt = -Infinity
    socket.use((packet, next) => {
      const ack: unknown = packet.at(-1)
      const answer = (value: ReturnType<typeof refusal>) => {
        if (typeof ack === 'function') (ack as (a: typeof value) => void)(value)
      }
      // Nothing listens: answered at once, without reading the session for it.
      if (socket.listenerCount(String(packet[0])) === 0) {
        answer(refusal('invalid_request', 'Bilinmeyen istek.'))
        return
      }
      if (pending >= MAX_PENDING_EVENTS) {
        close('flooding: too many events waiting')
        return
      }
      pending++
      chain = chain.then(async () => {
        try {
          if (!(await withinRate(socket.id))) {
            answer(refusal('forbidden', 'Çok fazla istek gönderildi; bağlantı kapatıldı.'))
            close('flooding: over the event rate')
            return
          }
          if (Date.now() - checkedAt < RECHECK_MS) {
            next()
            return
          }
          let now: CurrentCredentials | null
          try {
            now = await currentCredentials(deps, socket, true)
          } catch (err) {
            log.error({ err }, 'socket credentials check failed')
            answer(refusal('unavailable', 'Oturum şu anda denetlenemiyor; biraz sonra yeniden deneyin.'))
            return
          }
          if (now === null) {
            answer(refusal('unauthorized', 'Oturumunuz sona erdi; yeniden giriş yapın.'))
            close(`event ${String(packet[0])}`)
            return
          }
          if (now.principal.kind === 'user' && now.principal.mustChangePassword === true) {
            answer(refusal('forbidden', 'Devam etmeden önce parolanızı değiştirin.'))
            return
          }
          ;(socket.data as SocketPrincipalData).principal = now.principal
          checkedAt = Date.now()
          next()
        } finally {
          pending--
        }
      })
    })

    if ((socket.data as Partial<SocketPrincipalData>).principal?.kind !== 'user') return
    let timer: ReturnType<typeof setTimeout> | undefined
    const schedule = (ms: number) => {
      clearTimeout(timer)
      timer = setTimeout(() => void check(), Math.min(Math.max(ms, 1_000), MAX_WAIT_MS))
      timer.unref()
    }
    const check = async (): Promise<void> => {
      if (!socket.connected) return
      let now: CurrentCredentials | null
      try {
        now = await currentCredentials(deps, socket, false)
      } catch (err) {
        log.warn({ err }, 'socket session check failed')
        schedule(RETRY_MS)
        return
      }
      if (now === null) {
        close('session ended')
        return
      }
      schedule(now.endsInMs ?? MAX_WAIT_MS)
    }
    checks.set(socket.id, check)
    socket.on('disconnect', () => {
      clearTimeout(timer)
      checks.delete(socket.id)
    })
    void check()
  }

  return {
    attach,
    async sweep() {
      await Promise.all([...checks.values()].map((check) => check()))
    },
  }
}
