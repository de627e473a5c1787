/**
 * The live telephony model (docs/design.md §2.2). One object per PBX.
 *
 * Design: `reduce(state, event, receivedAt)` updates the given state IN PLACE and returns it. The
 * reducer is still a pure function of its inputs (no clock, no I/O, no globals): the same events at
 * the same times give the same state. In-place updates keep the hot path at millions of events per
 * second without copying maps of live channels on every event (bench/state.ts); callers that need
 * an immutable view take it with the selectors in select.ts, which return fresh plain objects.
 */
import { ownString } from '../ami/own-string.ts'
import type { FinishedCall, PauseInterval } from './records.ts'

/** Default caps for caps.ts: far above a municipal call centre's real load (hundreds of channels). */
export const DEFAULT_MAX_CHANNELS = 20_000
export const DEFAULT_MAX_QUEUE_CALLS = 5_000

export interface StateConfig {
  readonly pbxId: string
  /** Queue wrap-up seconds by queue (Asterisk does not announce a queue's wrapuptime); default 0. */
  readonly wrapUpSec: Readonly<Record<string, number>>
  /**
   * After a caller leaves a queue without an agent, how long a hangup still counts as the caller
   * hanging up (a real abandon) rather than the caller moving on in the dialplan (timeout, exit).
   */
  readonly leaveGraceMs: number
  /** Transfers kept for the switchboard view. */
  readonly recentTransfers: number
  /**
   * Queues configured with leavewhenempty (Asterisk does not report it). Only for these is a caller
   * who leaves while no member can take calls counted as EXIT_EMPTY when QUEUESTATUS is not seen.
   */
  readonly leaveWhenEmpty: Readonly<Record<string, boolean>>
  /** Most channels held; past it the oldest are dropped and counted (caps.ts). */
  readonly maxChannels: number
  /** Most open queue calls held; past it the oldest are dropped and counted (caps.ts). */
  readonly maxQueueCalls: number
}

export type ChannelLight = 'idle' | 'ringing' | 'inUse' | 'busy' | 'unavailable' | 'onHold' | 'unknown'

export interface Channel {
  readonly uniqueId: string
  callId: string
  name: string
  state: number
  stateDesc: string | undefined
  callerNum: string | undefined
  callerName: string | undefined
  connectedNum: string | undefined
  connectedName: string | undefined
  context: string | undefined
  exten: string | undefined
  createdAt: number
  answeredAt: number | undefined
  /** Up already when a resync found it: when it was answered is not known (answeredAt undefined). */
  answeredAtUnknown: boolean
  bridgeId: string | undefined
  hangupRequestedAt: number | undefined
  holdSince: number | undefined
  /** `Local/x@ctx-0000abcd` for either half of a Local channel. */
  localBase: string | undefined
  /** The file MixMonitor/Monitor records this channel to (MIXMONITOR_FILENAME, recordings.ts). */
  recordingFile: string | undefined
}

export interface Bridge {
  readonly bridgeId: string
  bridgeType: string | undefined
  technology: string | undefined
  readonly channels: Set<string>
  createdAt: number
}

export interface LocalPair {
  readonly base: string
  oneId: string | undefined
  twoId: string | undefined
  /** False for `/n` pairs, which never optimise away. */
  optimizable: boolean
  optimizing: boolean
  optimized: boolean
}

export interface QueueMember {
  readonly queue: string
  readonly interface: string
  name: string
  stateInterface: string | undefined
  membership: string | undefined
  paused: boolean
  pausedReason: string | undefined
  pausedSince: number | undefined
  /** AST_DEVICE_* of the member's state interface. */
  status: number | undefined
  inCall: boolean
  /** Queue call this member is being rung for (AgentCalled until connect / no answer). */
  ringingFor: string | undefined
  ringingSince: number | undefined
  /** Queue call this member is connected to (AgentConnect until AgentComplete). */
  onCallKey: string | undefined
  onCallSince: number | undefined
  lastCallEndedAt: number | undefined
  wrapUpSec: number | undefined
  loggedInSince: number | undefined
  callsTaken: number | undefined
}

