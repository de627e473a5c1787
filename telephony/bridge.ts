/**
 * One PBX, joined up (docs/style-guide.md §3.3): AMI client → decode → reduce, resync after every (re)connect,
 * statistics from the records the state produces, change notices for the realtime layer, and the
 * call-control actions. One bridge per PBX; `telephony/index.ts` is the way in.
 *
 *   const bridge = createTelephonyBridge({ pbxId: 'main', ami: { host, port, username, secret }, logger })
 *   bridge.onChange(({ kinds, receivedAt }) => …)        // what changed, stamped by the triggering event
 *   bridge.onRecords(({ finishedCalls, pauses }) => …)    // persist (idempotent by (pbxId, callKey))
 *   bridge.loadHistory(todaysCalls, todaysPauses)          // after a restart, before start()
 *   bridge.start()
 *   bridge.stats() / bridge.state / bridge.getStatus()
 *   await bridge.actions.pauseMember({ interface, paused: true, reason: 'Yemek' })
 *
 * Resync (docs/design.md §2.2, ami-protocol §13): on every login the phase goes to 'resyncing', the state is
 * marked stale, live events are buffered while CoreShowChannels, QueueStatus, DeviceStateList and
 * ExtensionStateList are gathered; applySnapshot replaces what the lists cover (everything not in them
 * is dropped: nothing from before the disconnect is trusted), the buffered events are replayed
 * (reduce is idempotent), and the phase goes to 'live'.
 */
import * as build from './ami/action.ts'
import { decodeAmiEvent, type DecodeResult, type TelephonyEvent } from './ami/events.ts'
import type { AmiMessage } from './ami/message.ts'
import { ownString } from './ami/own-string.ts'
import { AmiDisconnectedError } from './ami/errors.ts'
import { createAmiClient, type AmiConnectionState } from './connection/ami-client.ts'
import { adoptInProgressCalls, completeAdopted, type AdoptedCalls } from './bridge/adopt-in-progress.ts'
import { createTelephonyActions } from './bridge/actions.ts'
import { ConnectionHealthTracker } from './bridge/connection-health.ts'
import { ALL_CHANGE_KINDS, changeKindsOf, type TelephonyChangeKind } from './bridge/changes.ts'
import { gatherQueueStatus, gatherSnapshotLists, type GatheredLists } from './bridge/snapshot-lists.ts'
import type {
  BridgeAmiOptions,
  TelephonyBridge,
  TelephonyBridgeOptions,
  TelephonyChange,
  TelephonyRecords,
} from './bridge/types.ts'
import { createTelephonyState, takeRecords } from './state/model.ts'
import type { FinishedCall, PauseInterval } from './state/records.ts'
import { reduce, tick } from './state/reduce.ts'
import { applySnapshot, beginResync, channelsNamed, isStale } from './state/resync.ts'
import { addFinishedCall, addPauseInterval, createStatsAccumulator } from './stats/accumulator.ts'
import { statsConfig } from './stats/config.ts'
import { liveInputsOf } from './stats/live.ts'
import { computeStats, type StatsReport } from './stats/report.ts'

/** Buffered events replayed per turn of the event loop after a resync. */
const REPLAY_SLICE = 1000

/** Recent call keys remembered so a record produced twice is not counted twice. */
const SEEN_CALL_KEYS = 50_000
/** How long (in the bridge clock's ms) statistics of an unchanged state are reused: below a tenth of a second, the boards' precision. */
const STATS_REUSE_MS = 20

