/**
 * A caller's stay in a queue, and how it ends (docs/design.md §2.3, ami-protocol §10.1–10.2).
 *
 * Outcome rule. Asterisk raises QueueCallerAbandon for real abandons AND for timeouts, leave-when-empty
 * and withdrawals, so the outcome is decided by what the caller channel does next:
 * - it hangs up (HangupRequest/SoftHangupRequest/Hangup, or runs the `h` extension) already before or
 *   within `leaveGraceMs` after leaving → ABANDONED (short when the wait ≤ the stats threshold);
 * - it continues in the dialplan (Newexten, VarSet, DialBegin, BridgeEnter, another QueueCallerJoin,
 *   or simply nothing for `leaveGraceMs`) → QUEUESTATUS when seen (TIMEOUT → TIMEOUT, *EMPTY/*UNAVAIL →
 *   EXIT_EMPTY), otherwise EXIT_EMPTY if no member could take calls at that moment, else TIMEOUT;
 * - it left WITHOUT QueueCallerAbandon and without AgentConnect and continues → EXIT_KEY (a key exit
 *   is the one exit Asterisk does not record as abandoned); if it hangs up instead → ABANDONED.
 * Answered calls end at AgentComplete: TRANSFERRED when its Reason is `transfer` or a transfer of the
 * call was seen, else ANSWERED. A caller the switchboard moved on with Redirect before anyone answered
 * (transfers.ts:redirectRequested) leaves like an abandon or a timeout but ends TRANSFERRED, unanswered.
 * Measured times are Pano's receivedAt differences; when the capture had no clock (all events at one
 * instant) the per-call HoldTime/TalkTime of the event is used instead.
 */
import type { AgentCompleteEvent, ChannelSnapshot } from '../ami/events.ts'
import { availableMembers } from './members.ts'
import { getQueue, type QueueCall, type TelephonyState } from './model.ts'
import { normaliseCallerNumber } from './phone-number.ts'
import type { CallOutcome, FinishedCall } from './records.ts'

export function callOfCaller(state: TelephonyState, uniqueId: string): QueueCall | undefined {
  const key = state.callKeyByCaller.get(uniqueId)
  return key === undefined ? undefined : state.queueCalls.get(key)
}

/**
 * The queue call an AgentComplete ends: by the caller's Uniqueid, or, when Asterisk left the caller's
 * fields out because its channel was already gone (types.ts:AgentCompleteEvent), by the queue and the
 * member: the call the member is on, else a connected call of that queue answered by that interface
 * or through that member channel.
 */
export function callOfAgentComplete(state: TelephonyState, e: AgentCompleteEvent): QueueCall | undefined {
  if (e.caller !== undefined) return callOfCaller(state, e.caller.uniqueId)
  const onCall = state.queues.get(e.queue)?.members.get(e.interface)?.onCallKey
  const byMember = onCall === undefined ? undefined : state.queueCalls.get(onCall)
  if (byMember !== undefined) return byMember
  const memberId = e.member?.uniqueId
  for (const call of state.queueCalls.values()) {
    if (call.queue !== e.queue || call.phase !== 'connected') continue
    if (call.agentInterface === e.interface) return call
    if (memberId !== undefined && call.memberUniqueId === memberId) return call
  }
  return undefined
}

export function joinQueue(
  state: TelephonyState,
  caller: ChannelSnapshot,
  queueName: string,
  position: number,
  at: number,
): void {
  if (state.hungUp.has(caller.uniqueId)) return
  const existing = callOfCaller(state, caller.uniqueId)
  if (existing !== undefined) {
    if (existing.queue === queueName && (existing.phase === 'waiting' || existing.phase === 'connected')) {
      const w = state.queues.get(queueName)?.callers.get(caller.uniqueId)
      if (w !== undefined) w.position = position
      return // duplicate or late join
    }
    // The caller moved on to another queue: the previous stay ended by continuing.
    continued(state, existing, at)
  }
  const n = state.entriesByCaller.get(caller.uniqueId) ?? 0
  state.entriesByCaller.set(caller.uniqueId, n + 1)
  const callKey = n === 0 ? caller.uniqueId : `${caller.uniqueId}/${n + 1}`
  const call: QueueCall = {
    callKey,
    uniqueId: caller.uniqueId,
    queue: queueName,
    linkedId: caller.callId,
    callerNum: caller.callerNum,
    callerName: caller.callerName,
    enteredAt: at,
    phase: 'waiting',
    deadline: undefined,
    leftAt: undefined,
    abandonHoldSec: undefined,
    emptyAtAbandon: false,
    queueStatus: undefined,
    answeredAt: undefined,
    answeredAtUnknown: false,
    connectHoldSec: undefined,
    agentInterface: undefined,
    agentName: undefined,
    memberUniqueId: undefined,
    completedAt: undefined,
    completeReason: undefined,
    talkTimeSec: undefined,
    callerHungUpAt: undefined,
    transferredTo: undefined,
    // MixMonitor may have started in the dialplan before Queue() (recordings.ts).
    recordingFile: state.channels.get(caller.uniqueId)?.recordingFile,
    missedBy: [],
  }
  state.queueCalls.set(callKey, call)
  state.callKeyByCaller.set(caller.uniqueId, callKey)
  getQueue(state, queueName).callers.set(caller.uniqueId, {
    uniqueId: caller.uniqueId,
    callKey,
    channel: caller.channel,
    position,
    enteredAt: at,
  })
}

