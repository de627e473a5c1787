/**
 * Stored call and pause rows back into the telephony core's records (telephony/state/records.ts), for
 * the statistics a restarted server rebuilds and for the reports. One conversion, so a column added to
 * `Call` is read back the same way everywhere.
 */
import type { CallOutcome, FinishedCall, MissedBy, PauseInterval } from '../../../telephony/index.ts'

/** The `Call` columns a FinishedCall is made of (caller fields may be left out: the reports never read them). */
export interface StoredCallRow {
  pbxId: string
  callKey: string
  linkedId: string
  direction: FinishedCall['direction']
  queue: string | null
  callerNumber?: string | null
  callerName?: string | null
  agentName: string | null
  agentInterface: string | null
  enteredAt: Date
  answeredAt: Date | null
  endedAt: Date
  waitSec: number
  talkSec: number | null
  outcome: string
  transferredTo?: string | null
  missedBy: unknown
}

export function finishedCallOf(row: StoredCallRow): FinishedCall {
  return {
    pbxId: row.pbxId,
    callKey: row.callKey,
    linkedId: row.linkedId,
    direction: row.direction,
    queue: row.queue ?? '',
    callerNumber: row.callerNumber ?? null,
    callerName: row.callerName ?? null,
    agentName: row.agentName,
    agentInterface: row.agentInterface,
    enteredAt: row.enteredAt,
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    waitSec: row.waitSec,
    talkSec: row.talkSec,
    outcome: row.outcome as CallOutcome,
    transferredTo: row.transferredTo ?? null,
    missedBy: missedByOf(row.missedBy),
  }
}

export function pauseIntervalOf(row: PauseInterval): PauseInterval {
  return {
    pbxId: row.pbxId,
    memberInterface: row.memberInterface,
    memberName: row.memberName,
    reason: row.reason,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  }
}

/** `Call.missedBy` (JSON) as written by the recorder; malformed entries are skipped. */
export function missedByOf(raw: unknown): MissedBy[] {
  if (!Array.isArray(raw)) return []
  return raw.flatMap((m: unknown): MissedBy[] => {
    if (typeof m !== 'object' || m === null) return []
    const r = m as Record<string, unknown>
    const iface = r['interface']
    if (typeof iface !== 'string' || typeof r['at'] !== 'string') return []
    return [
      {
        interface: iface,
        memberName: typeof r['memberName'] === 'string' ? r['memberName'] : iface,
        at: r['at'],
        ringMs: typeof r['ringMs'] === 'number' ? r['ringMs'] : null,
      },
    ]
  })
}
