import type { FinishedCall, PauseInterval } from '../state/records.ts'
import {
  addCall,
  addInProgressBucket,
  addInProgressCall,
  addMissedRing,
  addPauseMs,
  newBucket,
  queueMetrics,
  round1,
  sumQueues,
  type Bucket,
  type InProgressCall,
  type QueueMetrics,
} from './aggregate.ts'
import {
  addFinishedCall,
  addPauseInterval,
  createStatsAccumulator,
  minutesBetween,
  todayBucket,
  type StatsAccumulator,
} from './accumulator.ts'
import { dayStartOf, formulaLabels, type StatsConfig } from './config.ts'

const MINUTE = 60_000
const DAY = 86_400_000

/** What only the live state knows: calls in progress, agents now, pauses still open. */
export interface LiveInputs {
  readonly queues: ReadonlyArray<{
    readonly name: string
    readonly callsWaiting: number
    readonly longestWaitSec: number | null
    readonly available: number
    readonly onCall: number
    readonly ringing: number
    /** Paused members, those on a call included (they count in `onCall` too). */
    readonly paused: number
    readonly wrapUp: number
    readonly unavailable: number
    /** Members on a call who are also paused (in `onCall` and in `paused`). */
    readonly pausedOnCall: number
  }>
  /** One entry per member interface. */
  readonly agents: ReadonlyArray<{
    readonly interface: string
    readonly name: string
    readonly loggedInSince: number | undefined
  }>
  readonly openPauses: ReadonlyArray<{
    readonly interface: string
    readonly name: string
    readonly reason: string
    readonly since: number
  }>
  /**
   * Queue calls not finished yet: offered from the minute they joined, answered from AgentConnect.
   * Their FinishedCall replaces them (the state drops the call as it emits the record), so a call is
   * never counted twice.
   */
  readonly calls: readonly InProgressCall[]
}

export const NO_LIVE_INPUTS: LiveInputs = { queues: [], agents: [], openPauses: [], calls: [] }

export interface AgentMetrics {
  readonly name: string
  readonly answered: number
  /** Rings not answered (AgentRingNoAnswer). */
  readonly missed: number
  readonly talkSec: number
  readonly pausedSec: number
  readonly pausedByReasonSec: Readonly<Record<string, number>>
  /** (talk + after-call work) ÷ (logged-in time − pause) in the window; null without a login time. */
  readonly occupancyPct: number | null
}

export interface WindowStats {
  readonly from: number
  readonly to: number
  readonly queues: Readonly<Record<string, QueueMetrics>>
  readonly agents: Readonly<Record<string, AgentMetrics>>
  readonly pbx: QueueMetrics
}

export interface StatsReport {
  readonly now: number
  readonly formulas: ReturnType<typeof formulaLabels>
  readonly today: WindowStats
  readonly last15: WindowStats
  readonly last60: WindowStats
  /** Twelve 5-minute slots, oldest first, for the trend chart. */
  readonly trend: ReadonlyArray<{
    readonly from: number
    readonly pbx: QueueMetrics
    readonly queues: Readonly<Record<string, QueueMetrics>>
  }>
  readonly live: LiveInputs['queues']
}

function sorted<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Per-agent metrics from a bucket, with open pauses and logged-in time clipped to [from, to]. */
function agentMetrics(
  bucket: Bucket,
  from: number,
  to: number,
  live: LiveInputs,
): Record<string, AgentMetrics> {
  for (const p of live.openPauses)
    addPauseMs(bucket, p.interface, p.name, p.reason, to - Math.max(from, p.since))
  const loginOf = new Map(live.agents.map((a) => [a.interface, a.loggedInSince]))
  return sorted(
    [...bucket.agents].map(([iface, a]): [string, AgentMetrics] => {
      const since = loginOf.get(iface)
      const loggedMs = since === undefined ? 0 : to - Math.max(from, since)
      const availableMs = loggedMs - a.pausedMs
      const handling = a.talkMs + a.acwMs
      return [
        iface,
        {
          name: a.name,
          answered: a.answered,
          missed: a.missed,
          talkSec: round1(a.talkMs / 1000),
          pausedSec: round1(a.pausedMs / 1000),
          pausedByReasonSec: sorted(
            Object.entries(a.pausedByReasonMs).map(([r, ms]): [string, number] => [r, round1(ms / 1000)]),
          ),
          occupancyPct: availableMs > 0 ? round1(Math.min(100, (handling / availableMs) * 100)) : null,
        },
      ]
    }),
  )
}