export interface QueueInfo {
  readonly name: string
  strategy: string | undefined
  serviceLevelSec: number | undefined
  /** Waiting callers by caller Uniqueid. */
  readonly callers: Map<string, WaitingCaller>
  /** Members by interface. */
  readonly members: Map<string, QueueMember>
  /**
   * The PBX's Completed and Abandoned counters at the last QueueStatus, and how many AgentComplete and
   * QueueCallerAbandon events were applied since: a resync compares them (state/resync-outcomes.ts).
   */
  pbxCounters?: { completed: number; abandoned: number; seenCompleted: number; seenAbandoned: number }
}

export interface WaitingCaller {
  readonly uniqueId: string
  readonly callKey: string
  channel: string
  position: number
  readonly enteredAt: number
}

export type QueueCallPhase = 'waiting' | 'left' | 'abandoned' | 'connected' | 'completing'

export interface MissedRing {
  readonly interface: string
  readonly memberName: string
  readonly at: number
  readonly ringMs: number | undefined
}

/** A caller's stay in one queue, from QueueCallerJoin until its FinishedCall is emitted. */
export interface QueueCall {
  readonly callKey: string
  readonly uniqueId: string
  readonly queue: string
  linkedId: string
  callerNum: string | undefined
  callerName: string | undefined
  /** When the caller joined; for a call taken over from a resync, corrected by its AgentComplete's HoldTime. */
  enteredAt: number
  phase: QueueCallPhase
  /** When the phase has to be decided by (left/abandoned/completing/connected after caller hangup). */
  deadline: number | undefined
  leftAt: number | undefined
  abandonHoldSec: number | undefined
  /** No member could take calls when the caller abandoned (leave-when-empty). */
  emptyAtAbandon: boolean
  queueStatus: string | undefined
  answeredAt: number | undefined
  /**
   * Found talking by a resync: when the agent answered is not known (answeredAt is only a lower bound
   * until AgentComplete tells the talk time). Views show no answer time and no wait (bridge-peers.ts).
   */
  answeredAtUnknown: boolean
  connectHoldSec: number | undefined
  agentInterface: string | undefined
  agentName: string | undefined
  memberUniqueId: string | undefined
  completedAt: number | undefined
  completeReason: string | undefined
  talkTimeSec: number | undefined
  callerHungUpAt: number | undefined
  /**
   * Where a transfer sent the call: named by BlindTransfer/AttendedTransfer, or by the switchboard's own
   * Redirect of a caller nobody had answered yet (transfers.ts:redirectRequested).
   */
  transferredTo: string | undefined
  /** The recording of this call as the PBX named it (recordings.ts); undefined when none was seen. */
  recordingFile: string | undefined
  readonly missedBy: MissedRing[]
}

export interface TransferRecord {
  readonly kind: 'blind' | 'attended'
  readonly at: number
  readonly result: string
  readonly callId: string
  readonly transfererChannel: string
  readonly transfereeUniqueId: string | undefined
  readonly transfereeNum: string | undefined
  /** `2001@departments` (blind) or the target's number/channel (attended). */
  readonly target: string | undefined
  /** True once the transferee is talking to the target; false when that failed; undefined while unknown. */
  answered: boolean | undefined
  answeredAt: number | undefined
}

export interface ExtensionLight {
  readonly exten: string
  readonly context: string
  hint: string | undefined
  light: ChannelLight
}