/** Adopts a caller found in a QueueStatus snapshot whose join Pano did not see. */
export function adoptWaitingCaller(
  state: TelephonyState,
  queueName: string,
  uniqueId: string,
  channel: string,
  callerNum: string | undefined,
  callerName: string | undefined,
  position: number,
  enteredAt: number,
): void {
  const callId = state.channels.get(uniqueId)?.callId ?? uniqueId
  joinQueue(
    state,
    {
      channel,
      uniqueId,
      callId,
      state: 6,
      stateDesc: undefined,
      callerNum,
      callerName,
      connectedNum: undefined,
      connectedName: undefined,
      accountCode: undefined,
      context: undefined,
      exten: undefined,
      priority: undefined,
      vars: undefined,
    },
    queueName,
    position,
    enteredAt,
  )
}

function removeWaiting(state: TelephonyState, call: QueueCall): void {
  state.queues.get(call.queue)?.callers.delete(call.uniqueId)
}

function clearRinging(state: TelephonyState, call: QueueCall): void {
  const q = state.queues.get(call.queue)
  if (q === undefined) return
  for (const m of q.members.values()) {
    if (m.ringingFor === call.callKey) {
      m.ringingFor = undefined
      m.ringingSince = undefined
    }
  }
}

function setDeadline(state: TelephonyState, call: QueueCall, at: number): void {
  call.deadline = at + state.config.leaveGraceMs
  state.pending.add(call.callKey)
}

export function leaveQueue(state: TelephonyState, call: QueueCall, at: number): void {
  removeWaiting(state, call)
  if (call.phase !== 'waiting') return
  call.phase = 'left'
  call.leftAt = at
  setDeadline(state, call, at)
}

/** How an unanswered stay ends: as `otherwise`, unless the switchboard moved the caller on. */
function unanswered(call: QueueCall, otherwise: CallOutcome): CallOutcome {
  return call.transferredTo === undefined ? otherwise : 'TRANSFERRED'
}

export function abandonQueue(
  state: TelephonyState,
  call: QueueCall,
  holdSec: number | undefined,
  at: number,
): void {
  removeWaiting(state, call)
  if (call.phase !== 'waiting' && call.phase !== 'left') return
  call.phase = 'abandoned'
  call.leftAt ??= at
  call.abandonHoldSec = holdSec
  call.emptyAtAbandon =
    state.config.leaveWhenEmpty[call.queue] === true && availableMembers(state, call.queue) === 0
  clearRinging(state, call)
  const ch = state.channels.get(call.uniqueId)
  if (ch === undefined || ch.hangupRequestedAt !== undefined)
    finish(state, call, unanswered(call, 'ABANDONED'), at)
  else setDeadline(state, call, at)
}

export function connectAgent(
  state: TelephonyState,
  call: QueueCall,
  iface: string,
  memberName: string,
  memberUniqueId: string | undefined,
  holdSec: number | undefined,
  at: number,
): void {
  if (call.phase === 'connected' || call.phase === 'completing') return // duplicate or late
  removeWaiting(state, call)
  clearRinging(state, call)
  call.phase = 'connected'
  call.answeredAt = at
  call.connectHoldSec = holdSec
  call.agentInterface = iface
  call.agentName = memberName
  call.memberUniqueId = memberUniqueId
  call.deadline = undefined
  state.pending.delete(call.callKey)
  const m = state.queues.get(call.queue)?.members.get(iface)
  if (m !== undefined) {
    m.onCallKey = call.callKey
    m.onCallSince = at
    m.inCall = true
  }
}

export function completeAgent(
  state: TelephonyState,
  call: QueueCall,
  reason: string | undefined,
  talkSec: number | undefined,
  at: number,
): void {
  if (call.phase !== 'connected') return
  call.completedAt = at
  call.completeReason = reason
  call.talkTimeSec = talkSec
  endMemberCall(state, call, at)
  if (reason === 'transfer' && call.transferredTo === undefined) {
    call.phase = 'completing' // wait briefly for the BlindTransfer/AttendedTransfer naming the target
    setDeadline(state, call, at)
    return
  }
  finish(
    state,
    call,
    reason === 'transfer' || call.transferredTo !== undefined ? 'TRANSFERRED' : 'ANSWERED',
    at,
  )
}

function endMemberCall(state: TelephonyState, call: QueueCall, at: number): void {
  if (call.agentInterface === undefined) return
  const m = state.queues.get(call.queue)?.members.get(call.agentInterface)
  if (m === undefined || m.onCallKey !== call.callKey) return
  m.onCallKey = undefined
  m.onCallSince = undefined
  m.inCall = false
  m.lastCallEndedAt = at // wrap-up is derived from it in select.ts
}

