/**
 * Records the state layer produces for persistence (prisma/schema.prisma `Call`, `PauseInterval`).
 * Statistics are rebuilt from exactly these (telephony/stats/rebuild.ts).
 */

/**
 * `UNKNOWN`: a waiting caller who left while Pano did not see the PBX, when the PBX's counters could
 * not tell whether they were answered or gave up (state/resync.ts). Counted as offered, nothing else.
 */
export type CallOutcome =
  'ANSWERED' | 'ABANDONED' | 'TIMEOUT' | 'EXIT_EMPTY' | 'EXIT_KEY' | 'TRANSFERRED' | 'UNKNOWN'
export type CallDirection = 'INBOUND' | 'OUTBOUND' | 'INTERNAL'

/** A ring that was not answered (Call.missedBy JSON). */
export interface MissedBy {
  readonly interface: string
  readonly memberName: string
  /** ISO 8601 */
  readonly at: string
  readonly ringMs: number | null
}

/** One caller's stay in one queue. Idempotent key: (pbxId, callKey). */
export interface FinishedCall {
  readonly pbxId: string
  /** The caller channel's Uniqueid at queue entry (`<uniqueid>/<n>` for its n-th later entry). */
  readonly callKey: string
  readonly linkedId: string
  readonly direction: CallDirection
  readonly queue: string
  /** E.164 (+90…) where recognisable, else the digits as sent; null when withheld. */
  readonly callerNumber: string | null
  readonly callerName: string | null
  readonly agentName: string | null
  readonly agentInterface: string | null
  readonly enteredAt: Date
  readonly answeredAt: Date | null
  readonly endedAt: Date
  /** Seconds in the queue until answered or until leaving (ms precision). */
  readonly waitSec: number
  /** Seconds from AgentConnect to AgentComplete (includes hold); null when not answered. */
  readonly talkSec: number | null
  readonly outcome: CallOutcome
  readonly transferredTo: string | null
  /**
   * The recording's file as the PBX named it (MIXMONITOR_FILENAME / MONITOR_FILENAME, often an absolute
   * path on the PBX); absent when no recording was announced. The server maps it into its own folder.
   */
  readonly recordingFile?: string
  readonly missedBy: readonly MissedBy[]
}

/**
 * Answered and ended while Pano could not see the PBX (a reconnect or another node taking over:
 * state/resync-outcomes.ts): ANSWERED with no answer time and no talk. Its agent is not known and its
 * wait is only the part Pano saw.
 */
export function answeredUnseen(call: {
  // A string: a stored row's outcome (the database also knows FAILED) is asked the same question.
  readonly outcome: string
  readonly answeredAt: Date | null
  readonly talkSec: number | null
}): boolean {
  return call.outcome === 'ANSWERED' && call.answeredAt === null && call.talkSec === null
}

/** A member interface's pause (prisma PauseInterval). Key: (pbxId, memberInterface, startedAt). */
export interface PauseInterval {
  readonly pbxId: string
  readonly memberInterface: string
  readonly memberName: string
  readonly reason: string
  readonly startedAt: Date
  /** null while the pause goes on. */
  readonly endedAt: Date | null
}