/**
 * A window's metrics. The agents' are worked out when first read: a flush of the queue boards reads
 * every window's queues many times a second and no window's agents, and with a few hundred agents over
 * an hour of minute buckets the agents were most of the work (2.65 → 0.94 ms a report, 200 agents).
 * The minute windows read the accumulator then, so a report is read on the turn it is made, as the
 * bridge's readers do (telephony/bridge.ts `stats`), before more records come in.
 */
function windowOf(
  queuesFrom: Bucket,
  from: number,
  to: number,
  agents: () => Record<string, AgentMetrics>,
): WindowStats {
  const queues = sorted([...queuesFrom.queues].map(([q, a]): [string, QueueMetrics] => [q, queueMetrics(a)]))
  let read: Record<string, AgentMetrics> | undefined
  const window = { from, to, queues } as { -readonly [K in keyof WindowStats]: WindowStats[K] }
  Object.defineProperty(window, 'agents', { enumerable: true, get: () => (read ??= agents()) })
  window.pbx = queueMetrics(sumQueues(queuesFrom))
  return window
}

/** Window metrics from a bucket, with open pauses and logged-in time clipped to [from, to]. */
export function windowStats(
  bucket: Bucket,
  from: number,
  to: number,
  live: LiveInputs,
  /** False: `agents` is left empty (the trend's slots show queues only). */
  withAgents = true,
): WindowStats {
  return windowOf(bucket, from, to, () => (withAgents ? agentMetrics(bucket, from, to, live) : {}))
}

/**
 * The in-progress calls' counts by the minute they joined: one pass per report, and every window then
 * adds a bucket per minute instead of every call (an overloaded queue holds hundreds, and the boards
 * read a report on every flush). The counts are whole numbers and milliseconds, so the sums are the
 * same in any order.
 */
type InProgressByMinute = ReadonlyMap<number, Bucket>

function inProgressByMinute(calls: readonly InProgressCall[], config: StatsConfig): InProgressByMinute {
  const out = new Map<number, Bucket>()
  for (const call of calls) {
    const m = Math.floor(call.enteredAt / MINUTE)
    let bucket = out.get(m)
    if (bucket === undefined) out.set(m, (bucket = newBucket()))
    addInProgressCall(bucket, call, config)
  }
  return out
}

/** Adds the in-progress calls that joined in minutes [fromMinute, toMinute] to a bucket (a copy). */
function addCallsJoinedIn(
  bucket: Bucket,
  byMinute: InProgressByMinute,
  fromMinute: number,
  toMinute: number,
): Bucket {
  // Whichever is fewer: the window's minutes, or the minutes that have calls in progress.
  if (toMinute - fromMinute + 1 <= byMinute.size) {
    for (let m = fromMinute; m <= toMinute; m++) {
      const calls = byMinute.get(m)
      if (calls !== undefined) addInProgressBucket(bucket, calls)
    }
  } else {
    for (const [m, calls] of byMinute)
      if (m >= fromMinute && m <= toMinute) addInProgressBucket(bucket, calls)
  }
  return bucket
}

/** The minute buckets from the one holding `now − minutes` to the current one (whole minutes). */
function minuteWindow(
  acc: StatsAccumulator,
  now: number,
  minutes: number,
  live: LiveInputs,
  byMinute: InProgressByMinute,
): WindowStats {
  const first = Math.floor((now - minutes * MINUTE) / MINUTE)
  const last = Math.floor(now / MINUTE)
  const queues = minutesBetween(acc, first, last, 'queues')
  return windowOf(addCallsJoinedIn(queues, byMinute, first, last), first * MINUTE, now, () =>
    agentMetrics(minutesBetween(acc, first, last, 'agents'), first * MINUTE, now, live),
  )
}

