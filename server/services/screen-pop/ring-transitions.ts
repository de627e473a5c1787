/**
 * Which screen-pop moments happened, read from the telephony state (pure). The bridge's reducer keeps,
 * per queue member, the call it is being rung for (`ringingFor`, set by AgentCalled, cleared by
 * AgentRingNoAnswer or when the call is answered elsewhere or abandoned) and the call it is connected to
 * (`onCallKey`, AgentConnect until AgentComplete). Comparing what a member had before and after an event
 * gives the pop's moments without a second decoder, and a resync (state rebuilt from lists) lands on
 * the same answers.
 */
import type { TelephonyState } from '../../../telephony/index.ts'

/** What one member interface is doing: the queue call keys it rings for / talks on. */
export interface MemberCalls {
  ringing: string | undefined
  onCall: string | undefined
}

export type RingTransition =
  | { kind: 'ring'; callKey: string }
  | { kind: 'connect'; callKey: string }
  | { kind: 'retract'; callKey: string }
  | { kind: 'end'; callKey: string }

const IDLE: MemberCalls = { ringing: undefined, onCall: undefined }

/** The calls of every watched interface present on this PBX (a member of several queues counts once). */
export function observeMembers(
  state: TelephonyState,
  watched: ReadonlySet<string>,
): Map<string, MemberCalls> {
  const seen = new Map<string, MemberCalls>()
  for (const queue of state.queues.values()) {
    for (const m of queue.members.values()) {
      if (!watched.has(m.interface)) continue
      const current = seen.get(m.interface) ?? { ringing: undefined, onCall: undefined }
      current.ringing ??= m.ringingFor
      current.onCall ??= m.onCallKey
      seen.set(m.interface, current)
    }
  }
  return seen
}

/** The moments between two observations of one member, in the order the UI must see them. */
export function transitionsOf(
  before: MemberCalls | undefined,
  after: MemberCalls | undefined,
): RingTransition[] {
  const b = before ?? IDLE
  const a = after ?? IDLE
  const out: RingTransition[] = []
  if (b.onCall !== undefined && b.onCall !== a.onCall) out.push({ kind: 'end', callKey: b.onCall })
  if (b.ringing !== undefined && b.ringing !== a.ringing && b.ringing !== a.onCall)
    out.push({ kind: 'retract', callKey: b.ringing })
  if (a.ringing !== undefined && a.ringing !== b.ringing && a.ringing !== a.onCall)
    out.push({ kind: 'ring', callKey: a.ringing })
  if (a.onCall !== undefined && a.onCall !== b.onCall) out.push({ kind: 'connect', callKey: a.onCall })
  return out
}
