/**
 * Queue calls that were already talking when Pano (re)connected with no memory of them (a server
 * restart mid-call): their QueueCallerJoin and AgentConnect happened while nobody listened, so the
 * reducer would let their AgentComplete pass without a record and the call would be missing from
 * today's numbers. The snapshot shows them (CoreShowChannel inside application Queue, in a bridge):
 * they are adopted as connected queue calls entered when the caller channel was created (its
 * Duration; approximate, ami-protocol §13 step 4), with the agent found among the caller's bridge peers
 * and the answer time marked unknown (state/bridge-peers.ts). Their AgentComplete fills in the agent
 * and the per-call HoldTime/TalkTime (not Asterisk's averages) before the reducer completes them.
 */
import type { AgentCompleteEvent, TelephonyEvent } from '../ami/events.ts'
import type { TelephonyState } from '../state/model.ts'
import { takeOverTalkingCall } from '../state/bridge-peers.ts'
import { adoptWaitingCaller, callOfAgentComplete, callOfCaller } from '../state/queue-calls.ts'

/** Caller Uniqueid → callKey of the queue calls adopted from a snapshot, until their AgentComplete. */
export type AdoptedCalls = Map<string, string>

export function adoptInProgressCalls(
  state: TelephonyState,
  items: readonly TelephonyEvent[],
  at: number,
): AdoptedCalls {
  const adopted: AdoptedCalls = new Map()
  for (const item of items) {
    if (item.type !== 'CoreShowChannel' || item.bridgeId === undefined) continue
    if (item.application?.toLowerCase() !== 'queue') continue
    const id = item.channel.uniqueId
    const ch = state.channels.get(id)
    const queue = item.applicationData?.split(',')[0]?.trim()
    if (ch === undefined || queue === undefined || queue === '' || callOfCaller(state, id) !== undefined)
      continue
    const c = item.channel
    adoptWaitingCaller(state, queue, id, c.channel, c.callerNum, c.callerName, 0, ch.createdAt)
    const call = callOfCaller(state, id)
    if (call === undefined) continue
    takeOverTalkingCall(state, call, at)
    adopted.set(id, call.callKey)
  }
  return adopted
}

/** Before an AgentComplete of an adopted call is reduced: its agent and per-call times. */
export function completeAdopted(
  state: TelephonyState,
  e: AgentCompleteEvent,
  adopted: AdoptedCalls,
  at: number,
): void {
  const call = callOfAgentComplete(state, e)
  if (call === undefined || adopted.get(call.uniqueId) !== call.callKey) return
  adopted.delete(call.uniqueId)
  if (call.phase !== 'connected' || call.queue !== e.queue) return
  call.agentInterface = e.interface
  call.agentName = e.memberName
  call.connectHoldSec = e.holdTimeSec
  if (e.talkTimeSec === undefined) return
  call.answeredAt = Math.max(call.enteredAt, at - e.talkTimeSec * 1000)
  call.answeredAtUnknown = false
  // The caller channel's age includes the dialplan before the queue; the wait is Asterisk's HoldTime.
  if (e.holdTimeSec !== undefined)
    call.enteredAt = Math.max(call.enteredAt, call.answeredAt - e.holdTimeSec * 1000)
}
