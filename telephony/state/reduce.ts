import type { AgentEvent, ChannelSnapshot, TelephonyEvent } from '../ami/events.ts'
import {
  enterBridge,
  leaveBridge,
  mergeBridges,
  pairOf,
  removeChannel,
  upsertBridge,
  upsertChannel,
} from './channels.ts'
import { enforceCaps } from './caps.ts'
import { lightOfDeviceState, lightOfExtensionStatus } from './lights.ts'
import { removeMember, upsertMember } from './members.ts'
import { getQueue, type QueueCall, type QueueMember, type TelephonyState } from './model.ts'
import {
  abandonQueue,
  adoptWaitingCaller,
  callerHangup,
  callOfAgentComplete,
  callOfCaller,
  completeAgent,
  connectAgent,
  continued,
  joinQueue,
  leaveQueue,
  resolveDeadlines,
} from './queue-calls.ts'
import { isRecordingVariable, noteRecording } from './recordings.ts'
import {
  attendedTransfer,
  blindTransfer,
  redirectRefused,
  redirectRequested,
  transfereeProgress,
} from './transfers.ts'

/** A caller that has left its queue and whose next dialplan step decides the outcome. */
function decidingCall(state: TelephonyState, uniqueId: string): QueueCall | undefined {
  const call = callOfCaller(state, uniqueId)
  if (call === undefined) return undefined
  return call.phase === 'left' || call.phase === 'abandoned' || call.phase === 'completing' ? call : undefined
}

/** The queue call an agent event is about; adopted when its QueueCallerJoin was not seen. */
function agentCall(
  state: TelephonyState,
  e: Extract<AgentEvent, { type: 'AgentCalled' | 'AgentConnect' }>,
  holdSec: number | undefined,
  at: number,
): QueueCall | undefined {
  const call = callOfCaller(state, e.caller.uniqueId)
  if (call !== undefined || state.hungUp.has(e.caller.uniqueId)) return call
  const c = e.caller
  adoptWaitingCaller(
    state,
    e.queue,
    c.uniqueId,
    c.channel,
    c.callerNum,
    c.callerName,
    0,
    at - (holdSec ?? 0) * 1000,
  )
  return callOfCaller(state, c.uniqueId)
}

function memberOf(
  state: TelephonyState,
  queue: string,
  iface: string,
  name: string,
  at: number,
): QueueMember {
  const m = getQueue(state, queue).members.get(iface)
  if (m !== undefined) return m
  return upsertMember(
    state,
    {
      queue,
      interface: iface,
      memberName: name,
      stateInterface: undefined,
      membership: undefined,
      penalty: undefined,
      callsTaken: undefined,
      lastCall: undefined,
      lastPause: undefined,
      loginTime: undefined,
      inCall: undefined,
      status: undefined,
      paused: false,
      pausedReason: undefined,
      wrapUpSec: undefined,
    },
    at,
  )
}

function touch(state: TelephonyState, s: ChannelSnapshot | undefined, at: number): void {
  if (s !== undefined) upsertChannel(state, s, at)
}

const DIAL_FAILED = new Set(['BUSY', 'NOANSWER', 'CHANUNAVAIL', 'CONGESTION', 'CANCEL'])

/**
 * Applies one event at `receivedAt` (ms since epoch, set at the edge) and returns the state, which
 * is updated in place (see model.ts for why). Events for objects that are gone, duplicates and
 * late list items are absorbed without effect; nothing throws.
 */
