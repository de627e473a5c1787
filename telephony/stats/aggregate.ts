/**
 * Additive per-queue and per-agent aggregates of calls and pauses, and the metrics derived from them.
 * Only Pano's own per-call records go in (never Asterisk's Holdtime/TalkTime averages or its
 * counters). Finished calls come from the accumulator; calls still in the queue or still talking are
 * added at read time (addInProgressCall) to a copy, never to the accumulator.
 *
 * A call is offered when it joins the queue and answered at AgentConnect; answered includes
 * transferred (a transferred call was answered first, or, on a switchboard, moved on by the operator
 * while it still rang: dealt with after its wait, though nobody talked to the caller in the queue's
 * name). So, per queue and window:
 *   offered = answered + abandoned + timedOut + exitEmpty + exitKey + waitingNow + decidingNow
 * where waitingNow are callers still waiting and decidingNow callers who just left the queue and whose
 * outcome (abandon, timeout, exit) is decided within the state's grace period. Talking calls are in
 * answered (talkingNow of them). Per agent, answered and talk time come from finished calls only, and a
 * call moved on before anyone answered is no agent's (movedUnanswered of them):
 *   Σ agents.answered = answered − talkingNow − movedUnanswered.
 */
import { ownString } from '../ami/own-string.ts'
import { answeredUnseen, type FinishedCall } from '../state/records.ts'
import { thresholdsOf, type StatsConfig } from './config.ts'

/**
 * What became of a window's callers, per queue: the counters every view of a queue shares (the running
 * aggregate, the metrics read from it, the replay CLI's summary). The wire contract declares its own
 * copy in server/contract/views.ts, since the browser does not import the telephony core.
 */
export interface QueueOutcomeCounts {
  offered: number
  answered: number
  abandoned: number
  /** Abandoned after at most `shortAbandonSec`; counted in `abandoned`, left out of SL and abandon rate. */
  shortAbandoned: number
  timedOut: number
  exitEmpty: number
  exitKey: number
  /** Transferred: answered first, or moved on by the santral console while ringing (in `answered` too). */
  transferred: number
}

export interface QueueAgg extends QueueOutcomeCounts {
  /**
   * Transferred before anyone answered (the switchboard's Redirect): in answered and transferred, with
   * their wait in ASA and service level, but no talk: left out of AHT and of every agent's count.
   */
  movedUnanswered: number
  answeredWithinSl: number
  abandonedAfterSl: number
  /** Durations in whole milliseconds, so sums do not depend on the order records arrive in. */
  waitAnsweredMs: number
  talkMs: number
  acwMs: number
  /** In progress (read time only): still waiting in the queue. */
  waitingNow: number
  /** In progress: talking to an agent (counted in answered; not yet in talk time or AHT). */
  talkingNow: number
  /** In progress: left the queue, outcome not decided yet. */
  decidingNow: number
  /**
   * In progress and answered, but no AgentConnect was seen (taken over from a snapshot after a
   * restart or reconnect): counted in answered, its wait is known only when it ends, so it is left
   * out of ASA and SL until then.
   */
  waitUnknownNow: number
  /**
   * Finished ANSWERED while nobody watched the PBX (state/resync-outcomes.ts): in answered, with no
   * answer time, wait or talk known, so out of ASA, SL and AHT, and out of every agent's count.
   */
  answeredUnseen: number
}

export interface AgentAgg {
  name: string
  answered: number
  missed: number
  talkMs: number
  acwMs: number
  pausedMs: number
  pausedByReasonMs: Record<string, number>
}

export interface Bucket {
  readonly queues: Map<string, QueueAgg>
  readonly agents: Map<string, AgentAgg>
}

export const newBucket = (): Bucket => ({ queues: new Map(), agents: new Map() })

const newQueueAgg = (): QueueAgg => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  timedOut: 0,
  exitEmpty: 0,
  exitKey: 0,
  transferred: 0,
  movedUnanswered: 0,
  answeredWithinSl: 0,
  abandonedAfterSl: 0,
  waitAnsweredMs: 0,
  talkMs: 0,
  acwMs: 0,
  waitingNow: 0,
  talkingNow: 0,
  decidingNow: 0,
  answeredUnseen: 0,
  waitUnknownNow: 0,
})

/**
 * A bucket's entry for a queue or agent, created when missing. Keys and names parsed from an AMI message
 * are stored as strings of their own (`own`), since buckets outlive the call (own-string.ts); a merge
 * of buckets passes keys that already are, and skips the copy on the read path.
 */