/** Today's bucket with the in-progress calls that joined today (a day starts on a whole minute). */
function todayWindow(
  acc: StatsAccumulator,
  now: number,
  live: LiveInputs,
  byMinute: InProgressByMinute,
): WindowStats {
  const from = dayStartOf(now, acc.config)
  const dayMinutes = [from / MINUTE, (from + DAY) / MINUTE - 1] as const
  const bucket = addCallsJoinedIn(todayBucket(acc, now), byMinute, ...dayMinutes)
  return windowStats(bucket, from, now, live)
}

export function computeStats(
  acc: StatsAccumulator,
  now: number,
  live: LiveInputs = NO_LIVE_INPUTS,
): StatsReport {
  const nowMinute = Math.floor(now / MINUTE)
  const slot = Math.floor(nowMinute / 5) * 5
  const byMinute = inProgressByMinute(live.calls, acc.config)
  const trend = []
  for (let i = 11; i >= 0; i--) {
    const from = slot - i * 5
    const queues = minutesBetween(acc, from, from + 4, 'queues')
    const b = addCallsJoinedIn(queues, byMinute, from, from + 4)
    const w = windowStats(b, from * MINUTE, Math.min(now, (from + 5) * MINUTE), NO_LIVE_INPUTS, false)
    trend.push({ from: from * MINUTE, pbx: w.pbx, queues: w.queues })
  }
  return {
    now,
    formulas: formulaLabels(acc.config),
    today: todayWindow(acc, now, live, byMinute),
    last15: minuteWindow(acc, now, 15, live, byMinute),
    last60: minuteWindow(acc, now, 60, live, byMinute),
    trend,
    live: live.queues,
  }
}

/** Records in the order they are produced: by end time. */
function byEnd(calls: readonly FinishedCall[], pauses: readonly PauseInterval[]) {
  const items: Array<{ t: number; call?: FinishedCall; pause?: PauseInterval }> = []
  for (const call of calls) items.push({ t: call.endedAt.getTime(), call })
  for (const pause of pauses) if (pause.endedAt !== null) items.push({ t: pause.endedAt.getTime(), pause })
  return items.sort((a, b) => a.t - b.t)
}

/**
 * Statistics from stored records alone (after a restart): the same numbers the live path gives for
 * the same records, live inputs and `now`.
 */
export function rebuildStats(
  finishedCalls: readonly FinishedCall[],
  pauses: readonly PauseInterval[],
  now: number,
  config: StatsConfig,
  live: LiveInputs = NO_LIVE_INPUTS,
): StatsReport {
  const acc = createStatsAccumulator(config)
  for (const item of byEnd(finishedCalls, pauses)) {
    if (item.call !== undefined) addFinishedCall(acc, item.call)
    else if (item.pause !== undefined) addPauseInterval(acc, item.pause)
  }
  return computeStats(acc, now, live)
}

/**
 * One window over a whole list of records (the replay CLI: the capture is the window). `inProgress`
 * adds the calls still waiting or talking, as the live windows do, so a report of today counts what
 * the wallboard counts at the same moment.
 */
export function statsOver(
  finishedCalls: readonly FinishedCall[],
  pauses: readonly PauseInterval[],
  from: number,
  to: number,
  config: StatsConfig,
  inProgress: readonly InProgressCall[] = [],
  /** Latest call entry counted; later than `to` when the PBX's clock may run ahead of ours. */
  callsUntil = to,
): WindowStats {
  const bucket = newBucket()
  for (const call of inProgress)
    if (call.enteredAt >= from && call.enteredAt <= callsUntil) addInProgressCall(bucket, call, config)
  for (const call of finishedCalls) {
    const t = call.enteredAt.getTime()
    if (t < from || t > callsUntil) continue
    addCall(bucket, call, config)
    for (const miss of call.missedBy) addMissedRing(bucket, miss.interface, miss.memberName)
  }
  for (const p of pauses) {
    const start = Math.max(from, p.startedAt.getTime())
    const end = Math.min(to, p.endedAt?.getTime() ?? to)
    addPauseMs(bucket, p.memberInterface, p.memberName, p.reason, end - start)
  }
  return windowStats(bucket, from, to, NO_LIVE_INPUTS)
}
