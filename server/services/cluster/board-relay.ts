/**
 * One board stream for several nodes (docs/cluster.md, "Wallboards"; ADR 023). The node that holds the
 * PBX lease computes every live view's numbered deltas once and sends them through the socket.io Redis
 * adapter to the sockets of every node; the other nodes compute none. A subscriber on another node gets
 * the holder's current version, asked for over Redis, so every board of the installation shows one
 * stream and a client moving between nodes keeps it.
 *
 * The holder only computes a room somebody watches: each node says every `heartbeatMs` which board rooms
 * have sockets on it, and a snapshot request says it at once; a word older than three heartbeats is
 * forgotten (the broadcaster then skips a number so that a socket still there takes a new snapshot).
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { LIVE_VIEWS, type LiveView, type ViewDelta, type ViewSnapshot } from '../../contract/events.ts'
import { textField } from '../../contract/text-field.ts'
import type { Logger } from '../../logger.ts'
import { roomOf, type ViewVariant } from '../../realtime/view-access.ts'
import type { ClusterBus } from './cluster-bus.ts'

export interface BoardRelayCounters {
  /** Snapshots this node asked the holder for / that failed (no answer in time, or refused). */
  snapshotsAsked: number
  snapshotsFailed: number
  /** Snapshots this node gave other nodes while holding. */
  snapshotsGiven: number
  /** Times this node began or stopped sending the boards. */
  leadershipChanges: number
  /** Delta messages from Redis that could not be read (skipped; the clients see a gap). */
  badMessages: number
  /** Deltas this node could not publish (Redis away): the other nodes' screens see a gap. */
  deltasNotSent: number
}

export interface BoardRelay {
  /** Whether this node computes and sends the boards now. */
  leading(): boolean
  /** How many other nodes said lately that they have sockets in `room`. */
  remoteWatchers(room: string): number
  /**
   * Sends a delta this node made to the room on every node: first to the others through Redis, then,
   * once that write has left (node-redis writes on the next check phase), to this node's own sockets,
   * so the other nodes' screens do not wait while this node writes to its own.
   */
  send(room: string, event: string, delta: ViewDelta): void
  /** The room's current version: this node's own while leading, else the holder's. */
  snapshot(view: LiveView, variant: ViewVariant): Promise<ViewSnapshot>
  counters(): BoardRelayCounters
  close(): Promise<void>
}

export interface BoardRelayOptions {
  bus: ClusterBus
  logger: Logger
  /** Whether this node holds the lease the boards follow (the first PBX's). */
  holdsLease: () => boolean
  /** This node's board rooms with at least one socket in them. */
  watchedRooms: () => string[]
  /** This node's own version of a room (its broadcaster's). */
  localSnapshot: (view: LiveView, variant: ViewVariant) => ViewSnapshot
  /** Hands a delta to this node's sockets in `room` (socket.io's local emit). */
  deliverLocal: (room: string, event: string, delta: ViewDelta) => void
  /** This node began (true) or stopped (false) sending the boards. */
  onLeadershipChange: (leading: boolean) => void
  heartbeatMs?: number
  requestTimeoutMs?: number
  /** How often the lease is looked at for a change of holder. */
  pollMs?: number
}

const variantSchema = z.enum(['full', 'kiosk'])
const watchingSchema = z.object({ node: textField(), rooms: z.array(textField()).max(64) })
const requestSchema = z.object({
  id: textField(),
  node: textField(),
  view: z.enum(LIVE_VIEWS),
  variant: variantSchema,
})
const replySchema = z.union([
  z.object({ id: textField(), snapshot: z.custom<ViewSnapshot>((v) => typeof v === 'object' && v !== null) }),
  z.object({ id: textField(), error: textField() }),
])

interface Pending {
  resolve(snapshot: ViewSnapshot): void
  reject(err: Error): void
  timer: ReturnType<typeof setTimeout>
}

export class BoardSnapshotUnavailableError extends Error {
  override readonly name = 'BoardSnapshotUnavailableError'
}

