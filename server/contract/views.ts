/**
 * Live telephony wire shapes (docs/design.md §2.2–2.4): what `/api/v1/queues|agents|calls`, the realtime layer
 * and the wallboards send. Shared by server and client (types only). Times are ms since the epoch (UTC)
 * unless a name says otherwise; durations are seconds with one decimal.
 *
 * Personal data: only `CallView.callerNumber` / `callerName` carry any. They are optional so the kiosk
 * variant (`RedactedCallView`) has neither key at all; queue, agent, extension and PBX views never carry
 * caller data.
 */
import type { RecordingState } from './recordings.ts'

/**
 * Who may read live and stored calls (with caller numbers) and the agent list: the same roles over HTTP
 * (`GET /api/v1/calls`, `GET /api/v1/agents`) and over the socket (`calls`, `agents` views,
 * server/realtime/view-access.ts). Operators see the switchboard's calls in the santral console only.
 */
export const CALL_LIST_ROLES = ['supervisor', 'admin'] as const
export const AGENT_LIST_ROLES = ['supervisor', 'admin'] as const

/** The per-queue counters of one window as the boards receive them (the core keeps the same counters in
 * `QueueOutcomeCounts`, telephony/stats/aggregate.ts; the browser does not import the core). */
export interface QueueCounts {
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
  /**
   * Moved on to a unit by the santral console while still ringing, before any operator answered: counted
   * in `answered` and `transferred`, but no agent's. So the agents' answered calls add up to
   * answered − movedUnanswered (less the calls still talking). 0 on a call-centre queue.
   */
  movedUnanswered: number
  /**
   * Callers of the window still in the queue now, and those who just left it and whose outcome is
   * being decided (a few seconds). So offered = answered + abandoned + timedOut + exitEmpty + exitKey +
   * waitingNow + decidingNow, always (telephony/stats/aggregate.ts).
   */
  waitingNow: number
  decidingNow: number
  /** answered within T ÷ (answered + abandoned after T); null when nothing counted yet. */
  serviceLevelPct: number | null
  asaSec: number | null
  ahtSec: number | null
  abandonRatePct: number | null
}

export type QueueWindow = 'today' | 'last15' | 'last60'

/** One 5-minute slot of the last hour (oldest first, aligned to :00, :05 …). */
export interface QueueTrendPoint {
  /** Start of the slot. */
  from: number
  offered: number
  answered: number
  abandoned: number
  serviceLevelPct: number | null
}

export type QueueKindView = 'CALL_CENTRE' | 'SWITCHBOARD'

/** Metric thresholds set by admin per queue: a value crossing `amber`/`red` changes the tile colour. */
export interface MetricThreshold {
  amber: number
  red: number
  /** true: higher is worse (waiting, abandon rate); false: lower is worse (service level). */
  higherIsWorse: boolean
}

export type ThresholdMetric = 'waiting' | 'longestWaitSec' | 'serviceLevelPct' | 'abandonRatePct' | 'asaSec'

export interface AgentCounts {
  available: number
  onCall: number
  ringing: number
  /** Paused members, those still on a call included (counted in `onCall` too). */
  paused: number
  wrapUp: number
  unavailable: number
  /** On a call and paused (Asterisk's "in call, paused"): in both `onCall` and `paused`. */
  pausedOnCall: number
}

/** A queue now: the today window's counters flattened in (as `/api/v1/queues` returns them) plus live gauges. */
export interface QueueView extends QueueCounts {
  pbxId: string
  name: string
  /** Turkish display name (`444 1 575 Çağrı Merkezi`); the queue name when none is configured. */
  label: string
  kind: QueueKindView
  /**
   * Whether an admin saved this queue's settings (Yönetim › Santral). False for a queue Pano only knows
   * from the PBX: `label` is then the PBX's name and `kind` the call-centre default.
   */
  configured: boolean
  /** Callers waiting now. */
  waiting: number
  /** The oldest caller waiting now; null when nobody waits. */
  longestWaitSec: number | null
  serviceLevelSec: number
  shortAbandonSec: number
  /** Which formula the service level uses (Turkish, shown next to the tile). */
  serviceLevelFormula: string
  abandonRateFormula: string
  agents: AgentCounts
  /** Members paused now, by reason ('' = no reason given). */
  pauseReasons: Record<string, number>
  thresholds: Partial<Record<ThresholdMetric, MetricThreshold>>
  trend: QueueTrendPoint[]
  windows: Record<QueueWindow, QueueCounts>
  /** The PBX is resyncing or down: live gauges may be out of date. */
  stale: boolean
}

export type AgentState = 'available' | 'ringing' | 'on-call' | 'paused' | 'wrap-up' | 'unavailable'

/** One queue member interface (an agent in several queues is one AgentView). */
export interface AgentView {
  pbxId: string
  /** Queue member interface, e.g. `Local/1001@agents/n`. */
  interface: string
  name: string
  /** Pano user answering on this interface (User.memberInterface), if mapped. */
  userId: number | null
  queues: string[]
  state: AgentState
  /** When the current state began, if known. */
  since: number | null
  /**
   * While paused: the reason ('' when none was given). Also set while `state` is 'on-call': paused
   * during a call, the call still shows (Asterisk's `queue show`: "in call, paused").
   */
  pauseReason: string | null
  /** Paused by Asterisk after unanswered rings, not by the agent. */
  autoPaused: boolean
  answeredToday: number
  /** Rings not answered today. */
  missedToday: number
  talkSecToday: number
  pausedSecToday: number
  pausedByReasonSec: Record<string, number>
  /** (talk + after-call work) ÷ (logged-in time − pause) today; null without a login time. */
  occupancyPct: number | null
  /** The PBX is resyncing or down: the state shown may be out of date. */
  stale: boolean
}

