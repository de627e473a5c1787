/**
 * Live calls for the console, from one PBX's state. Pure. A call is shown when it is
 * on a switchboard queue, on an operator's line, or being transferred by the console, and is not the
 * müdür's own listening leg. The channels to
 * act on (transferer, transferee) are found here too, always from the state, never from the browser.
 */
import type { SwitchboardCallState, SwitchboardCallView } from '../../contract/switchboard.ts'
import { normaliseCallerNumber, selectCentreCalls, type TelephonyState } from '../../../telephony/index.ts'
import type { TrackedTransfer } from './transfer-tracker.ts'

export interface OperatorLine {
  readonly userId: number
  readonly name: string
  /** Queue member interfaces (`Local/3001@operators/n`, `PJSIP/3001`). */
  readonly memberInterfaces: readonly string[]
  /** The operator's own phone (`3001`). */
  readonly extension: string | null
}

export interface CallsInput {
  readonly pbxId: string
  readonly state: TelephonyState
  readonly switchboardQueues: ReadonlySet<string>
  readonly operators: readonly OperatorLine[]
  /** Open transfers of this PBX by callId. */
  readonly transfers: ReadonlyMap<string, TrackedTransfer>
  readonly citizenNameOf: (e164: string) => string | null
  /** A queue's label (Queue.label); absent: the console says "kuyruk" without a name. */
  readonly queueLabelOf?: (queue: string) => string | null
}

/** The channels a transfer of this call acts on. */
export type TransferHandle =
  | { kind: 'bridged'; transferer: string; transfereeUid: string; transfereeName: string }
  | { kind: 'waiting'; callerChannel: string; transfereeUid: string }

/** Whether a channel name belongs to one of the operators' lines. */
export function operatorOfChannel(
  name: string,
  operators: readonly OperatorLine[],
): OperatorLine | undefined {
  for (const o of operators) {
    for (const iface of o.memberInterfaces) {
      const base = iface.replace(/\/n$/, '')
      if (name.startsWith(`${base}-`)) return o
    }
    if (
      o.extension !== null &&
      (name.startsWith(`PJSIP/${o.extension}-`) || name.startsWith(`SIP/${o.extension}-`))
    )
      return o
  }
  return undefined
}

function queueCallOf(state: TelephonyState, callId: string) {
  for (const qc of state.queueCalls.values()) if (qc.linkedId === callId) return qc
  return undefined
}

/** The caller's channel: the queue caller, else the oldest channel of the call not on an operator line. */
function callerUid(
  state: TelephonyState,
  callId: string,
  operators: readonly OperatorLine[],
): string | undefined {
  const qc = queueCallOf(state, callId)
  if (qc !== undefined && state.channels.has(qc.uniqueId)) return qc.uniqueId
  let best: { uid: string; at: number } | undefined
  for (const c of state.channels.values()) {
    if (c.callId !== callId || operatorOfChannel(c.name, operators) !== undefined) continue
    if (best === undefined || c.createdAt < best.at) best = { uid: c.uniqueId, at: c.createdAt }
  }
  return best?.uid
}

/**
 * How this call can be transferred now: bridged with an operator → BlindTransfer/Atxfer on the
 * operator's channel in that bridge; still waiting or ringing → Redirect of the caller's channel.
 */
export function transferHandleOf(
  state: TelephonyState,
  callId: string,
  operators: readonly OperatorLine[],
): TransferHandle | null {
  const uid = callerUid(state, callId, operators)
  const caller = uid === undefined ? undefined : state.channels.get(uid)
  if (uid === undefined || caller === undefined) return null
  if (caller.bridgeId !== undefined) {
    const others = [...(state.bridges.get(caller.bridgeId)?.channels ?? [])].filter((id) => id !== uid)
    const other = others.length === 1 ? state.channels.get(others[0] as string) : undefined
    if (other === undefined) return null
    return { kind: 'bridged', transferer: other.name, transfereeUid: uid, transfereeName: caller.name }
  }
  const qc = queueCallOf(state, callId)
  if (qc?.phase === 'waiting') return { kind: 'waiting', callerChannel: caller.name, transfereeUid: uid }
  return null
}

/**
 * Whose call this is, as the console decides who may act on it: `null` when the call is not the
 * console's (neither on a switchboard queue nor on an operator's line: a call-centre call, a caller
 * waiting in the call-centre queue); else the operator holding it, or null while nobody does (waiting
 * or ringing in the switchboard queue). `exists` is false when the PBX has no such call at all.
 */
