/**
 * socket.io on the HTTP server, same origin only, every handshake through the auth guard, then the live
 * views (rooms, snapshot in the subscribe ack, numbered deltas; docs/design.md §2.4, ADR 006).
 *
 *   const realtime = createRealtime(httpServer, { prisma, sessions, logger, hosts })
 *   realtime.attachLiveSource(telephonyService, { intervalMs: config.realtime.broadcastIntervalMs })
 *   await realtime.useRedisAdapter(config.redis.url)      // several nodes: by configuration alone
 *   realtime.disconnectKiosk(tokenId)                     // a revoked TV token leaves at once
 */
import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import {
  CHANGED_EVENT,
  LIVE_VIEWS,
  type ClientToServerEvents,
  type InterServerEvents,
  type LiveViewData,
  type ServerToClientEvents,
  type ViewSnapshot,
} from '../contract/events.ts'
import type { Principal } from '../auth/principal.ts'
import type { RealtimeStatus } from '../contract/health.ts'
import { actorFromUser } from '../services/audit/actor.ts'
import { recordCallListRead } from '../services/audit/call-list-audit.ts'
import type { Logger } from '../logger.ts'
import { requestedHosts, type HostPolicy } from '../http/host-policy.ts'
import { createHandshakeGuard, type HandshakeGuardDeps, type SocketPrincipalData } from './auth-guard.ts'
import {
  createBroadcaster,
  type Broadcaster,
  type BroadcasterOptions,
  type LiveSource,
} from './broadcaster.ts'
import { registerViewHandlers } from './handlers/view-handlers.ts'
import type { TelephonyChangeKind } from './live-views.ts'
import { attachRedisAdapter, type AttachedAdapter } from './redis-adapter.ts'
import { createSessionWatch } from './session-watch.ts'
import { kioskRoom, roomOf, sessionRoom, userRoom, VIEW_VARIANTS } from './view-access.ts'
import type { ClusterBus } from '../services/cluster/cluster-bus.ts'
import { createBoardRelay, type BoardRelay } from '../services/cluster/board-relay.ts'

export type PanoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketPrincipalData
>
export type PanoServerSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketPrincipalData
>

/** The broadcaster's options but its plumbing: interval, refresh, node id, clock and view overlays. */
export type LiveOptions = Omit<BroadcasterOptions, 'source' | 'sink' | 'logger'>

export interface Realtime {
  io: PanoServer
  connectedSockets(): number
  /** For health: sockets, and with several nodes who draws the boards. */
  status(): RealtimeStatus
  /** Starts the broadcaster on the telephony service's change notices (once). */
  attachLiveSource(source: LiveSource, options: LiveOptions): Broadcaster
  broadcaster(): Broadcaster | null
  /**
   * Several nodes over one PBX: from now on only the node holding its lease computes the boards and
   * sends them to every node's sockets (services/cluster/board-relay.ts). After attachLiveSource.
   */
  relayBoards(options: { bus: ClusterBus; holdsLease: () => boolean }): Promise<BoardRelay>
  boardRelay(): BoardRelay | null
  /** Thresholds or another non-telephony input changed what views show. */
  markDirty(kinds: readonly TelephonyChangeKind[]): void
  useRedisAdapter(url: string, keyPrefix?: string): Promise<void>
  disconnectKiosk(kioskTokenId: number): void
  /** Every socket of this user on every node leaves (deactivation, role or password change). */
  disconnectUser(userId: number): void
  /** Every socket of one session on every node leaves (logout, expiry). */
  disconnectSession(sessionId: string): void
  /** Reads every local socket's session now and closes those that ended (expiry, purge). */
  sweepSessions(): Promise<void>
  /** Shutdown: this node's sockets leave (those on other nodes stay); `close()` does it too. */
  disconnectLocal(): void
  close(): Promise<void>
}

const BOARD_ROOMS = LIVE_VIEWS.flatMap((view) => VIEW_VARIANTS.map((variant) => roomOf(view, variant)))

