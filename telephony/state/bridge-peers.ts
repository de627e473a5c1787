/**
 * Queue calls found already talking by a resync (Pano restarted or reconnected mid-call): what the lists
 * tell (ami-protocol §13 step 4) and what they do not. CoreShowChannels gives each channel's BridgeId and
 * Duration; QueueStatus gives each member's InCall. The agent is the queue member whose device sits in
 * the caller's bridge (a Local member by either half of its Local channel); when no member, or more
 * than one, fits, the agent stays unknown rather than guessed. When the agent answered is not in any
 * list: the call is marked `answeredAtUnknown` (views show no answer time and no wait) and its answer
 * time is only a lower bound, the agent leg's creation, until its AgentComplete gives TalkTime and
 * HoldTime (bridge/adopt-in-progress.ts).
 */
import type { QueueCall, QueueMember, TelephonyState } from './model.ts'

/** `PJSIP/1001-0000002a` → `PJSIP/1001`; `Local/1004@agents-000000ae;1` → `Local/1004@agents`. */
export function deviceOfChannel(name: string): string {
  return name.replace(/;\d+$/, '').replace(/-[0-9a-f]+$/i, '')
}

/** `Local/1004@agents/n` → `Local/1004@agents`; `PJSIP/1001` stays. */
export function deviceOfInterface(iface: string): string {
  return iface.replace(/\/n$/, '')
}

/** The channels bridged with `uniqueId` (not itself). */
function bridgePeers(state: TelephonyState, uniqueId: string): string[] {
  const bridgeId = state.channels.get(uniqueId)?.bridgeId
  const bridge = bridgeId === undefined ? undefined : state.bridges.get(bridgeId)
  return bridge === undefined ? [] : [...bridge.channels].filter((id) => id !== uniqueId)
}

/** The one member of `queue` whose device is in the caller's bridge; undefined when none or unclear. */
export function memberTalkingTo(
  state: TelephonyState,
  queue: string,
  callerId: string,
): { member: QueueMember; peerCreatedAt: number } | undefined {
  const peers = bridgePeers(state, callerId).flatMap((id) => {
    const ch = state.channels.get(id)
    return ch === undefined ? [] : [{ device: deviceOfChannel(ch.name), createdAt: ch.createdAt }]
  })
  if (peers.length === 0) return undefined
  const members = [...(state.queues.get(queue)?.members.values() ?? [])]
  const matches = members.flatMap((m) => {
    const devices = [deviceOfInterface(m.interface), m.stateInterface ?? '']
    const peer = peers.find((p) => devices.includes(p.device))
    return peer === undefined ? [] : [{ member: m, peerCreatedAt: peer.createdAt }]
  })
  const inCall = matches.filter((x) => x.member.inCall)
  const chosen = matches.length === 1 ? matches : inCall
  return chosen.length === 1 ? chosen[0] : undefined
}

/**
 * A queue call found talking in the lists becomes connected: agent from the bridge peers when one
 * member fits, answer time unknown (its lower bound kept for the record), the member on this call.
 */
export function takeOverTalkingCall(state: TelephonyState, call: QueueCall, at: number): void {
  state.queues.get(call.queue)?.callers.delete(call.uniqueId)
  call.phase = 'connected'
  call.answeredAtUnknown = true
  const found = memberTalkingTo(state, call.queue, call.uniqueId)
  call.answeredAt = Math.min(at, Math.max(call.enteredAt, found?.peerCreatedAt ?? at))
  if (found === undefined) return
  const m = found.member
  call.agentInterface = m.interface
  call.agentName = m.name
  m.onCallKey = call.callKey
  m.onCallSince = undefined
  m.inCall = true
  if (m.ringingFor === call.callKey) m.ringingFor = undefined
}
