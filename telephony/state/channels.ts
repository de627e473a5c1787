import type { BridgeSnapshot, ChannelSnapshot } from '../ami/events.ts'
import { type Bridge, type Channel, type LocalPair, type TelephonyState } from './model.ts'

/** `Local/1004@agents-000000ae;1` → `Local/1004@agents-000000ae`; undefined for other technologies. */
export function localBaseOf(name: string): string | undefined {
  if (!name.startsWith('Local/')) return undefined
  const semi = name.lastIndexOf(';')
  return semi === -1 ? undefined : name.slice(0, semi)
}

/**
 * Upserts a channel from any snapshot-bearing event: caller ids, state and Linkedid are refreshed
 * every time (Linkedid can change mid-call, §9). Returns undefined for channels that already hung up
 * (a late or duplicate event must not bring them back).
 */
export function upsertChannel(state: TelephonyState, s: ChannelSnapshot, at: number): Channel | undefined {
  let ch = state.channels.get(s.uniqueId)
  if (ch === undefined) {
    if (state.hungUp.has(s.uniqueId)) return undefined
    ch = {
      uniqueId: s.uniqueId,
      callId: s.callId,
      name: s.channel,
      state: s.state,
      stateDesc: s.stateDesc,
      callerNum: s.callerNum,
      callerName: s.callerName,
      connectedNum: s.connectedNum,
      connectedName: s.connectedName,
      context: s.context,
      exten: s.exten,
      createdAt: at,
      answeredAt: s.state === 6 ? at : undefined,
      answeredAtUnknown: false,
      bridgeId: undefined,
      hangupRequestedAt: undefined,
      holdSince: undefined,
      localBase: localBaseOf(s.channel),
      recordingFile: undefined,
    }
    state.channels.set(s.uniqueId, ch)
    return ch
  }
  if (ch.callId !== s.callId) {
    ch.callId = s.callId
    const key = state.callKeyByCaller.get(ch.uniqueId)
    const call = key === undefined ? undefined : state.queueCalls.get(key)
    if (call !== undefined) call.linkedId = s.callId
  }
  if (s.state === 6 && ch.answeredAt === undefined && !ch.answeredAtUnknown) ch.answeredAt = at
  ch.name = s.channel
  ch.state = s.state
  ch.stateDesc = s.stateDesc
  ch.callerNum = s.callerNum
  ch.callerName = s.callerName
  ch.connectedNum = s.connectedNum
  ch.connectedName = s.connectedName
  ch.context = s.context
  ch.exten = s.exten
  return ch
}

export function rememberHungUp(state: TelephonyState, uniqueId: string): void {
  state.hungUp.add(uniqueId)
}

export function removeChannel(state: TelephonyState, uniqueId: string): void {
  const ch = state.channels.get(uniqueId)
  rememberHungUp(state, uniqueId)
  state.entriesByCaller.delete(uniqueId)
  if (ch === undefined) return
  state.channels.delete(uniqueId)
  if (ch.bridgeId !== undefined) leaveBridge(state, ch.bridgeId, uniqueId)
  if (ch.localBase !== undefined) {
    const pair = state.localPairs.get(ch.localBase)
    if (pair !== undefined) {
      if (pair.oneId === uniqueId) pair.oneId = undefined
      if (pair.twoId === uniqueId) pair.twoId = undefined
      if (pair.oneId === undefined && pair.twoId === undefined) state.localPairs.delete(ch.localBase)
    }
  }
}

export function upsertBridge(state: TelephonyState, b: BridgeSnapshot, at: number): Bridge {
  let bridge = state.bridges.get(b.bridgeId)
  if (bridge === undefined) {
    bridge = {
      bridgeId: b.bridgeId,
      bridgeType: b.bridgeType,
      technology: b.technology,
      channels: new Set(),
      createdAt: at,
    }
    state.bridges.set(b.bridgeId, bridge)
  } else {
    bridge.bridgeType = b.bridgeType ?? bridge.bridgeType
    bridge.technology = b.technology ?? bridge.technology
  }
  return bridge
}

export function enterBridge(state: TelephonyState, b: BridgeSnapshot, s: ChannelSnapshot, at: number): void {
  const ch = upsertChannel(state, s, at)
  if (ch === undefined) return
  if (ch.bridgeId !== undefined && ch.bridgeId !== b.bridgeId) leaveBridge(state, ch.bridgeId, ch.uniqueId)
  upsertBridge(state, b, at).channels.add(ch.uniqueId)
  ch.bridgeId = b.bridgeId
}

export function leaveBridge(state: TelephonyState, bridgeId: string, uniqueId: string): void {
  state.bridges.get(bridgeId)?.channels.delete(uniqueId)
  const ch = state.channels.get(uniqueId)
  if (ch !== undefined && ch.bridgeId === bridgeId) ch.bridgeId = undefined
}

/** BridgeMerge: every channel of `from` now sits in `to`; `from` is gone. */
export function mergeBridges(
  state: TelephonyState,
  to: BridgeSnapshot,
  from: BridgeSnapshot,
  at: number,
): void {
  const target = upsertBridge(state, to, at)
  const source = state.bridges.get(from.bridgeId)
  if (source !== undefined) {
    for (const id of source.channels) {
      target.channels.add(id)
      const ch = state.channels.get(id)
      if (ch !== undefined) ch.bridgeId = target.bridgeId
    }
  }
  state.bridges.delete(from.bridgeId)
}

export function pairOf(
  state: TelephonyState,
  one: ChannelSnapshot,
  two: ChannelSnapshot,
): LocalPair | undefined {
  const base = localBaseOf(one.channel) ?? localBaseOf(two.channel)
  if (base === undefined) return undefined
  let pair = state.localPairs.get(base)
  if (pair === undefined) {
    pair = {
      base,
      oneId: undefined,
      twoId: undefined,
      optimizable: true,
      optimizing: false,
      optimized: false,
    }
    state.localPairs.set(base, pair)
  }
  if (!state.hungUp.has(one.uniqueId)) pair.oneId = one.uniqueId
  if (!state.hungUp.has(two.uniqueId)) pair.twoId = two.uniqueId
  return pair
}

/** The other half of a Local channel, if both halves are known. */
export function otherHalf(state: TelephonyState, ch: Channel): Channel | undefined {
  if (ch.localBase === undefined) return undefined
  const pair = state.localPairs.get(ch.localBase)
  if (pair === undefined) return undefined
  const other = pair.oneId === ch.uniqueId ? pair.twoId : pair.oneId
  return other === undefined ? undefined : state.channels.get(other)
}
