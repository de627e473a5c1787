/**
 * The one broadcaster (docs/style-guide.md §3.3 step 4): telephony change notices → per-room numbered deltas.
 *
 * Each room (a live view × variant) keeps the version it last sent and its sequence number. Change
 * notices only mark kinds dirty; a flush recomputes the affected views from one snapshot, diffs them
 * against what each room last got, and emits one delta per room with the next number. Flushes are
 * throttled to one per `intervalMs` (leading edge: a quiet system sends at once, a busy one batches),
 * and `refreshIntervalMs` re-reads the views as time passes (longest wait, trend slots).
 *
 * A subscriber gets the room's last-sent version and its number, so every delta after it applies
 * cleanly. Rooms nobody is in are not computed and forget their version.
 */
import { randomUUID } from 'node:crypto'
import {
  LIVE_VIEWS,
  type LiveView,
  type LiveViewData,
  type ViewDelta,
  type ViewSnapshot,
} from '../contract/events.ts'
import type { TelephonySnapshotView } from '../contract/views.ts'
import type { Logger } from '../logger.ts'
import { diffItems, keyItems, type KeyedItems } from './collection-diff.ts'
import {
  COLLECTIONS_OF_VIEW,
  KINDS_OF_VIEW,
  VOLATILE_FIELDS,
  computeViewData,
  keyOf,
  type TelephonyChangeKind,
  type ViewOverlays,
} from './live-views.ts'
import { roomOf, VIEW_VARIANTS, type ViewVariant } from './view-access.ts'

/** What a change notice carries (the telephony service's `subscribe` listener argument). */
export interface ChangeNotice {
  readonly kinds: readonly TelephonyChangeKind[]
  /** When the AMI event that caused it was received (ms epoch). */
  readonly receivedAt: number
}

/** The part of the telephony service the realtime layer reads (each view reads only its parts). */
export interface LiveSource {
  queues(): TelephonySnapshotView['queues']
  agents(): TelephonySnapshotView['agents']
  calls(): TelephonySnapshotView['calls']
  pbxStatus(): TelephonySnapshotView['pbxs']
  /** Written requests waiting (docs/intake.md §10); absent: the wallboard shows none. */
  written?(): NonNullable<TelephonySnapshotView['written']>
  subscribe(listener: (notice: ChangeNotice) => void): () => void
}

/** Reads each part at most once per flush, and only the parts some room needs. */
function lazySnapshot(source: LiveSource, at: number): TelephonySnapshotView {
  const memo: Partial<TelephonySnapshotView> = {}
  const part = <K extends 'queues' | 'agents' | 'calls' | 'pbxs' | 'written'>(
    key: K,
    read: () => TelephonySnapshotView[K],
  ) => (memo[key] ??= read())
  return {
    at,
    get queues() {
      return part('queues', () => source.queues())
    },
    get agents() {
      return part('agents', () => source.agents())
    },
    get calls() {
      return part('calls', () => source.calls())
    },
    get pbxs() {
      return part('pbxs', () => source.pbxStatus())
    },
    get written() {
      return part('written', () => source.written?.() ?? []) ?? []
    },
    extensions: [],
  }
}

/** Where deltas go: socket.io in production (this node's sockets only, see ADR 006), a list in tests. */
export interface DeltaSink {
  emit(room: string, delta: ViewDelta): void
  roomSize(room: string): number
}

export interface BroadcasterOptions extends ViewOverlays {
  source: LiveSource
  sink: DeltaSink
  logger: Logger
  /** BROADCAST_INTERVAL_MS: at most one flush per interval. */
  intervalMs: number
  /** Re-read views this often without events (default 5 000; 0 = never). */
  refreshIntervalMs?: number
  now?: () => number
  /** Names the stream with the boot time: `<nodeId>:<bootEpoch>` (default a random id). */
  nodeId?: string
}

export interface BroadcasterStats {
  flushes: number
  deltas: number
  /** Flushes whose snapshot or emit threw (logged, counted; the next flush retries). */
  failures: number
  /** Time spent in flushes (ms, summed / the longest one): reading views and diffing vs handing to the sink. */
  computeMs: number
  emitMs: number
  flushMaxMs: number
}