/** The caller channel hung up (or asked to). */
export function callerHangup(state: TelephonyState, call: QueueCall, at: number, final: boolean): void {
  call.callerHungUpAt ??= at
  switch (call.phase) {
    case 'waiting':
      if (final) {
        removeWaiting(state, call)
        clearRinging(state, call)
        call.leftAt = at
        finish(state, call, unanswered(call, 'ABANDONED'), at)
      }
      return
    case 'left':
    case 'abandoned':
      if (call.deadline === undefined || at <= call.deadline)
        finish(state, call, unanswered(call, 'ABANDONED'), at)
      else continued(state, call, at)
      return
    case 'connected':
      if (final && call.deadline === undefined) setDeadline(state, call, at) // AgentComplete may still come
      return
    case 'completing':
      return
  }
}

/** The caller shows it carried on in the dialplan after leaving the queue. */
export function continued(state: TelephonyState, call: QueueCall, at: number): void {
  switch (call.phase) {
    case 'left':
      finish(state, call, unanswered(call, 'EXIT_KEY'), at)
      return
    case 'abandoned': {
      const qs = call.queueStatus
      const outcome: CallOutcome =
        qs === 'TIMEOUT'
          ? 'TIMEOUT'
          : qs !== undefined && /EMPTY|UNAVAIL/.test(qs)
            ? 'EXIT_EMPTY'
            : call.emptyAtAbandon
              ? 'EXIT_EMPTY'
              : 'TIMEOUT'
      finish(state, call, unanswered(call, outcome), at)
      return
    }
    case 'completing':
      finish(state, call, 'TRANSFERRED', at)
      return
    case 'connected':
      // The caller hung up and no AgentComplete came: the call ended at the hangup.
      if (call.callerHungUpAt !== undefined) {
        endMemberCall(state, call, call.callerHungUpAt)
        finish(state, call, 'ANSWERED', call.callerHungUpAt)
      }
      return
    case 'waiting':
      return
  }
}

/** Resolves calls whose deadline has passed (called with every event's time and by tick()). */
export function resolveDeadlines(state: TelephonyState, now: number): void {
  if (state.pending.size === 0) return
  for (const key of [...state.pending]) {
    const call = state.queueCalls.get(key)
    if (call === undefined) {
      state.pending.delete(key)
      continue
    }
    if (call.deadline !== undefined && now > call.deadline) continued(state, call, call.deadline)
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/** Measured seconds, unless the event's own whole-second figure shows the clock was missing. */
function seconds(measuredMs: number, reportedSec: number | undefined): number {
  const measured = measuredMs / 1000
  if (reportedSec !== undefined && measured < reportedSec - 1) return reportedSec
  return round3(Math.max(0, measured))
}

/**
 * Seconds an answered call waited, as its FinishedCall will say; undefined while it is not answered.
 * Live statistics use it for calls still talking, so ASA does not move when they end.
 */
export function answeredWaitSec(call: QueueCall): number | undefined {
  return call.answeredAt === undefined
    ? undefined
    : seconds(call.answeredAt - call.enteredAt, call.connectHoldSec)
}

export function finish(state: TelephonyState, call: QueueCall, outcome: CallOutcome, at: number): void {
  state.queueCalls.delete(call.callKey)
  state.pending.delete(call.callKey)
  if (state.callKeyByCaller.get(call.uniqueId) === call.callKey) state.callKeyByCaller.delete(call.uniqueId)
  removeWaiting(state, call)
  clearRinging(state, call)
  const answered = call.answeredAt !== undefined
  const endedAt = call.completedAt ?? at
  const waitSec = answeredWaitSec(call) ?? seconds((call.leftAt ?? at) - call.enteredAt, call.abandonHoldSec)
  const talkSec = answered ? seconds(endedAt - (call.answeredAt as number), call.talkTimeSec) : null
  const record: FinishedCall = {
    pbxId: state.config.pbxId,
    callKey: call.callKey,
    linkedId: call.linkedId,
    direction: 'INBOUND',
    queue: call.queue,
    callerNumber: normaliseCallerNumber(call.callerNum) ?? null,
    callerName: call.callerName ?? null,
    agentName: call.agentName ?? null,
    agentInterface: call.agentInterface ?? null,
    enteredAt: new Date(call.enteredAt),
    answeredAt: answered ? new Date(call.answeredAt as number) : null,
    endedAt: new Date(Math.max(endedAt, call.enteredAt)),
    waitSec,
    talkSec,
    outcome: answered ? (outcome === 'TRANSFERRED' ? 'TRANSFERRED' : 'ANSWERED') : outcome,
    transferredTo: call.transferredTo ?? null,
    ...(call.recordingFile === undefined ? {} : { recordingFile: call.recordingFile }),
    missedBy: call.missedBy.map((r) => ({
      interface: r.interface,
      memberName: r.memberName,
      at: new Date(r.at).toISOString(),
      ringMs: r.ringMs ?? null,
    })),
  }
  state.outbox.finishedCalls.push(record)
}