export function createTelephonyBridge(options: TelephonyBridgeOptions): TelephonyBridge {
  const { pbxId } = options
  const clock = options.clock ?? { now: Date.now }
  const log = options.logger.child({ module: 'telephony-bridge', pbxId })
  if (options.client === undefined && options.ami === undefined)
    throw new TypeError('createTelephonyBridge needs `ami` options or a `client`')
  const client =
    options.client ??
    createAmiClient({
      ...(options.ami as BridgeAmiOptions),
      pbxId,
      logger: options.logger,
      now: () => clock.now(),
    })
  const config = statsConfig(options.statsConfig)
  const state = createTelephonyState({ ...options.stateConfig, pbxId })
  const acc = createStatsAccumulator(config)
  const seenCallKeys = new Set<string>()
  const changeListeners = new Set<(c: TelephonyChange) => void>()
  const recordListeners = new Set<(r: TelephonyRecords) => void>()
  const counters = { decodeErrors: 0, unknownEvents: 0, resyncs: 0 }
  const health = new ConnectionHealthTracker(() => clock.now())
  let lastResyncFailures: string[] = []
  let adopted: AdoptedCalls = new Map()
  /** Live events held back while lists are gathered; undefined when not buffering. */
  let buffer: Array<{ event: TelephonyEvent; receivedAt: number }> | undefined
  /** How much of `buffer` a resync has replayed so far (it replays in slices). */
  let replayed = 0
  let generation = 0
  let reconciling = false
  let reconcileTimer: ReturnType<typeof setInterval> | undefined
  let tickTimer: ReturnType<typeof setInterval> | undefined
  const unsubscribe: Array<() => void> = []
  /**
   * Bumped whenever the state or the accumulator may have changed: `stats()` computes afresh only then
   * (or once `now` moved on by STATS_REUSE_MS), so the boards' queue and agent views, the queue alerts
   * and a desk's counters read in the same moment share one computation.
   */
  let revision = 0
  let lastStats: { revision: number; now: number; report: StatsReport } | undefined

  function emitChange(kinds: readonly TelephonyChangeKind[], receivedAt: number): void {
    if (kinds.length === 0) return
    const change: TelephonyChange = { pbxId, kinds, receivedAt }
    for (const l of changeListeners) {
      try {
        l(change)
      } catch (e) {
        log.error({ err: e }, 'change listener threw')
      }
    }
  }

  /** Takes the records the state produced, counts each call once, hands them out. */
  function drainRecords(): boolean {
    const taken = takeRecords(state)
    if (taken.finishedCalls.length === 0 && taken.pauses.length === 0) return false
    revision++
    const finishedCalls = taken.finishedCalls.filter((c) => {
      if (seenCallKeys.has(c.callKey)) return false
      remember(c.callKey)
      addFinishedCall(acc, c)
      return true
    })
    for (const p of taken.pauses) addPauseInterval(acc, p)
    const records: TelephonyRecords = { pbxId, finishedCalls, pauses: taken.pauses }
    for (const l of recordListeners) {
      try {
        l(records)
      } catch (e) {
        log.error({ err: e }, 'records listener threw')
      }
    }
    return true
  }

  function remember(callKey: string): void {
    seenCallKeys.add(ownString(callKey))
    if (seenCallKeys.size > SEEN_CALL_KEYS) {
      const oldest = seenCallKeys.values().next().value
      if (oldest !== undefined) seenCallKeys.delete(oldest)
    }
  }

  function decode(message: AmiMessage): DecodeResult {
    const d = decodeAmiEvent(message)
    if (d.type === 'unknown') counters.unknownEvents++
    else if (d.type === 'decodeError') {
      counters.decodeErrors++
      health.onDecodeError()
      if (counters.decodeErrors <= 20 || counters.decodeErrors % 1000 === 0)
        log.warn({ event: d.name, reason: d.reason, count: counters.decodeErrors }, 'AMI event not readable')
    }
    return d
  }

  function reduceOne(event: TelephonyEvent, receivedAt: number): void {
    revision++
    if (event.type === 'AgentComplete' && adopted.size > 0) completeAdopted(state, event, adopted, receivedAt)
    reduce(state, event, receivedAt)
  }

  function apply(event: TelephonyEvent, receivedAt: number): void {
    reduceOne(event, receivedAt)
    const produced = drainRecords()
    const kinds = changeKindsOf(event)
    emitChange(produced ? union(kinds, ['queues', 'agents']) : kinds, receivedAt)
  }

  function onEvent(message: AmiMessage, receivedAt: number): void {
    const d = decode(message)
    if (d.type === 'unknown' || d.type === 'decodeError') return
    if (buffer !== undefined) buffer.push({ event: d, receivedAt })
    else apply(d, receivedAt)
  }

  function snapshotItems(lists: GatheredLists): TelephonyEvent[] {
    const items: TelephonyEvent[] = []
    for (const m of lists.messages) {
      const d = decode(m)
      if (d.type !== 'unknown' && d.type !== 'decodeError') items.push(d)
    }
    return items
  }

  /**
   * Applies gathered lists, then the events buffered meanwhile, in arrival order. The buffer is
   * replayed REPLAY_SLICE events at a time with a turn of the event loop between slices (a PBX that
   * flooded events during the resync must not stall health and the boards); events arriving meanwhile
   * join its end. False when a disconnect (a new generation) cut it short.
   */
  async function rebuild(lists: GatheredLists, mine: number): Promise<boolean> {
    const at = clock.now()
    const items = snapshotItems(lists)
    revision++
    const unknownBefore = state.dropped.outcomeUnknown
    applySnapshot(state, items, at, channelsNamed((buffer ?? []).map((h) => h.event)))
    const unknown = state.dropped.outcomeUnknown - unknownBefore
    if (unknown > 0)
      log.warn(
        { callers: unknown, total: state.dropped.outcomeUnknown },
        'waiting callers left while the PBX was not seen, and its counters cannot tell which were answered: recorded UNKNOWN, to be called back',
      )
    if (items.some((i) => i.type === 'ListComplete' && i.list === 'CoreShowChannels'))
      adopted = adoptInProgressCalls(state, items, at)
    replayed = 0
    while (buffer !== undefined && replayed < buffer.length) {
      const end = Math.min(buffer.length, replayed + REPLAY_SLICE)
      for (; replayed < end; replayed++) {
        const held = buffer[replayed]
        if (held !== undefined) reduceOne(held.event, held.receivedAt)
      }
      if (replayed < buffer.length) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        if (mine !== generation) return false
      }
    }
    buffer = undefined
    replayed = 0
    drainRecords()
    return true
  }

  async function resync(): Promise<void> {
    const mine = ++generation
    client.setPhase('resyncing', 'rebuilding state from lists')
    revision++
    beginResync(state, clock.now())
    buffer = []
    emitChange(['connection'], clock.now())
    const lists = await gatherSnapshotLists(client)
    if (mine !== generation) return
    if (lists.failed.some((f) => f.error instanceof AmiDisconnectedError)) {
      buffer = undefined
      log.warn({ failed: lists.failed.map((f) => f.list) }, 'connection lost during resync; will retry')
      return
    }
    lastResyncFailures = lists.failed.map((f) => `${f.list}: ${f.error.message}`)
    if (lastResyncFailures.length > 0) log.warn({ failed: lastResyncFailures }, 'resync lists failed')
    if (!(await rebuild(lists, mine))) return
    counters.resyncs++
    client.setPhase('live', 'state rebuilt')
    log.info(
      { channels: state.channels.size, queues: state.queues.size, resyncs: counters.resyncs },
      'telephony state resynced',
    )
    emitChange(ALL_CHANGE_KINDS, clock.now())
  }

  async function reconcile(): Promise<void> {
    if (reconciling || buffer !== undefined || client.getState().phase !== 'live') return
    reconciling = true
    const mine = generation
    buffer = []
    try {
      const lists = await gatherQueueStatus(client)
      if (mine !== generation || buffer === undefined) return
      if (lists.failed.length > 0) {
        // Nothing to reconcile against: replay what was held and carry on.
        const held = buffer
        buffer = undefined
        for (const { event, receivedAt } of held) apply(event, receivedAt)
        return
      }
      if (await rebuild(lists, mine)) emitChange(['queues', 'agents', 'calls'], clock.now())
    } finally {
      reconciling = false
    }
  }

  function tickNow(now: number): void {
    if (buffer !== undefined) return
    revision++
    tick(state, now)
    if (drainRecords()) emitChange(['calls', 'queues', 'agents'], now)
  }

  function onState(s: AmiConnectionState): void {
    health.onState(s)
    if (s.phase === 'connecting' || s.phase === 'down') {
      generation++
      buffer = undefined
      revision++
      if (!isStale(state)) beginResync(state, clock.now())
    }
    emitChange(['connection'], clock.now())
  }

  return {
    pbxId,
    state,
    statsConfig: config,
    actions: createTelephonyActions(client),
    start() {
      unsubscribe.push(
        client.on('event', (e) => onEvent(e.message, e.receivedAt)),
        client.on('state', onState),
        client.on('connected', () => {
          resync().catch((e: unknown) => log.error({ err: e }, 'resync failed'))
        }),
      )
      const reconcileMs = options.reconcileIntervalMs ?? 60_000
      if (reconcileMs > 0) {
        reconcileTimer = setInterval(() => {
          reconcile().catch((e: unknown) => log.error({ err: e }, 'reconciliation failed'))
        }, reconcileMs)
        reconcileTimer.unref()
      }
      const tickMs = options.tickIntervalMs ?? 1000
      if (tickMs > 0) {
        tickTimer = setInterval(() => tickNow(clock.now()), tickMs)
        tickTimer.unref()
      }
      client.start()
    },
    async stop() {
      clearInterval(reconcileTimer)
      clearInterval(tickTimer)
      generation++
      await client.stop()
      for (const u of unsubscribe.splice(0)) u()
    },
    reconnect() {
      log.info({}, 'reconnect requested')
      return client.reconnect('reconnect requested by an admin')
    },
    getStatus() {
      // Read often (health, metrics, the boards' connection view), so a rise is seen within seconds.
      health.onDropped(state.dropped.channels + state.dropped.queueCalls)
      const s = client.getState()
      const backlog = s.inbound + (buffer === undefined ? 0 : buffer.length - replayed)
      return {
        ...s,
        ...counters,
        stale: s.phase !== 'live' || isStale(state),
        lastResyncFailures,
        health: health.current(backlog),
        backlog,
        dropped: { ...state.dropped },
      }
    },
    stats(now = clock.now()) {
      const last = lastStats
      if (
        last !== undefined &&
        last.revision === revision &&
        now >= last.now &&
        now - last.now < STATS_REUSE_MS
      )
        return last.report
      const report = computeStats(acc, now, liveInputsOf(state, now))
      lastStats = { revision, now, report }
      return report
    },
    statsChanged() {
      revision++
    },
    loadHistory(finishedCalls, pauses) {
      revision++
      const items: Array<{ t: number; call?: FinishedCall; pause?: PauseInterval }> = []
      for (const call of finishedCalls) {
        if (seenCallKeys.has(call.callKey)) continue
        remember(call.callKey)
        items.push({ t: call.endedAt.getTime(), call })
      }
      for (const pause of pauses)
        if (pause.endedAt !== null) items.push({ t: pause.endedAt.getTime(), pause })
      items.sort((a, b) => a.t - b.t)
      for (const item of items) {
        if (item.call !== undefined) addFinishedCall(acc, item.call)
        else if (item.pause !== undefined) addPauseInterval(acc, item.pause)
      }
    },
    async flush() {
      const r = await client.send(build.ping())
      return r.ok
    },
    tick(now = clock.now()) {
      tickNow(now)
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },
    onRecords(listener) {
      recordListeners.add(listener)
      return () => recordListeners.delete(listener)
    },
  }
}

function union(
  a: readonly TelephonyChangeKind[],
  b: readonly TelephonyChangeKind[],
): readonly TelephonyChangeKind[] {
  return [...new Set([...a, ...b])]
}

export type * from './bridge/types.ts'
export type { TelephonyChangeKind } from './bridge/changes.ts'
export type { TelephonyActions, PauseMemberRequest, ActionDone } from './bridge/actions.ts'
