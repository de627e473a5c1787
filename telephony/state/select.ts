/**
 * Read-only views of the live state. Each call returns fresh plain objects (safe to keep, send or
 * compare), computed at `now` where time matters (wait, wrap-up).
 */
import { wrapUpSecOf } from './members.ts'
import type { Channel, ChannelLight, QueueMember, TelephonyState, TransferRecord } from './model.ts'
import { lightOfMemberStatus } from './lights.ts'
import { isPanoSpyLeg } from '../spy-leg.ts'

export interface ChannelView {
  readonly uniqueId: string
  readonly callId: string
  readonly name: string
  readonly state: number
  readonly callerNum: string | undefined
  readonly callerName: string | undefined
  readonly connectedNum: string | undefined
  readonly connectedName: string | undefined
  readonly bridgeId: string | undefined
  readonly createdAt: number
  readonly answeredAt: number | undefined
  readonly onHold: boolean
}

/** A participant of a call: a real channel, or both halves of a Local channel joined as one. */
export interface ParticipantView {
  readonly kind: 'channel' | 'local'
  readonly name: string
  readonly uniqueIds: readonly string[]
  readonly callerNum: string | undefined
  readonly callerName: string | undefined
  readonly state: number
  readonly bridgeIds: readonly string[]
}

export interface CallView {
  readonly callId: string
  readonly startedAt: number
  readonly participants: readonly ParticipantView[]
  readonly bridgeIds: readonly string[]
  /** The queue this call is in or was answered from, if any. */
  readonly queue: string | undefined
}

export interface WaitingCallerView {
  readonly uniqueId: string
  readonly callKey: string
  readonly channel: string
  readonly position: number
  readonly callerNum: string | undefined
  readonly callerName: string | undefined
  readonly waitingSince: number
  readonly waitSec: number
}

export type AgentActivity = 'available' | 'ringing' | 'onCall' | 'wrapUp' | 'paused' | 'unavailable'

export interface MemberView {
  readonly queue: string
  readonly interface: string
  readonly name: string
  readonly activity: AgentActivity
  readonly paused: boolean
  readonly pausedReason: string | undefined
  /** Paused by Asterisk after missed calls (autopause), not by the agent. */
  readonly autoPaused: boolean
  readonly pausedSince: number | undefined
  readonly inCall: boolean
  readonly ringing: boolean
  readonly wrapUp: boolean
  readonly wrapUpUntil: number | undefined
  readonly loggedInSince: number | undefined
  readonly onCallSince: number | undefined
  readonly light: ChannelLight
}

export interface QueueView {
  readonly name: string
  readonly strategy: string | undefined
  readonly serviceLevelSec: number | undefined
  readonly waiting: readonly WaitingCallerView[]
  readonly members: readonly MemberView[]
}

const channelView = (c: Channel): ChannelView => ({
  uniqueId: c.uniqueId,
  callId: c.callId,
  name: c.name,
  state: c.state,
  callerNum: c.callerNum,
  callerName: c.callerName,
  connectedNum: c.connectedNum,
  connectedName: c.connectedName,
  bridgeId: c.bridgeId,
  createdAt: c.createdAt,
  answeredAt: c.answeredAt,
  onHold: c.holdSince !== undefined,
})

export function selectChannels(state: TelephonyState): ChannelView[] {
  return [...state.channels.values()].map(channelView)
}

export function selectChannel(state: TelephonyState, uniqueId: string): ChannelView | undefined {
  const c = state.channels.get(uniqueId)
  return c === undefined ? undefined : channelView(c)
}

export function selectBridges(
  state: TelephonyState,
): Array<{ bridgeId: string; bridgeType: string | undefined; channels: string[] }> {
  return [...state.bridges.values()].map((b) => ({
    bridgeId: b.bridgeId,
    bridgeType: b.bridgeType,
    channels: [...b.channels],
  }))
}

/**
 * Calls grouped by Linkedid as it is NOW (regrouped whenever a snapshot changes it). Both halves of a
 * Local channel become one participant; an optimised-away pair disappears with its halves.
 */
