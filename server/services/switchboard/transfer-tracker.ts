/**
 * What became of a transfer, read from the live state. Pure: the tracked transfer,
 * the PBX's state and the time come in; what changed comes out, and the caller persists it.
 *
 * - answered by the unit: the transferee is in a bridge with a channel of the target device;
 * - not answered: the target's channel rang and went away unanswered, or the alert time passed, and
 *   then the caller was lost (blind) or came back to the operator (attended consult);
 * - caller hung up: the transferee's channel ended before any of that. A caller hanging up while the
 *   unit rings ends the unit's ringing first (Asterisk asks the caller's channel to hang up, the dial
 *   ends CANCEL and the unit's channel goes, then the caller's channel), so a target gone while the
 *   transferee is already asked to hang up is the caller leaving, not the unit giving up;
 * - returned: set by the operator's action (CancelAtxfer, or Redirect back), not here.
 */
import type { TelephonyState } from '../../../telephony/index.ts'

export type DecidedOutcome = 'ANSWERED' | 'NOT_ANSWERED' | 'CALLER_HUNG_UP'

export interface TrackedTransfer {
  readonly id: number
  readonly pbxId: string
  readonly callId: string
  readonly kind: 'BLIND' | 'ATTENDED'
  /** The caller's channel (the one being transferred). */
  readonly transfereeUid: string
  /** The operator's channel in the caller's bridge (attended: the consulting side). */
  readonly transfererName: string
  /** Target device (`PJSIP/2002`); its channels are the unit answering. */
  readonly device: string
  readonly targetExten: string
  readonly targetLabel: string
  readonly unitId: number | null
  readonly unitName: string | null
  readonly operatorId: number | null
  readonly operatorName: string | null
  readonly callerNumber: string | null
  readonly startedAt: number
  targetSeen: boolean
  /** The target's channel went away without answering. */
  targetGone: boolean
  /** Attended: the unit answered the consult call. */
  consultAnswered: boolean
  alerted: boolean
}

export type TrackerStep =
  | { kind: 'alert'; reason: 'timeout' | 'target-gone' }
  | { kind: 'consult-answered' }
  | { kind: 'decided'; outcome: DecidedOutcome; at: number }

function isDeviceChannel(name: string, device: string): boolean {
  return name.startsWith(`${device}-`) || name.startsWith(`${device};`)
}

function bridgedWithDevice(state: TelephonyState, uniqueId: string, device: string): boolean {
  const ch = state.channels.get(uniqueId)
  if (ch?.bridgeId === undefined) return false
  for (const other of state.bridges.get(ch.bridgeId)?.channels ?? []) {
    if (other === uniqueId) continue
    const o = state.channels.get(other)
    if (o !== undefined && isDeviceChannel(o.name, device)) return true
  }
  return false
}

function channelByName(state: TelephonyState, name: string): string | undefined {
  for (const c of state.channels.values()) if (c.name === name) return c.uniqueId
  return undefined
}

/** Is a channel of the target device alive in this transfer's call (or the transferer's consult)? */
function targetAlive(state: TelephonyState, t: TrackedTransfer): boolean {
  const callIds = new Set<string>([t.callId])
  const transferee = state.channels.get(t.transfereeUid)
  if (transferee !== undefined) callIds.add(transferee.callId)
  const transferer = channelByName(state, t.transfererName)
  if (transferer !== undefined) callIds.add(state.channels.get(transferer)?.callId ?? '')
  for (const c of state.channels.values())
    if (callIds.has(c.callId) && isDeviceChannel(c.name, t.device)) return true
  return false
}

/** Steps since the last look; updates the tracked flags. `alertAfterMs` 0 = never alert on time. */
export function observeTransfer(
  t: TrackedTransfer,
  state: TelephonyState,
  now: number,
  alertAfterMs: number,
): TrackerStep[] {
  const steps: TrackerStep[] = []
  if (bridgedWithDevice(state, t.transfereeUid, t.device))
    return [{ kind: 'decided', outcome: 'ANSWERED', at: now }]
  const transferee = state.channels.get(t.transfereeUid)
  if (transferee === undefined) {
    const unanswered = t.targetGone || t.alerted
    return [{ kind: 'decided', outcome: unanswered ? 'NOT_ANSWERED' : 'CALLER_HUNG_UP', at: now }]
  }
  const alive = targetAlive(state, t)
  if (alive) t.targetSeen = true
  else if (t.targetSeen && !t.targetGone && transferee.hangupRequestedAt === undefined) {
    t.targetGone = true
    if (!t.alerted) {
      t.alerted = true
      steps.push({ kind: 'alert', reason: 'target-gone' })
    }
  }
  if (t.kind === 'ATTENDED') {
    const transferer = channelByName(state, t.transfererName)
    if (!t.consultAnswered && transferer !== undefined && bridgedWithDevice(state, transferer, t.device)) {
      t.consultAnswered = true
      steps.push({ kind: 'consult-answered' })
    }
    // The consult ended unanswered and the operator has the caller again.
    if (t.targetGone && !t.consultAnswered && transferer !== undefined) {
      const a = state.channels.get(transferer)?.bridgeId
      if (a !== undefined && a === transferee.bridgeId) {
        steps.push({ kind: 'decided', outcome: 'NOT_ANSWERED', at: now })
        return steps
      }
    }
  }
  if (!t.alerted && alertAfterMs > 0 && now - t.startedAt >= alertAfterMs && !t.consultAnswered) {
    t.alerted = true
    steps.push({ kind: 'alert', reason: 'timeout' })
  }
  return steps
}