export function createRealtime(
  httpServer: HttpServer,
  deps: HandshakeGuardDeps & { logger: Logger; hosts: HostPolicy },
): Realtime {
  const log = deps.logger.child({ module: 'realtime' })
  const io: PanoServer = new Server(httpServer, {
    // No CORS options: the SPA is served from the same origin (the guard also checks Origin).
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // engine.io answers /socket.io/ before Express sees it: the host check of http/host-policy.ts again,
    // on the first request of every connection (polling or WebSocket). Origin must then equal Host
    // (the handshake guard), so it is one of ours too.
    allowRequest: (req, callback) => {
      const ok = requestedHosts(req.headers).every((h) => deps.hosts.allowsHost(h))
      if (!ok) log.warn({ host: req.headers.host }, 'socket handshake for a foreign host name')
      callback(ok ? null : 'foreign host', ok)
    },
  })
  io.use(createHandshakeGuard(deps))
  const sessionWatch = createSessionWatch(deps)
  /** Live calls carry callers' numbers: each subscribe is a read for the access log. */
  const auditSnapshot = async (principal: Principal, address: string, snapshot: ViewSnapshot) => {
    if (snapshot.view !== 'calls' || principal.kind !== 'user') return
    const { calls } = snapshot.data as LiveViewData['calls']
    await recordCallListRead(
      deps.prisma,
      actorFromUser(principal, address),
      new Date(),
      { list: 'live', via: 'socket' },
      calls.map((c) => ({ key: `${c.pbxId}/${c.callId}`, e164: c.callerNumber ?? null })),
    )
  }
  let broadcaster: Broadcaster | null = null
  let relay: BoardRelay | null = null
  let adapter: AttachedAdapter | null = null
  let dropped = false
  const localRoomSize = (room: string) => io.of('/').adapter.rooms.get(room)?.size ?? 0
  const emitLocal = (room: string, event: string, payload: unknown) => {
    ;(io.local.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
  }
  const disconnectLocal = () => {
    if (dropped) return
    dropped = true
    // Through the Redis adapter a plain io.disconnectSockets() would empty every node.
    io.local.disconnectSockets(true)
    void io.engine.close()
  }

  io.on('connection', (socket) => {
    const p = socket.data.principal
    log.debug(
      { socketId: socket.id, principal: p.kind === 'user' ? p.userId : `kiosk:${p.kioskTokenId}` },
      'connected',
    )
    // First: its packet guard runs before every handler registered after it (desk, switchboard too).
    sessionWatch.attach(socket)
    registerViewHandlers(socket, {
      snapshots: () => {
        const own = broadcaster
        if (own === null) return null
        const shared = relay
        return (view, variant) => (shared ? shared.snapshot(view, variant) : own.snapshotFor(view, variant))
      },
      logger: log,
      auditSnapshot,
    })
  })

  return {
    io,
    connectedSockets: () => io.engine.clientsCount,
    status() {
      const connectedSockets = io.engine.clientsCount
      if (relay === null) return { connectedSockets }
      return { connectedSockets, boards: { drawnHere: relay.leading(), ...relay.counters() } }
    },
    attachLiveSource(source, options) {
      if (broadcaster) throw new Error('a live source is already attached')
      broadcaster = createBroadcaster({
        ...options,
        source,
        logger: deps.logger,
        sink: {
          // Alone, or each node following its own PBX: this node's sockets only, each node numbering
          // its own stream (ADR 006). Relaying: every node's sockets, through Redis (ADR 023).
          emit: (room, delta) => {
            if (relay === null) emitLocal(room, CHANGED_EVENT[delta.view], delta)
            else relay.send(room, CHANGED_EVENT[delta.view], delta)
          },
          roomSize: (room) => {
            if (relay === null) return localRoomSize(room)
            return relay.leading() ? localRoomSize(room) + relay.remoteWatchers(room) : 0
          },
        },
      })
      return broadcaster
    },
    broadcaster: () => broadcaster,
    async relayBoards({ bus, holdsLease }) {
      const own = broadcaster
      if (own === null) throw new Error('relayBoards needs a live source')
      if (relay) return relay
      relay = await createBoardRelay({
        bus,
        logger: deps.logger,
        holdsLease,
        watchedRooms: () => BOARD_ROOMS.filter((room) => localRoomSize(room) > 0),
        localSnapshot: (view, variant) => own.snapshotFor(view, variant),
        deliverLocal: emitLocal,
        onLeadershipChange: () => own.restartStream(),
      })
      // Whatever this node sent so far was its own stream: every client takes the installation's.
      own.restartStream()
      return relay
    },
    boardRelay: () => relay,
    markDirty: (kinds) => broadcaster?.markDirty(kinds),
    async useRedisAdapter(url, keyPrefix) {
      if (adapter) return
      adapter = await attachRedisAdapter(io, url, log, keyPrefix)
    },
    disconnectKiosk(kioskTokenId) {
      io.in(kioskRoom(kioskTokenId)).disconnectSockets(true)
    },
    disconnectUser(userId) {
      io.in(userRoom(userId)).disconnectSockets(true)
    },
    disconnectSession(sessionId) {
      io.in(sessionRoom(sessionId)).disconnectSockets(true)
    },
    sweepSessions: () => sessionWatch.sweep(),
    disconnectLocal,
    close: async () => {
      broadcaster?.stop()
      await relay?.close()
      // io.close() also closes the HTTP server; main closes that itself, so only the sockets go here.
      disconnectLocal()
      await adapter?.close()
    },
  }
}
