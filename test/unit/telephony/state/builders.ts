import type { ChannelSnapshot, QueueMemberFields, TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { createTelephonyState, type TelephonyState } from '../../../../telephony/state/model.ts'
import { reduce } from '../../../../telephony/state/reduce.ts'

export const T0 = Date.parse('2026-11-26T09:00:00.000Z')
export const sec = (s: number): number => T0 + s * 1000

export function chan(uniqueId: string, name: string, extra: Partial<ChannelSnapshot> = {}): ChannelSnapshot {
  return {
    channel: name,
    uniqueId,
    callId: uniqueId,
    state: 6,
    stateDesc: undefined,
    callerNum: undefined,
    callerName: undefined,
    connectedNum: undefined,
    connectedName: undefined,
    accountCode: undefined,
    context: undefined,
    exten: undefined,
    priority: undefined,
    vars: undefined,
    ...extra,
  }
}

export function member(
  queue: string,
  iface: string,
  name: string,
  extra: Partial<QueueMemberFields> = {},
): QueueMemberFields {
  return {
    queue,
    interface: iface,
    memberName: name,
    stateInterface: iface,
    membership: 'static',
    penalty: 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime: 0,
    inCall: false,
    status: 1,
    paused: false,
    pausedReason: undefined,
    wrapUpSec: 0,
    ...extra,
  }
}

export const Q = 'cagri-merkezi'
export const CALLER = chan('100.1', 'PJSIP/trunk-00000001', {
  callId: '100.1',
  callerNum: '05321234567',
  callerName: "O'Brien",
})
export const AGENT_IF = 'PJSIP/1001'
export const AGENT = chan('100.2', 'PJSIP/1001-00000002', { callId: '100.1' })

const agentBase = { caller: CALLER, member: AGENT, queue: Q, interface: AGENT_IF, memberName: 'Ayşe Yılmaz' }

export const ev = {
  join: (caller = CALLER, position = 1): TelephonyEvent => ({
    type: 'QueueCallerJoin',
    caller,
    queue: Q,
    position,
    count: position,
  }),
  leave: (caller = CALLER): TelephonyEvent => ({
    type: 'QueueCallerLeave',
    caller,
    queue: Q,
    position: 1,
    count: 0,
  }),
  abandon: (holdTimeSec: number, caller = CALLER): TelephonyEvent => ({
    type: 'QueueCallerAbandon',
    caller,
    queue: Q,
    position: 1,
    originalPosition: 1,
    holdTimeSec,
  }),
  called: (): TelephonyEvent => ({ type: 'AgentCalled', ...agentBase }),
  noAnswer: (ringTimeMs: number): TelephonyEvent => ({ type: 'AgentRingNoAnswer', ...agentBase, ringTimeMs }),
  connect: (holdTimeSec: number): TelephonyEvent => ({
    type: 'AgentConnect',
    ...agentBase,
    holdTimeSec,
    ringTimeSec: 1,
  }),
  complete: (talkTimeSec: number, reason = 'caller'): TelephonyEvent => ({
    type: 'AgentComplete',
    ...agentBase,
    holdTimeSec: 0,
    talkTimeSec,
    reason,
  }),
  hangup: (c: ChannelSnapshot): TelephonyEvent => ({
    type: 'Hangup',
    channel: c,
    cause: 16,
    causeText: undefined,
  }),
  hangupRequest: (c: ChannelSnapshot): TelephonyEvent => ({ type: 'HangupRequest', channel: c, cause: 16 }),
  newchannel: (c: ChannelSnapshot): TelephonyEvent => ({ type: 'Newchannel', channel: c }),
  newexten: (uniqueId: string, exten = 's'): TelephonyEvent => ({
    type: 'Newexten',
    uniqueId,
    context: 'after-queue',
    exten,
    application: 'Playback',
  }),
  memberStatus: (f: QueueMemberFields): TelephonyEvent => ({ type: 'QueueMemberStatus', member: f }),
  pause: (f: QueueMemberFields): TelephonyEvent => ({ type: 'QueueMemberPause', member: f }),
  enter: (bridgeId: string, c: ChannelSnapshot): TelephonyEvent => ({
    type: 'BridgeEnter',
    bridge: { bridgeId, bridgeType: 'basic', technology: 'simple_bridge', numChannels: undefined },
    channel: c,
    swapUniqueId: undefined,
  }),
  leaveBridge: (bridgeId: string, c: ChannelSnapshot): TelephonyEvent => ({
    type: 'BridgeLeave',
    bridge: { bridgeId, bridgeType: 'basic', technology: 'simple_bridge', numChannels: undefined },
    channel: c,
  }),
}

/** Given: a state with the queue's one member logged in and these events applied (second, event). */
export function given(
  steps: Array<[number, TelephonyEvent]>,
  wrapUpSec = 5,
  leaveWhenEmpty = false,
): TelephonyState {
  const state = createTelephonyState({
    pbxId: 'main',
    wrapUpSec: { [Q]: wrapUpSec },
    leaveWhenEmpty: { [Q]: leaveWhenEmpty },
  })
  reduce(state, ev.memberStatus(member(Q, AGENT_IF, 'Ayşe Yılmaz')), sec(0))
  reduce(state, ev.newchannel(CALLER), sec(0))
  return when(state, steps)
}

export function when(state: TelephonyState, steps: Array<[number, TelephonyEvent]>): TelephonyState {
  for (const [s, e] of steps) reduce(state, e, sec(s))
  return state
}