export interface TelephonyState {
  readonly config: StateConfig
  readonly channels: Map<string, Channel>
  readonly bridges: Map<string, Bridge>
  readonly localPairs: Map<string, LocalPair>
  readonly queues: Map<string, QueueInfo>
  /** Open queue calls by callKey. */
  readonly queueCalls: Map<string, QueueCall>
  /** Caller Uniqueid → callKey of its open queue call. */
  readonly callKeyByCaller: Map<string, string>
  /** Open queue calls whose phase waits on a deadline (small: only calls deciding right now). */
  readonly pending: Set<string>
  /** Pause per member interface (one interval even when paused in several queues). */
  readonly pauses: Map<string, { reason: string; since: number; memberName: string }>
  readonly devices: Map<string, ChannelLight>
  readonly extensions: Map<string, ExtensionLight>
  readonly transfers: TransferRecord[]
  /** Uniqueids that hung up recently: later events about them are late or duplicates (§9). Bounded. */
  readonly hungUp: RecentIds
  /** How many queue entries each live caller channel made (a second entry gets its own callKey). */
  readonly entriesByCaller: Map<string, number>
  /** Records produced and not yet taken by takeRecords(). */
  readonly outbox: { finishedCalls: FinishedCall[]; pauses: PauseInterval[] }
  /**
   * Entries dropped by the caps of caps.ts (a flood or a PBX that never ends its channels), and
   * `outcomeUnknown`: waiting callers a resync found gone whose outcome the PBX's counters could not
   * tell (resync.ts). Those are not dropped any more but finished UNKNOWN; the count stays here, where
   * health and /metrics have always read it.
   */
  readonly dropped: { channels: number; queueCalls: number; outcomeUnknown: number }
  /** Set between beginResync and applySnapshot: views are stale. */
  resyncStartedAt: number | undefined
  /**
   * The last event before Pano lost sight of the PBX (set when a resync begins): a caller still
   * waiting then left the queue after it (state/resync.ts). Events of the new connection come later.
   */
  heardUntil: number | undefined
  lastEventAt: number | undefined
}

export const HUNG_UP_MEMORY = 4096

/**
 * The last `capacity` ids added, for membership tests. A ring buffer evicts the oldest, because
 * deleting a Map's first key over and over makes V8 skip ever more tombstones on the next lookup. Ids
 * are kept as strings of their own, not as views into the AMI message they came from (own-string.ts).
 */
export class RecentIds {
  private readonly ring: Array<string | undefined>
  private readonly ids = new Set<string>()
  private next = 0

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity).fill(undefined)
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }

  add(id: string): void {
    if (this.ids.has(id)) return
    const old = this.ring[this.next]
    if (old !== undefined) this.ids.delete(old)
    const own = ownString(id)
    this.ring[this.next] = own
    this.ids.add(own)
    this.next = (this.next + 1) % this.capacity
  }

  get size(): number {
    return this.ids.size
  }
}

export function createTelephonyState(config: Partial<StateConfig> & { pbxId: string }): TelephonyState {
  return {
    config: {
      pbxId: config.pbxId,
      wrapUpSec: config.wrapUpSec ?? {},
      leaveGraceMs: config.leaveGraceMs ?? 1000,
      recentTransfers: config.recentTransfers ?? 50,
      leaveWhenEmpty: config.leaveWhenEmpty ?? {},
      maxChannels: config.maxChannels ?? DEFAULT_MAX_CHANNELS,
      maxQueueCalls: config.maxQueueCalls ?? DEFAULT_MAX_QUEUE_CALLS,
    },
    channels: new Map(),
    bridges: new Map(),
    localPairs: new Map(),
    queues: new Map(),
    queueCalls: new Map(),
    callKeyByCaller: new Map(),
    pending: new Set(),
    pauses: new Map(),
    devices: new Map(),
    extensions: new Map(),
    transfers: [],
    hungUp: new RecentIds(HUNG_UP_MEMORY),
    entriesByCaller: new Map(),
    outbox: { finishedCalls: [], pauses: [] },
    dropped: { channels: 0, queueCalls: 0, outcomeUnknown: 0 },
    resyncStartedAt: undefined,
    heardUntil: undefined,
    lastEventAt: undefined,
  }
}

/** Takes (and clears) the finished calls and closed pause intervals produced so far. */
export function takeRecords(state: TelephonyState): {
  finishedCalls: FinishedCall[]
  pauses: PauseInterval[]
} {
  const out = { finishedCalls: state.outbox.finishedCalls, pauses: state.outbox.pauses }
  state.outbox.finishedCalls = []
  state.outbox.pauses = []
  return out
}

export function getQueue(state: TelephonyState, name: string): QueueInfo {
  let q = state.queues.get(name)
  if (q === undefined) {
    q = { name, strategy: undefined, serviceLevelSec: undefined, callers: new Map(), members: new Map() }
    state.queues.set(name, q)
  }
  return q
}