export async function createBoardRelay(options: BoardRelayOptions): Promise<BoardRelay> {
  const { bus } = options
  const log = options.logger.child({ module: 'board-relay' })
  const heartbeatMs = options.heartbeatMs ?? 2_000
  const requestTimeoutMs = options.requestTimeoutMs ?? 3_000
  const channels = {
    watching: bus.key('boards:watching'),
    request: bus.key('boards:snapshot'),
    reply: bus.key(`boards:reply:${bus.nodeId}`),
    deltas: bus.key('boards:deltas'),
  }
  /** A delta's message starts with its sender, so a node skips its own without parsing it. */
  const ownPrefix = `${bus.nodeId}\n`
  const counters: BoardRelayCounters = {
    snapshotsAsked: 0,
    snapshotsFailed: 0,
    snapshotsGiven: 0,
    leadershipChanges: 0,
    badMessages: 0,
    deltasNotSent: 0,
  }
  /** room → node → until when its word holds (ms epoch). */
  const watchers = new Map<string, Map<string, number>>()
  const pending = new Map<string, Pending>()
  /** One request per room at a time: a burst of subscribers (a node restarting) asks once. */
  const inFlight = new Map<string, Promise<ViewSnapshot>>()
  let leading = options.holdsLease()
  let publishFailing = false
  let closed = false

  const noteWatcher = (room: string, node: string) => {
    let nodes = watchers.get(room)
    if (!nodes) watchers.set(room, (nodes = new Map<string, number>()))
    nodes.set(node, Date.now() + 3 * heartbeatMs)
  }

  const offs = await Promise.all([
    bus.subscribe(channels.deltas, (text) => {
      if (text.startsWith(ownPrefix)) return
      const parsed = deltaMessage(text)
      if (parsed === null) {
        counters.badMessages++
        return
      }
      options.deliverLocal(parsed.room, parsed.event, parsed.delta)
    }),
    bus.subscribe(channels.watching, (text) => {
      const parsed = watchingSchema.safeParse(safeJson(text))
      if (!parsed.success || parsed.data.node === bus.nodeId) return
      for (const room of parsed.data.rooms) noteWatcher(room, parsed.data.node)
    }),
    bus.subscribe(channels.request, (text) => {
      const parsed = requestSchema.safeParse(safeJson(text))
      if (!parsed.success || !leading) return
      const { id, node, view, variant } = parsed.data
      // Counted before the snapshot: the room is watched from the flush after it.
      noteWatcher(roomOf(view, variant), node)
      let answer: string
      try {
        answer = JSON.stringify({ id, snapshot: options.localSnapshot(view, variant) })
        counters.snapshotsGiven++
      } catch (err) {
        log.error({ err, view }, 'board snapshot for another node failed')
        answer = JSON.stringify({ id, error: 'snapshot failed' })
      }
      bus
        .publish(bus.key(`boards:reply:${node}`), answer)
        .catch((err: unknown) => log.warn({ err }, 'board snapshot not sent'))
    }),
    bus.subscribe(channels.reply, (text) => {
      const parsed = replySchema.safeParse(safeJson(text))
      if (!parsed.success) return
      const waiting = pending.get(parsed.data.id)
      if (!waiting) return
      pending.delete(parsed.data.id)
      clearTimeout(waiting.timer)
      if ('snapshot' in parsed.data) waiting.resolve(parsed.data.snapshot)
      else waiting.reject(new BoardSnapshotUnavailableError(parsed.data.error))
    }),
  ])

  const announce = () => {
    if (closed) return
    const rooms = options.watchedRooms()
    if (rooms.length === 0) return
    bus
      .publish(channels.watching, JSON.stringify({ node: bus.nodeId, rooms }))
      .catch((err: unknown) => log.warn({ err }, 'watched board rooms not announced'))
  }
  const heartbeat = setInterval(() => {
    announce()
    const now = Date.now()
    for (const [room, nodes] of watchers) {
      for (const [node, until] of nodes) if (until < now) nodes.delete(node)
      if (nodes.size === 0) watchers.delete(room)
    }
  }, heartbeatMs)
  heartbeat.unref()

  const poll = setInterval(() => {
    const now = options.holdsLease()
    if (now === leading) return
    leading = now
    counters.leadershipChanges++
    log.info({ leading }, leading ? 'this node sends the boards now' : 'another node sends the boards now')
    options.onLeadershipChange(leading)
  }, options.pollMs ?? 200)
  poll.unref()

  function remoteWatchers(room: string): number {
    const nodes = watchers.get(room)
    if (!nodes) return 0
    const now = Date.now()
    let n = 0
    for (const until of nodes.values()) if (until >= now) n++
    return n
  }

  function ask(view: LiveView, variant: ViewVariant): Promise<ViewSnapshot> {
    counters.snapshotsAsked++
    const id = randomUUID()
    return new Promise<ViewSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new BoardSnapshotUnavailableError('no node holding the PBX answered in time'))
      }, requestTimeoutMs)
      pending.set(id, { resolve, reject, timer })
      bus
        .publish(channels.request, JSON.stringify({ id, node: bus.nodeId, view, variant }))
        .catch((err: unknown) => {
          clearTimeout(timer)
          pending.delete(id)
          reject(err instanceof Error ? err : new Error(String(err)))
        })
    }).catch((err: unknown) => {
      counters.snapshotsFailed++
      throw err
    })
  }

  return {
    leading: () => leading,
    send(room, event, delta) {
      // Only rooms another node watches leave this node (the live calls carry callers' numbers).
      if (remoteWatchers(room) > 0)
        bus.publish(channels.deltas, ownPrefix + JSON.stringify({ room, event, delta })).then(
          () => {
            if (publishFailing) log.info('board deltas reach the other nodes again')
            publishFailing = false
          },
          (err: unknown) => {
            counters.deltasNotSent++
            // Said once per outage, not for every flush (several a second); the count goes on.
            if (!publishFailing) log.warn({ err, room }, 'board deltas not sent to the other nodes')
            publishFailing = true
          },
        )
      setImmediate(() => options.deliverLocal(room, event, delta))
    },
    remoteWatchers,
    snapshot(view, variant) {
      if (leading) return Promise.resolve(options.localSnapshot(view, variant))
      const room = roomOf(view, variant)
      const running = inFlight.get(room)
      if (running) return running
      const asked = ask(view, variant).finally(() => inFlight.delete(room))
      inFlight.set(room, asked)
      return asked
    },
    counters: () => ({ ...counters }),
    async close() {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      clearInterval(poll)
      for (const [id, p] of pending) {
        clearTimeout(p.timer)
        p.reject(new BoardSnapshotUnavailableError('node shutting down'))
        pending.delete(id)
      }
      await Promise.all(offs.map((off) => off()))
    },
  }
}

/** `<node>\n{"room","event","delta"}`; null when it is not that. */
function deltaMessage(text: string): { room: string; event: string; delta: ViewDelta } | null {
  const json = safeJson(text.slice(text.indexOf('\n') + 1))
  if (typeof json !== 'object' || json === null) return null
  const { room, event, delta } = json as Record<string, unknown>
  if (typeof room !== 'string' || typeof event !== 'string' || typeof delta !== 'object' || delta === null)
    return null
  return { room, event, delta: delta as ViewDelta }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
