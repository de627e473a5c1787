/**
 * Which channel to spy on: the agent's side of the queue call the member is connected to now (the
 * AgentConnect `DestChannel`: `Local/1001@agents-0000000a;1` for a Local member, `PJSIP/1001-…` for a
 * device). ChanSpy on that channel hears both parties, and a whisper written to it reaches the agent,
 * never the caller (apps/app_chanspy.c; docs/decisions/018-listen-whisper-barge.md). Pure.
 */
import type { TelephonyState } from '../../../telephony/index.ts'

export interface SpyTarget {
  readonly queue: string
  /** The call's Linkedid now. */
  readonly callId: string
  readonly callKey: string
  readonly agentName: string
  /** The exact channel name ChanSpy is given. */
  readonly channel: string
}

export type SpyTargetResult =
  | { readonly ok: true; readonly target: SpyTarget }
  | { readonly ok: false; readonly reason: 'not-member' | 'not-on-call' | 'no-channel' }

export function spyTargetOf(state: TelephonyState, memberInterface: string): SpyTargetResult {
  let member = false
  for (const queue of state.queues.values()) {
    const m = queue.members.get(memberInterface)
    if (m === undefined) continue
    member = true
    if (m.onCallKey === undefined) continue
    const call = state.queueCalls.get(m.onCallKey)
    if (call === undefined || call.memberUniqueId === undefined) continue
    const channel = state.channels.get(call.memberUniqueId)
    if (channel === undefined || channel.hangupRequestedAt !== undefined)
      return { ok: false, reason: 'no-channel' }
    return {
      ok: true,
      target: {
        queue: call.queue,
        callId: call.linkedId,
        callKey: call.callKey,
        agentName: call.agentName ?? m.name,
        channel: channel.name,
      },
    }
  }
  return { ok: false, reason: member ? 'not-on-call' : 'not-member' }
}