export interface Broadcaster {
  /** `<nodeId>:<epoch>`: a new one after `restartStream`, so every client subscribes again. */
  readonly stream: string
  /** The room's current version for a new subscriber (joins must happen before this call). */
  snapshotFor(view: LiveView, variant: ViewVariant): ViewSnapshot
  /** Something outside telephony changed what a view shows (thresholds saved). */
  markDirty(kinds: readonly TelephonyChangeKind[]): void
  /**
   * Starts numbering a new stream and forgets what every room was sent: this node begins (or stops)
   * sending the boards of several nodes (board-relay.ts), and a client holding the old stream's
   * version must take a new snapshot instead of applying deltas made against another version.
   */
  restartStream(): void
  /** Runs a pending flush now (tests, shutdown). */
  flushNow(): void
  stats(): BroadcasterStats
  stop(): void
}

interface RoomState {
  readonly view: LiveView
  readonly variant: ViewVariant
  readonly room: string
  seq: number
  at: number
  /** What the room last got, per collection; null while nobody is in the room. */
  sent: Map<string, KeyedItems<unknown>> | null
}

export function createBroadcaster(options: BroadcasterOptions): Broadcaster {
  const now = options.now ?? Date.now
  const log = options.logger.child({ module: 'realtime-broadcaster' })
  const streamPrefix = options.nodeId ?? randomUUID().slice(0, 8)
  let stream = `${streamPrefix}:${now()}`
  const rooms = new Map<string, RoomState>()
  const dirty = new Set<TelephonyChangeKind>()
  const counters: BroadcasterStats = {
    flushes: 0,
    deltas: 0,
    failures: 0,
    computeMs: 0,
    emitMs: 0,
    flushMaxMs: 0,
  }
  let oldestReceivedAt: number | null = null
  let lastFlushAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  let immediate: ReturnType<typeof setImmediate> | undefined
  let pending = false
  let stopped = false

  function roomState(view: LiveView, variant: ViewVariant): RoomState {
    const room = roomOf(view, variant)
    let state = rooms.get(room)
    if (!state) {
      state = { view, variant, room, seq: 0, at: 0, sent: null }
      rooms.set(room, state)
    }
    return state
  }

  // Every room from the start: with several nodes its sockets may have taken their snapshot from
  // another node (board-relay.ts), so a room this node never answered for can still be watched.
  for (const view of LIVE_VIEWS) for (const variant of VIEW_VARIANTS) roomState(view, variant)

  function keyed(view: LiveView, data: LiveViewData[LiveView]): Map<string, KeyedItems<unknown>> {
    const out = new Map<string, KeyedItems<unknown>>()
    const record = data as unknown as Record<string, unknown[]>
    for (const c of COLLECTIONS_OF_VIEW[view])
      out.set(c, keyItems(record[c] ?? [], keyOf(c), VOLATILE_FIELDS[c]))
    return out
  }

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer)
    if (immediate !== undefined) clearImmediate(immediate)
    timer = undefined
    immediate = undefined
  }

  function schedule(): void {
    if (timer !== undefined || immediate !== undefined || pending || stopped) return
    const wait = Math.max(0, lastFlushAt + options.intervalMs - now())
    if (wait === 0) {
      // Due now: flush on this turn's check phase, behind what the code that reported the change queued
      // for it. On a holder that is the PBX feed of the same events: the relay publishes in a microtask
      // (pbx-relay.ts) and node-redis queues the write in a setImmediate, so the other nodes get the
      // events before this node spends its time writing to its own sockets (docs/cluster.md). The
      // second microtask hop puts this setImmediate after a publish queued by any listener of the events.
      pending = true
      queueMicrotask(() =>
        queueMicrotask(() => {
          pending = false
          if (stopped || timer !== undefined || immediate !== undefined) return
          immediate = setImmediate(() => {
            immediate = undefined
            flush()
          })
        }),
      )
      return
    }
    // Throttled: the flush runs in the check phase, after the writes other modules queued there on the
    // turn before (node-redis writes its commands in a setImmediate), so the PBX feed a holder published
    // leaves before this node spends its turn writing to its own sockets (docs/cluster.md).
    timer = setTimeout(() => {
      timer = undefined
      immediate = setImmediate(() => {
        immediate = undefined
        flush()
      })
    }, wait)
  }

  function flush(): void {
    cancelTimer()
    if (dirty.size === 0) return
    const kinds = new Set(dirty)
    const receivedAt = oldestReceivedAt
    dirty.clear()
    oldestReceivedAt = null
    lastFlushAt = now()
    counters.flushes++
    const started = performance.now()
    let emitting = 0
    let snapshot: TelephonySnapshotView | undefined
    for (const state of rooms.values()) {
      if (!KINDS_OF_VIEW[state.view].some((k) => kinds.has(k))) continue
      if (options.sink.roomSize(state.room) === 0) {
        // A socket the sink no longer counts may still be listening (another node's, whose word
        // expired): the skipped number makes it take a snapshot instead of applying the next delta,
        // which is made against nothing.
        if (state.sent !== null) state.seq++
        state.sent = null
        continue
      }
      try {
        snapshot ??= lazySnapshot(options.source, now())
        const data = computeViewData(state.view, state.variant, snapshot, options)
        const next = keyed(state.view, data)
        const changes: Record<string, unknown> = {}
        let any = false
        for (const [collection, items] of next) {
          const change = diffItems(state.sent?.get(collection) ?? null, items)
          if (change) {
            changes[collection] = change
            any = true
          }
        }
        state.sent = next
        state.at = snapshot.at
        if (!any) continue
        state.seq++
        counters.deltas++
        const emitStart = performance.now()
        options.sink.emit(state.room, {
          view: state.view,
          stream,
          seq: state.seq,
          at: snapshot.at,
          receivedAt,
          changes,
        })
        emitting += performance.now() - emitStart
      } catch (err) {
        counters.failures++
        // The room's version is unknown now: the next subscriber recomputes it, current ones see the gap.
        state.sent = null
        state.seq++
        log.error({ err, room: state.room }, 'live view flush failed')
      }
    }
    const took = performance.now() - started
    counters.emitMs += emitting
    counters.computeMs += took - emitting
    if (took > counters.flushMaxMs) counters.flushMaxMs = took
  }

  const unsubscribe = options.source.subscribe((notice) => {
    for (const k of notice.kinds) dirty.add(k)
    if (oldestReceivedAt === null || notice.receivedAt < oldestReceivedAt)
      oldestReceivedAt = notice.receivedAt
    schedule()
  })

  const refreshMs = options.refreshIntervalMs ?? 5_000
  const refresher =
    refreshMs > 0
      ? setInterval(() => {
          dirty.add('queues')
          dirty.add('agents')
          dirty.add('connection')
          schedule()
        }, refreshMs)
      : undefined
  refresher?.unref()

  return {
    get stream() {
      return stream
    },
    snapshotFor(view, variant) {
      const state = roomState(view, variant)
      if (state.sent === null) {
        const snapshot = lazySnapshot(options.source, now())
        state.sent = keyed(view, computeViewData(view, variant, snapshot, options))
        state.at = snapshot.at
      }
      const data: Record<string, unknown[]> = {}
      for (const [collection, items] of state.sent)
        data[collection] = [...items.byKey.values()].map((e) => e.item)
      return { view, stream, seq: state.seq, at: state.at, data: data as unknown as LiveViewData[LiveView] }
    },
    markDirty(kinds) {
      for (const k of kinds) dirty.add(k)
      schedule()
    },
    restartStream() {
      // Never the same name twice, even within one millisecond.
      const next = `${streamPrefix}:${now()}`
      stream = next === stream ? `${next}.${randomUUID().slice(0, 4)}` : next
      for (const state of rooms.values()) {
        state.seq = 0
        state.sent = null
      }
      for (const kinds of Object.values(KINDS_OF_VIEW)) for (const k of kinds) dirty.add(k)
      schedule()
    },
    flushNow: flush,
    stats: () => ({ ...counters }),
    stop() {
      stopped = true
      unsubscribe()
      if (refresher) clearInterval(refresher)
      cancelTimer()
    },
  }
}