export function selectCalls(state: TelephonyState): CallView[] {
  const groups = new Map<string, Channel[]>()
  for (const c of state.channels.values()) {
    const g = groups.get(c.callId)
    if (g === undefined) groups.set(c.callId, [c])
    else g.push(c)
  }
  const queueOfCall = new Map<string, string>()
  for (const call of state.queueCalls.values()) queueOfCall.set(call.linkedId, call.queue)
  const out: CallView[] = []
  for (const [callId, chans] of groups) {
    const participants: ParticipantView[] = []
    const seenPairs = new Set<string>()
    for (const c of chans) {
      if (c.localBase !== undefined) {
        if (seenPairs.has(c.localBase)) continue
        seenPairs.add(c.localBase)
        const halves = chans.filter((x) => x.localBase === c.localBase)
        const pair = state.localPairs.get(c.localBase)
        const ordered = halves.sort((a, b) =>
          a.uniqueId === pair?.oneId ? -1 : b.uniqueId === pair?.oneId ? 1 : 0,
        )
        participants.push({
          kind: 'local',
          name: c.localBase,
          uniqueIds: ordered.map((h) => h.uniqueId),
          callerNum: ordered[0]?.callerNum,
          callerName: ordered[0]?.callerName,
          state: Math.max(...ordered.map((h) => h.state)),
          bridgeIds: ordered.flatMap((h) => (h.bridgeId === undefined ? [] : [h.bridgeId])),
        })
      } else {
        participants.push({
          kind: 'channel',
          name: c.name,
          uniqueIds: [c.uniqueId],
          callerNum: c.callerNum,
          callerName: c.callerName,
          state: c.state,
          bridgeIds: c.bridgeId === undefined ? [] : [c.bridgeId],
        })
      }
    }
    out.push({
      callId,
      startedAt: Math.min(...chans.map((c) => c.createdAt)),
      participants,
      bridgeIds: [...new Set(participants.flatMap((p) => p.bridgeIds))],
      queue: queueOfCall.get(callId),
    })
  }
  return out.sort((a, b) => a.startedAt - b.startedAt || a.callId.localeCompare(b.callId))
}

/**
 * The calls of the centre: selectCalls without the müdür's own listening leg (telephony/spy-leg.ts),
 * which stays in the state for the spy session to follow and is shown as that session instead.
 */
export function selectCentreCalls(state: TelephonyState): CallView[] {
  return selectCalls(state).filter((call) => !isPanoSpyLeg(call.callId))
}

export function memberView(state: TelephonyState, m: QueueMember, now: number): MemberView {
  const wrapUpUntil =
    m.onCallKey === undefined && m.lastCallEndedAt !== undefined
      ? m.lastCallEndedAt + wrapUpSecOf(state, m) * 1000
      : undefined
  const wrapUp = wrapUpUntil !== undefined && now < wrapUpUntil
  const ringing = m.ringingFor !== undefined || m.status === 6 || m.status === 7
  const inCall = m.onCallKey !== undefined || m.inCall
  const unavailable = m.status === 4 || m.status === 5
  // Paused while talking is both, as Asterisk's `queue show` says ("in call, paused"): the call comes
  // first, `paused` and `pausedReason` still tell the pause.
  const activity: AgentActivity =
    inCall && !unavailable
      ? 'onCall'
      : m.paused
        ? 'paused'
        : unavailable
          ? 'unavailable'
          : ringing
            ? 'ringing'
            : wrapUp
              ? 'wrapUp'
              : 'available'
  return {
    queue: m.queue,
    interface: m.interface,
    name: m.name,
    activity,
    paused: m.paused,
    pausedReason: m.pausedReason,
    autoPaused: m.paused && m.pausedReason !== undefined && /^auto-?pause/i.test(m.pausedReason),
    pausedSince: m.pausedSince,
    inCall,
    ringing,
    wrapUp,
    wrapUpUntil: wrapUp ? wrapUpUntil : undefined,
    loggedInSince: m.loggedInSince,
    onCallSince: m.onCallSince,
    light: lightOfMemberStatus(m.status),
  }
}

export function selectQueues(state: TelephonyState, now: number): QueueView[] {
  return [...state.queues.values()]
    .map((q) => ({
      name: q.name,
      strategy: q.strategy,
      serviceLevelSec: q.serviceLevelSec,
      waiting: [...q.callers.values()]
        .map((w) => {
          const call = state.queueCalls.get(w.callKey)
          return {
            uniqueId: w.uniqueId,
            callKey: w.callKey,
            channel: w.channel,
            position: w.position,
            callerNum: call?.callerNum,
            callerName: call?.callerName,
            waitingSince: w.enteredAt,
            waitSec: Math.max(0, (now - w.enteredAt) / 1000),
          }
        })
        .sort((a, b) => a.position - b.position || a.waitingSince - b.waitingSince),
      members: [...q.members.values()].map((m) => memberView(state, m, now)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export function selectDevices(state: TelephonyState): Record<string, ChannelLight> {
  return Object.fromEntries(state.devices)
}

export function selectExtensions(
  state: TelephonyState,
): Array<{ exten: string; context: string; hint: string | undefined; light: ChannelLight }> {
  return [...state.extensions.values()].map((e) => ({
    exten: e.exten,
    context: e.context,
    hint: e.hint,
    light: e.light,
  }))
}

export function selectTransfers(state: TelephonyState): TransferRecord[] {
  return state.transfers.map((t) => ({ ...t }))
}