export function reduce(state: TelephonyState, event: TelephonyEvent, receivedAt: number): TelephonyState {
  const at = receivedAt
  if (state.lastEventAt === undefined || at > state.lastEventAt) state.lastEventAt = at
  if (state.pending.size > 0) resolveDeadlines(state, at)
  switch (event.type) {
    case 'Newchannel':
    case 'Newstate':
    case 'NewCallerid':
    case 'NewConnectedLine':
      upsertChannel(state, event.channel, at)
      break
    case 'MusicOnHoldStart':
    case 'MusicOnHoldStop': {
      const ch = upsertChannel(state, event.channel, at)
      if (ch !== undefined)
        ch.holdSince = event.type === 'MusicOnHoldStart' ? (ch.holdSince ?? at) : undefined
      break
    }
    case 'HangupRequest': {
      const ch = upsertChannel(state, event.channel, at)
      if (ch !== undefined) ch.hangupRequestedAt ??= at
      const call = callOfCaller(state, event.channel.uniqueId)
      if (call !== undefined) callerHangup(state, call, at, false)
      break
    }
    case 'Hangup': {
      const id = event.channel.uniqueId
      const call = callOfCaller(state, id)
      if (call !== undefined) callerHangup(state, call, at, true)
      if (state.transfers.length > 0) transfereeProgress(state, id, 'failed', at)
      removeChannel(state, id)
      break
    }
    case 'Newexten': {
      const call = decidingCall(state, event.uniqueId)
      if (call !== undefined) {
        if (event.exten === 'h') callerHangup(state, call, at, false)
        else continued(state, call, at)
      }
      break
    }
    case 'VarSet': {
      if (event.uniqueId !== undefined && isRecordingVariable(event.variable))
        noteRecording(state, event.uniqueId, event.value)
      if (event.variable !== 'QUEUESTATUS' || event.uniqueId === undefined) break
      const call = callOfCaller(state, event.uniqueId)
      if (call === undefined) break
      call.queueStatus = event.value
      // Asterisk sets QUEUESTATUS only when Queue() returns to the dialplan, never on a caller hangup.
      if (call.phase === 'left' || call.phase === 'abandoned') continued(state, call, at)
      break
    }
    case 'DialBegin':
    case 'DialState':
    case 'DialEnd': {
      touch(state, event.caller, at)
      touch(state, event.dest, at)
      if (event.caller === undefined) break
      if (event.type === 'DialBegin') {
        const call = decidingCall(state, event.caller.uniqueId)
        if (call !== undefined && call.phase !== 'completing') continued(state, call, at)
      } else if (event.type === 'DialEnd' && state.transfers.length > 0 && event.dialStatus !== undefined) {
        if (event.dialStatus === 'ANSWER') transfereeProgress(state, event.caller.uniqueId, 'answered', at)
        else if (DIAL_FAILED.has(event.dialStatus))
          transfereeProgress(state, event.caller.uniqueId, 'failed', at)
      }
      break
    }
    case 'BridgeCreate':
      upsertBridge(state, event.bridge, at)
      break
    case 'BridgeEnter': {
      enterBridge(state, event.bridge, event.channel, at)
      const call = callOfCaller(state, event.channel.uniqueId)
      if (call !== undefined && call.phase === 'abandoned') continued(state, call, at)
      if (state.transfers.length > 0 && (state.bridges.get(event.bridge.bridgeId)?.channels.size ?? 0) >= 2) {
        for (const id of state.bridges.get(event.bridge.bridgeId)?.channels ?? [])
          transfereeProgress(state, id, 'answered', at)
      }
      break
    }
    case 'BridgeLeave':
      touch(state, event.channel, at)
      leaveBridge(state, event.bridge.bridgeId, event.channel.uniqueId)
      break
    case 'BridgeDestroy': {
      const b = state.bridges.get(event.bridge.bridgeId)
      if (b !== undefined) for (const id of [...b.channels]) leaveBridge(state, b.bridgeId, id)
      state.bridges.delete(event.bridge.bridgeId)
      break
    }
    case 'BridgeMerge':
      mergeBridges(state, event.to, event.from, at)
      break
    case 'LocalBridge': {
      touch(state, event.one, at)
      touch(state, event.two, at)
      const pair = pairOf(state, event.one, event.two)
      if (pair !== undefined) pair.optimizable = event.optimization
      break
    }
    case 'LocalOptimizationBegin':
    case 'LocalOptimizationEnd': {
      const pair = pairOf(state, event.one, event.two)
      if (pair === undefined) break
      pair.optimizing = event.type === 'LocalOptimizationBegin'
      if (event.type === 'LocalOptimizationEnd') pair.optimized = event.success
      break
    }
    case 'QueueCallerJoin':
      touch(state, event.caller, at)
      joinQueue(state, event.caller, event.queue, event.position, at)
      break
    case 'QueueCallerLeave': {
      touch(state, event.caller, at)
      const call = callOfCaller(state, event.caller.uniqueId)
      if (call !== undefined && call.queue === event.queue) leaveQueue(state, call, at)
      break
    }
    case 'QueueCallerAbandon': {
      const counted = state.queues.get(event.queue)?.pbxCounters
      if (counted !== undefined) counted.seenAbandoned++
      touch(state, event.caller, at)
      let call = callOfCaller(state, event.caller.uniqueId)
      if (call === undefined && !state.hungUp.has(event.caller.uniqueId)) {
        const c = event.caller
        const enteredAt = at - (event.holdTimeSec ?? 0) * 1000
        adoptWaitingCaller(
          state,
          event.queue,
          c.uniqueId,
          c.channel,
          c.callerNum,
          c.callerName,
          event.position,
          enteredAt,
        )
        call = callOfCaller(state, c.uniqueId)
      }
      if (call !== undefined && call.queue === event.queue) abandonQueue(state, call, event.holdTimeSec, at)
      break
    }
    case 'AgentCalled': {
      touch(state, event.caller, at)
      const call = agentCall(state, event, undefined, at)
      const m = memberOf(state, event.queue, event.interface, event.memberName, at)
      if (call !== undefined && call.phase === 'waiting') {
        m.ringingFor = call.callKey
        m.ringingSince = at
      }
      break
    }
    case 'AgentRingNoAnswer':
    case 'AgentDump': {
      const call = callOfCaller(state, event.caller.uniqueId)
      const m = memberOf(state, event.queue, event.interface, event.memberName, at)
      if (call !== undefined) {
        const ringMs = event.type === 'AgentRingNoAnswer' ? event.ringTimeMs : undefined
        call.missedBy.push({ interface: event.interface, memberName: event.memberName, at, ringMs })
        if (m.ringingFor === call.callKey) {
          m.ringingFor = undefined
          m.ringingSince = undefined
        }
      }
      break
    }
    case 'AgentConnect': {
      touch(state, event.caller, at)
      touch(state, event.member, at)
      memberOf(state, event.queue, event.interface, event.memberName, at)
      const call = agentCall(state, event, event.holdTimeSec, at)
      if (call !== undefined && call.queue === event.queue) {
        connectAgent(
          state,
          call,
          event.interface,
          event.memberName,
          event.member?.uniqueId,
          event.holdTimeSec,
          at,
        )
      }
      break
    }
    case 'AgentComplete': {
      const counted = state.queues.get(event.queue)?.pbxCounters
      if (counted !== undefined) counted.seenCompleted++
      const call = callOfAgentComplete(state, event)
      if (call !== undefined && call.queue === event.queue) {
        completeAgent(state, call, event.reason, event.talkTimeSec, at)
      } else {
        const m = state.queues.get(event.queue)?.members.get(event.interface)
        if (m !== undefined && m.onCallKey === undefined) m.lastCallEndedAt = at
      }
      break
    }
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
    case 'QueueMemberAdded':
      upsertMember(state, event.member, at)
      break
    case 'QueueMemberRemoved':
      removeMember(state, event.member.queue, event.member.interface, at)
      break
    case 'DeviceStateChange':
      state.devices.set(event.device, lightOfDeviceState(event.state))
      break
    case 'ExtensionStatus': {
      const key = `${event.exten}@${event.context}`
      if (event.status < 0) state.extensions.delete(key)
      else
        state.extensions.set(key, {
          exten: event.exten,
          context: event.context,
          hint: event.hint,
          light: lightOfExtensionStatus(event.status),
        })
      break
    }
    case 'BlindTransfer':
      touch(state, event.transferer, at)
      touch(state, event.transferee, at)
      blindTransfer(state, event, at)
      break
    case 'AttendedTransfer':
      attendedTransfer(state, event, at)
      break
    case 'PanoRedirect':
      if (event.outcome === 'sent') redirectRequested(state, event.channel, event.exten)
      else redirectRefused(state, event.channel, event.exten)
      break
    case 'QueueParams': {
      const q = getQueue(state, event.queue)
      q.strategy = event.strategy ?? q.strategy
      q.serviceLevelSec = event.serviceLevelSec ?? q.serviceLevelSec
      break
    }
    case 'QueueMember':
      upsertMember(state, event.member, at, true)
      break
    case 'QueueEntry': {
      const call = callOfCaller(state, event.uniqueId)
      if (call === undefined) {
        const enteredAt = at - event.waitSec * 1000
        adoptWaitingCaller(
          state,
          event.queue,
          event.uniqueId,
          event.channel,
          event.callerNum,
          event.callerName,
          event.position,
          enteredAt,
        )
      } else {
        const w = state.queues.get(event.queue)?.callers.get(event.uniqueId)
        if (w !== undefined) w.position = event.position
      }
      break
    }
    case 'CoreShowChannel': {
      const known = state.channels.has(event.channel.uniqueId)
      const ch = upsertChannel(state, event.channel, at - (known ? 0 : (event.durationSec ?? 0) * 1000))
      if (ch === undefined) break
      // Up before Pano saw it: its creation is known (Duration), its answer is not.
      if (!known && ch.answeredAt !== undefined) {
        ch.answeredAt = undefined
        ch.answeredAtUnknown = true
      }
      if (event.bridgeId !== undefined) {
        enterBridge(
          state,
          { bridgeId: event.bridgeId, bridgeType: undefined, technology: undefined, numChannels: undefined },
          event.channel,
          at,
        )
      } else if (ch.bridgeId !== undefined) leaveBridge(state, ch.bridgeId, ch.uniqueId)
      break
    }
    case 'FullyBooted':
    case 'OriginateResponse':
    case 'ListComplete':
      break
  }
  if (state.channels.size > state.config.maxChannels || state.queueCalls.size > state.config.maxQueueCalls)
    enforceCaps(state)
  return state
}

/** Lets time pass without an event: decides queue calls whose grace period is over. */
export function tick(state: TelephonyState, now: number): TelephonyState {
  resolveDeadlines(state, now)
  return state
}