export type CallPhase = 'waiting' | 'ringing' | 'talking' | 'on-hold'

/** A live call (grouped by Linkedid). */
export interface CallView {
  pbxId: string
  /** Linkedid now (it can change mid-call). */
  callId: string
  startedAt: number
  phase: CallPhase
  queue: string | null
  /** While waiting: seconds in the queue so far; after answer: the wait it had. */
  waitSec: number | null
  /** Since the agent (or the other party) answered; null before, or when not known (below). */
  answeredAt: number | null
  /**
   * Already talking when Pano (re)connected: when it was answered is not known, so `answeredAt` and
   * `waitSec` are null rather than the reconnect time (telephony/state/bridge-peers.ts).
   */
  answeredAtUnknown: boolean
  agentName: string | null
  agentInterface: string | null
  /** Channels in the call (a Local pair counts once). */
  parties: number
  /** E.164 where recognisable. Absent in the kiosk (redacted) variant. */
  callerNumber?: string | null
  callerName?: string | null
  /** The PBX is resyncing or down: the call may have ended or changed meanwhile. */
  stale: boolean
}

/** What wallboards and kiosk tokens receive: no personal data. */
export type RedactedCallView = Omit<CallView, 'callerNumber' | 'callerName'>

export type ExtensionState = 'idle' | 'ringing' | 'in-use' | 'busy' | 'unavailable'

/** A directory line's light (ExtensionStateList / ExtensionStatus, or the device state). */
export interface ExtensionView {
  pbxId: string
  number: string
  context: string
  state: ExtensionState
  onHold: boolean
  /** The PBX is resyncing or down: the light may be out of date. */
  stale: boolean
}

export type PbxConnectionState = 'connecting' | 'connected' | 'resyncing' | 'live' | 'down'

export interface PbxStatusView {
  id: string
  state: PbxConnectionState
  /** Why the state was entered ('logged in', 'socket closed; retry in 812 ms', 'auth-failed' …). */
  reason: string
  since: number
  /** ms since the last AMI event; null before the first one. */
  lastEventAgeMs: number | null
  reconnects: number
  /** AMI events Pano uses that could not be read (counted and skipped). */
  decodeErrors: number
  /** AMI events Pano does not use (counted and ignored). */
  unknownEvents: number
  /** The built-in simulator (demo mode). */
  simulated: boolean
  /** The connection as a monitor names it (/api/v1/health), and since when (ms epoch). */
  health: 'connecting' | 'connected' | 'resyncing' | 'disconnected' | 'auth_failed' | 'stopped'
  healthSince: number
  /** Why the PBX is degraded while connected: 'flapping', 'decode-errors', 'backlog', 'entries-dropped'; empty when fine. */
  degraded: string[]
  /** AMI messages received and not applied yet. */
  backlog: number
  /** AMI messages dropped for being over the size cap. */
  droppedFrames: number
  /**
   * Channels and queue callers dropped by the state's caps (telephony/state/caps.ts), and waiting
   * callers a resync found gone without knowing whether they were answered (telephony/state/resync.ts).
   */
  droppedEntries: { channels: number; queueCalls: number; outcomeUnknown: number }
}

/** Everything live on every PBX at one moment. */
export interface TelephonySnapshotView {
  at: number
  pbxs: PbxStatusView[]
  queues: QueueView[]
  agents: AgentView[]
  calls: CallView[]
  extensions: ExtensionView[]
  /** Written requests waiting for an agent (docs/intake.md §10); absent where nothing supplies them. */
  written?: WrittenWaitingView[]
}

/** Written requests of one channel waiting for an agent, for the wallboard: counts only, no personal data. */
export interface WrittenWaitingView {
  channel: 'WEB' | 'EPOSTA' | 'WHATSAPP'
  waiting: number
  /** ms epoch of the oldest waiting one; null when none waits. */
  oldestAt: number | null
}

/** `POST /api/v1/agents/pause` answer. */
export interface PauseResultView {
  pbxId: string
  interface: string
  paused: boolean
  reason: string | null
  /** Asterisk's own answer text (`Interface paused successfully`). */
  message: string
}

/**
 * A stored call answered and ended while Pano could not see the PBX: the browser's copy of
 * telephony/state/records.ts:answeredUnseen, over the view's ISO strings (the browser does not import
 * the telephony core).
 */
export function answeredUnseen(call: {
  readonly outcome: string
  readonly answeredAt: string | null
  readonly talkSec: number | null
}): boolean {
  return call.outcome === 'ANSWERED' && call.answeredAt === null && call.talkSec === null
}

/** `GET /api/v1/calls` (finished, from the database). */
export interface FinishedCallView {
  id: number
  pbxId: string
  linkedId: string
  /** The queue's name on the PBX (`cagri-merkezi`). */
  queue: string | null
  /** The queue as people name it (`444 1 575 Çağrı Merkezi`); null when Pano has no label for it. */
  queueLabel: string | null
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL'
  outcome: string
  callerNumber: string | null
  callerName: string | null
  citizenId: number | null
  agentName: string | null
  agentUserId: number | null
  /** ISO 8601 */
  enteredAt: string
  answeredAt: string | null
  endedAt: string
  waitSec: number
  talkSec: number | null
  transferredTo: string | null
  /** The call's recording for roles that may listen (server/contract/recordings.ts); null otherwise. */
  recording: RecordingState
}