function queueAgg(b: Bucket, queue: string, own = true): QueueAgg {
  let a = b.queues.get(queue)
  if (a === undefined) b.queues.set(own ? ownString(queue) : queue, (a = newQueueAgg()))
  return a
}

export function agentAgg(b: Bucket, iface: string, name: string, own = true): AgentAgg {
  let a = b.agents.get(iface)
  if (a === undefined) {
    a = {
      name: own ? ownString(name) : name,
      answered: 0,
      missed: 0,
      talkMs: 0,
      acwMs: 0,
      pausedMs: 0,
      pausedByReasonMs: {},
    }
    b.agents.set(own ? ownString(iface) : iface, a)
  }
  return a
}

/** The call's queue counts and its agent's answered/talk (not its missed rings: see addMissedRing). */
export function addCall(b: Bucket, call: FinishedCall, config: StatsConfig): void {
  const t = thresholdsOf(config, call.queue)
  const q = queueAgg(b, call.queue)
  q.offered++
  // Offered, as the PBX counts it; answered or given up, nobody can tell (state/resync.ts): neither.
  if (call.outcome === 'UNKNOWN') return
  switch (call.outcome) {
    case 'ANSWERED':
    case 'TRANSFERRED': {
      q.answered++
      if (call.outcome === 'TRANSFERRED') q.transferred++
      if (answeredUnseen(call)) {
        q.answeredUnseen++
        break
      }
      if (call.waitSec <= t.serviceLevelSec) q.answeredWithinSl++
      q.waitAnsweredMs += Math.round(call.waitSec * 1000)
      // Moved on by the switchboard while it rang (state/transfers.ts:redirectRequested): no talk.
      if (call.outcome === 'TRANSFERRED' && call.answeredAt === null && call.talkSec === null) {
        q.movedUnanswered++
        break
      }
      const talk = Math.round((call.talkSec ?? 0) * 1000)
      const acw = Math.round(t.wrapUpSec * 1000)
      q.talkMs += talk
      q.acwMs += acw
      if (call.agentInterface !== null) {
        const a = agentAgg(b, call.agentInterface, call.agentName ?? call.agentInterface)
        a.answered++
        a.talkMs += talk
        a.acwMs += acw
      }
      break
    }
    case 'ABANDONED':
      q.abandoned++
      if (call.waitSec <= t.shortAbandonSec) q.shortAbandoned++
      else if (call.waitSec > t.serviceLevelSec) q.abandonedAfterSl++
      break
    case 'TIMEOUT':
      q.timedOut++
      break
    case 'EXIT_EMPTY':
      q.exitEmpty++
      break
    case 'EXIT_KEY':
      q.exitKey++
      break
  }
}

/** A call still in progress, as the live state sees it at read time. */
export interface InProgressCall {
  readonly queue: string
  /** ms since epoch: the call counts in the window of the minute it joined, as it will when it ends. */
  readonly enteredAt: number
  /** waiting in the queue; talking with an agent (AgentConnect); deciding: left, outcome not yet known. */
  readonly phase: 'waiting' | 'talking' | 'deciding'
  /** Seconds waited until answered; null unless talking with a wait Pano measured (or was told). */
  readonly waitSec: number | null
}

/** An in-progress call's queue counts: offered, and answered with its wait once an agent took it. */
export function addInProgressCall(b: Bucket, call: InProgressCall, config: StatsConfig): void {
  const q = queueAgg(b, call.queue)
  q.offered++
  switch (call.phase) {
    case 'waiting':
      q.waitingNow++
      return
    case 'deciding':
      q.decidingNow++
      return
    case 'talking':
      q.answered++
      q.talkingNow++
      if (call.waitSec === null) {
        q.waitUnknownNow++
        return
      }
      if (call.waitSec <= thresholdsOf(config, call.queue).serviceLevelSec) q.answeredWithinSl++
      q.waitAnsweredMs += Math.round(call.waitSec * 1000)
  }
}

/**
 * Adds a bucket made by addInProgressCall alone to another: only the counters that function moves, so
 * a window adds one bucket per minute of calls in progress instead of every call (stats/report.ts).
 */
export function addInProgressBucket(target: Bucket, source: Bucket): void {
  for (const [name, s] of source.queues) {
    const t = queueAgg(target, name, false)
    t.offered += s.offered
    t.answered += s.answered
    t.answeredWithinSl += s.answeredWithinSl
    t.waitAnsweredMs += s.waitAnsweredMs
    t.waitingNow += s.waitingNow
    t.talkingNow += s.talkingNow
    t.decidingNow += s.decidingNow
    t.waitUnknownNow += s.waitUnknownNow
  }
}

