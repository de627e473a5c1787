import type { AttendedTransferEvent, BlindTransferEvent } from '../ami/events.ts'
import type { QueueCall, TelephonyState, TransferRecord } from './model.ts'
import { callOfCaller, finish } from './queue-calls.ts'

function record(state: TelephonyState, t: TransferRecord): void {
  state.transfers.push(t)
  if (state.transfers.length > state.config.recentTransfers) state.transfers.shift()
}

/** The open queue call a transfer concerns: the transferee is its caller, or it shares the Linkedid. */
function queueCallOf(
  state: TelephonyState,
  uniqueIds: Array<string | undefined>,
  callIds: string[],
): QueueCall | undefined {
  for (const id of uniqueIds) {
    if (id === undefined) continue
    const call = callOfCaller(state, id)
    if (call !== undefined) return call
  }
  for (const call of state.queueCalls.values()) {
    if ((call.phase === 'connected' || call.phase === 'completing') && callIds.includes(call.linkedId))
      return call
    if (call.memberUniqueId !== undefined && uniqueIds.includes(call.memberUniqueId)) return call
  }
  return undefined
}

function markQueueCall(
  state: TelephonyState,
  call: QueueCall | undefined,
  target: string | undefined,
  at: number,
): void {
  if (call === undefined) return
  call.transferredTo = target ?? call.transferredTo ?? ''
  if (call.phase === 'completing') finish(state, call, 'TRANSFERRED', at)
}

export function blindTransfer(state: TelephonyState, e: BlindTransferEvent, at: number): void {
  const ok = e.result === 'Success'
  record(state, {
    kind: 'blind',
    at,
    result: e.result,
    callId: e.transferee?.callId ?? e.transferer.callId,
    transfererChannel: e.transferer.channel,
    transfereeUniqueId: e.transferee?.uniqueId,
    transfereeNum: e.transferee?.callerNum,
    target:
      e.extension === undefined
        ? undefined
        : e.context === undefined
          ? e.extension
          : `${e.extension}@${e.context}`,
    answered: ok ? undefined : false,
    answeredAt: undefined,
  })
  if (!ok) return
  const call = queueCallOf(state, [e.transferee?.uniqueId, e.transferer.uniqueId], [e.transferer.callId])
  markQueueCall(state, call, e.extension, at)
}

export function attendedTransfer(state: TelephonyState, e: AttendedTransferEvent, at: number): void {
  const ok = e.result === 'Success'
  const target = e.transferTarget?.callerNum ?? e.secondTransferer?.connectedNum ?? e.transferTarget?.channel
  record(state, {
    kind: 'attended',
    at,
    result: e.result,
    callId: e.transferee?.callId ?? e.origTransferer.callId,
    transfererChannel: e.origTransferer.channel,
    transfereeUniqueId: e.transferee?.uniqueId,
    transfereeNum: e.transferee?.callerNum,
    target,
    // The consult call was answered before an attended transfer completes, except into an application.
    answered: ok ? (e.destType === 'App' ? undefined : true) : false,
    answeredAt: ok && e.destType !== 'App' ? at : undefined,
  })
  if (!ok) return
  const callIds = [e.origTransferer.callId]
  if (e.secondTransferer !== undefined) callIds.push(e.secondTransferer.callId)
  const call = queueCallOf(
    state,
    [e.transferee?.uniqueId, e.origTransferer.uniqueId, e.secondTransferer?.uniqueId],
    callIds,
  )
  markQueueCall(state, call, target, at)
}

/** Follows a blind-transferred caller: answered when its next dial is answered or it is bridged again. */
export function transfereeProgress(
  state: TelephonyState,
  uniqueId: string,
  outcome: 'answered' | 'failed',
  at: number,
): void {
  for (let i = state.transfers.length - 1; i >= 0; i--) {
    const t = state.transfers[i] as TransferRecord
    if (t.transfereeUniqueId !== uniqueId || t.answered !== undefined) continue
    t.answered = outcome === 'answered'
    if (t.answered) t.answeredAt = at
    return
  }
}

/**
 * The switchboard sends a caller still waiting in (or ringing from) a queue elsewhere with Redirect,
 * before anyone answered. Asterisk raises no transfer event for that: Queue() gives the caller up as
 * on a hangup (QueueCallerAbandon, QueueCallerLeave) and the caller carries on at `target`, which reads
 * like a timeout. So the AMI client that writes the action puts a PanoRedirect into the event stream
 * first (connection/redirect-note.ts), reducing it lands here, and the queue call ends TRANSFERRED
 * (queue-calls.ts). Returns whether a waiting queue call was marked.
 */
export function redirectRequested(state: TelephonyState, channel: string, target: string): boolean {
  const call = waitingCallOn(state, channel)
  if (call === undefined || call.transferredTo !== undefined) return false
  call.transferredTo = target
  return true
}

/** The Redirect noted by redirectRequested failed: the caller is still the queue's. */
export function redirectRefused(state: TelephonyState, channel: string, target: string): void {
  const call = waitingCallOn(state, channel)
  if (call?.transferredTo === target) call.transferredTo = undefined
}

/** The unanswered queue call whose caller is on `channel` (by name, as actions name channels). */
function waitingCallOn(state: TelephonyState, channel: string): QueueCall | undefined {
  for (const c of state.channels.values()) {
    if (c.name !== channel) continue
    const call = callOfCaller(state, c.uniqueId)
    if (
      call !== undefined &&
      (call.phase === 'waiting' || call.phase === 'left' || call.phase === 'abandoned')
    )
      return call
  }
  return undefined
}

export function hasOpenTransfer(state: TelephonyState): boolean {
  for (const t of state.transfers) if (t.answered === undefined) return true
  return false
}