export function consoleHolderOf(
  state: TelephonyState,
  callId: string,
  switchboardQueues: ReadonlySet<string>,
  operators: readonly OperatorLine[],
):
  | { exists: false }
  | { exists: true; console: false }
  | { exists: true; console: true; holderUserId: number | null } {
  const qc = queueCallOf(state, callId)
  const channels = [...state.channels.values()].filter((c) => c.callId === callId)
  if (qc === undefined && channels.length === 0) return { exists: false }
  const onLine = channels.map((c) => operatorOfChannel(c.name, operators)).find((o) => o !== undefined)
  const onSwitchboard = qc !== undefined && switchboardQueues.has(qc.queue)
  if (!onSwitchboard && onLine === undefined) return { exists: true, console: false }
  // Ringing the operators (ringall) is nobody's yet: any of them may still move the caller on.
  if (onSwitchboard && qc.phase === 'waiting') return { exists: true, console: true, holderUserId: null }
  const byQueue =
    qc?.agentInterface === undefined
      ? undefined
      : operators.find((o) => o.memberInterfaces.includes(qc.agentInterface ?? ''))
  return { exists: true, console: true, holderUserId: (byQueue ?? onLine)?.userId ?? null }
}

/** A queue member as the console names it. */
interface RungMember {
  readonly interface: string
  readonly name: string
}

/** The queue's members being rung for this caller now (AgentCalled, not yet answered or given up). */
function ringingMembersOf(state: TelephonyState, queue: string, callKey: string): RungMember[] {
  return [...(state.queues.get(queue)?.members.values() ?? [])].filter((m) => m.ringingFor === callKey)
}

/** Who a ringing call rings at: each operator once, by name; a member no operator has, by its name. */
function ringingAt(
  members: readonly RungMember[],
  operators: readonly OperatorLine[],
): SwitchboardCallView['ringingAt'] {
  const out: SwitchboardCallView['ringingAt'] = []
  for (const m of members) {
    const o = operators.find((op) => op.memberInterfaces.includes(m.interface))
    if (o !== undefined && out.some((r) => r.userId === o.userId)) continue
    out.push(o === undefined ? { userId: null, name: m.name } : { userId: o.userId, name: o.name })
  }
  return out
}

export function switchboardCalls(input: CallsInput): SwitchboardCallView[] {
  const { state, operators, pbxId } = input
  const out: SwitchboardCallView[] = []
  for (const call of selectCentreCalls(state)) {
    const qc = queueCallOf(state, call.callId)
    const transfer = input.transfers.get(call.callId)
    const onOperatorLine = call.participants.some((p) => operatorOfChannel(p.name, operators) !== undefined)
    const onSwitchboard = qc !== undefined && input.switchboardQueues.has(qc.queue)
    if (!onSwitchboard && !onOperatorLine && transfer === undefined) continue
    const uid = callerUid(state, call.callId, operators)
    const caller = uid === undefined ? undefined : state.channels.get(uid)
    // Waiting or ringing in a switchboard queue (ringall) is nobody's yet, as consoleHolderOf says:
    // the operators' lines being rung are among the participants, but none of them has the call.
    const unclaimed = onSwitchboard && qc.phase === 'waiting'
    const operator = unclaimed
      ? undefined
      : ((qc?.agentInterface === undefined
          ? undefined
          : operators.find((o) => o.memberInterfaces.includes(qc.agentInterface ?? ''))) ??
        call.participants.map((p) => operatorOfChannel(p.name, operators)).find((o) => o !== undefined))
    const ringing = qc === undefined ? [] : ringingMembersOf(state, qc.queue, qc.callKey)
    let stateOf: SwitchboardCallState
    if (transfer !== undefined) stateOf = 'transferring'
    else if (qc?.phase === 'waiting') stateOf = ringing.length > 0 ? 'ringing' : 'waiting'
    else if (caller?.holdSince !== undefined) stateOf = 'on-hold'
    else if (caller?.bridgeId !== undefined) stateOf = 'talking'
    else stateOf = 'ringing'
    const number = normaliseCallerNumber(qc?.callerNum ?? caller?.callerNum) ?? null
    const handle = transfer === undefined ? transferHandleOf(state, call.callId, operators) : null
    out.push({
      key: `${pbxId}/${call.callId}`,
      pbxId,
      callId: call.callId,
      state: stateOf,
      queue: qc?.queue ?? null,
      queueLabel: qc === undefined ? null : (input.queueLabelOf?.(qc.queue) ?? null),
      callerNumber: number,
      citizenName: number === null ? null : input.citizenNameOf(number),
      callerIdName: qc?.callerName ?? caller?.callerName ?? null,
      since: qc?.enteredAt ?? caller?.createdAt ?? call.startedAt,
      answeredAt: qc?.answeredAt ?? caller?.answeredAt ?? null,
      holder:
        transfer !== undefined && transfer.kind === 'BLIND' ? transfer.targetLabel : (operator?.name ?? null),
      holderUserId: transfer !== undefined && transfer.kind === 'BLIND' ? null : (operator?.userId ?? null),
      transferTarget: transfer?.targetLabel ?? null,
      ringingAt: transfer === undefined && qc?.phase === 'waiting' ? ringingAt(ringing, operators) : [],
      transferable: handle !== null,
      consult:
        transfer?.kind === 'ATTENDED'
          ? { transferId: transfer.id, target: transfer.targetLabel, answered: transfer.consultAnswered }
          : null,
    })
  }
  return out.sort((a, b) => a.since - b.since)
}