export function addMissedRing(b: Bucket, iface: string, name: string): void {
  agentAgg(b, iface, name).missed++
}

export function addPauseMs(b: Bucket, iface: string, name: string, reason: string, ms: number): void {
  if (ms <= 0) return
  const a = agentAgg(b, iface, name)
  a.pausedMs += ms
  a.pausedByReasonMs[reason] = (a.pausedByReasonMs[reason] ?? 0) + ms
}

/** Which aggregates a merge adds up: the queues' alone where no agent figure is read. */
export type BucketParts = 'all' | 'queues' | 'agents'

export function mergeInto(target: Bucket, source: Bucket, parts: BucketParts = 'all'): void {
  if (parts !== 'agents')
    for (const [name, s] of source.queues) {
      const t = queueAgg(target, name, false)
      for (const k of Object.keys(s) as Array<keyof QueueAgg>) t[k] += s[k]
    }
  if (parts === 'queues') return
  for (const [iface, s] of source.agents) {
    const t = agentAgg(target, iface, s.name, false)
    t.answered += s.answered
    t.missed += s.missed
    t.talkMs += s.talkMs
    t.acwMs += s.acwMs
    t.pausedMs += s.pausedMs
    for (const [r, v] of Object.entries(s.pausedByReasonMs))
      t.pausedByReasonMs[r] = (t.pausedByReasonMs[r] ?? 0) + v
  }
}

export interface QueueMetrics extends QueueOutcomeCounts {
  /**
   * Moved on by the santral console while still ringing, before anyone answered: in `answered` and
   * `transferred` but no agent's, so Σ agents' answered = answered − talkingNow − movedUnanswered.
   */
  movedUnanswered: number
  answeredWithinSl: number
  abandonedAfterSl: number
  /** Calls in progress in the window (see the identity at the top of this file). */
  waitingNow: number
  talkingNow: number
  decidingNow: number
  /** Talk time of finished answered calls. */
  talkSec: number
  /**
   * answered within T ÷ (answered + abandoned after T), short abandons excluded; answered calls whose
   * wait is not known (waitUnknownNow, answeredUnseen) are left out; null when nothing counted.
   */
  serviceLevelPct: number | null
  /** Σ wait of answered ÷ answered, talking calls included (their wait is known at AgentConnect). */
  asaSec: number | null
  /**
   * (talk incl. hold + after-call work) ÷ finished answered calls that had a talk: a talking call's talk
   * is not known yet, and a call moved on before anyone answered had none.
   */
  ahtSec: number | null
  /** abandoned (not short) ÷ (answered + abandoned (not short)) */
  abandonRatePct: number | null
}

export const round1 = (x: number): number => Math.round(x * 10) / 10
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den)
const pct = (num: number, den: number): number | null => {
  const r = ratio(num, den)
  return r === null ? null : round1(r * 100)
}

export function queueMetrics(a: QueueAgg): QueueMetrics {
  const abandonedNotShort = a.abandoned - a.shortAbandoned
  const answeredWaitKnown = a.answered - a.waitUnknownNow - a.answeredUnseen
  const asa = ratio(a.waitAnsweredMs / 1000, answeredWaitKnown)
  const aht = ratio(
    (a.talkMs + a.acwMs) / 1000,
    a.answered - a.talkingNow - a.movedUnanswered - a.answeredUnseen,
  )
  return {
    offered: a.offered,
    answered: a.answered,
    abandoned: a.abandoned,
    shortAbandoned: a.shortAbandoned,
    timedOut: a.timedOut,
    exitEmpty: a.exitEmpty,
    exitKey: a.exitKey,
    transferred: a.transferred,
    movedUnanswered: a.movedUnanswered,
    answeredWithinSl: a.answeredWithinSl,
    abandonedAfterSl: a.abandonedAfterSl,
    waitingNow: a.waitingNow,
    talkingNow: a.talkingNow,
    decidingNow: a.decidingNow,
    talkSec: round1(a.talkMs / 1000),
    serviceLevelPct: pct(a.answeredWithinSl, answeredWaitKnown + a.abandonedAfterSl),
    asaSec: asa === null ? null : round1(asa),
    ahtSec: aht === null ? null : round1(aht),
    abandonRatePct: pct(abandonedNotShort, a.answered + abandonedNotShort),
  }
}

export function sumQueues(b: Bucket): QueueAgg {
  const total = newQueueAgg()
  for (const a of b.queues.values()) for (const k of Object.keys(a) as Array<keyof QueueAgg>) total[k] += a[k]
  return total
}
