import type { AmiMessage } from './message.ts'
import {
  bridge,
  bridgeOrUndefined,
  field,
  FieldError,
  flag,
  opt,
  optNum,
  present,
  req,
  reqNum,
} from './events/fields.ts'
import { party, snapshot, snapshotOrUndefined } from './events/snapshot.ts'
import type {
  ChannelSnapshot,
  DecodeResult,
  ListName,
  QueueMemberFields,
  TelephonyEvent,
} from './events/types.ts'

export type * from './events/types.ts'

/** The event the AMI client adds to the stream when it writes a Redirect (PanoRedirectEvent). */
export const PANO_REDIRECT_EVENT = 'PanoRedirect'

type Decoder = (m: AmiMessage, name: string) => TelephonyEvent

function memberFields(m: AmiMessage, list: boolean): QueueMemberFields {
  const paused = flag(field(m, 'Paused')) ?? false
  return {
    queue: req(m, 'Queue'),
    // The QueueStatus list item names them Location/Name; the live events Interface/MemberName (§6).
    // Asterisk 11 live events also say Location; accept either spelling in both.
    interface: list
      ? (opt(m, 'Location') ?? req(m, 'Interface'))
      : (opt(m, 'Interface') ?? req(m, 'Location')),
    memberName:
      (list ? (opt(m, 'Name') ?? opt(m, 'MemberName')) : (opt(m, 'MemberName') ?? opt(m, 'Name'))) ??
      opt(m, 'Interface') ??
      req(m, 'Location'),
    stateInterface: opt(m, 'StateInterface'),
    membership: opt(m, 'Membership'),
    penalty: optNum(m, 'Penalty'),
    callsTaken: optNum(m, 'CallsTaken'),
    lastCall: optNum(m, 'LastCall'),
    lastPause: optNum(m, 'LastPause'),
    loginTime: optNum(m, 'LoginTime'),
    inCall: flag(field(m, 'InCall')),
    status: optNum(m, 'Status'),
    paused,
    // Before 18.0 the reason came as `Reason:` (QueueMemberPaused); PausedReason wins when both exist.
    pausedReason: opt(m, 'PausedReason') ?? opt(m, 'Reason'),
    wrapUpSec: optNum(m, 'Wrapuptime'),
  }
}

const channelOnly =
  (
    type:
      'Newchannel' | 'Newstate' | 'NewCallerid' | 'NewConnectedLine' | 'MusicOnHoldStart' | 'MusicOnHoldStop',
  ) =>
  (m: AmiMessage): TelephonyEvent => ({ type, channel: snapshot(m, '') })

const dial =
  (type: 'DialBegin' | 'DialState' | 'DialEnd') =>
  (m: AmiMessage): TelephonyEvent => ({
    type,
    caller: snapshotOrUndefined(m, ''),
    dest: snapshot(m, 'Dest'),
    dialString: opt(m, 'DialString'),
    dialStatus: opt(m, 'DialStatus'),
  })

const agentFields = (m: AmiMessage) => ({
  member: snapshotOrUndefined(m, 'Dest'),
  queue: req(m, 'Queue'),
  interface: req(m, 'Interface'),
  memberName: opt(m, 'MemberName') ?? req(m, 'Interface'),
})

const agentBase = (m: AmiMessage) => ({ caller: snapshot(m, ''), ...agentFields(m) })

const listComplete =
  (list: ListName) =>
  (m: AmiMessage): TelephonyEvent => ({
    type: 'ListComplete',
    list,
    actionId: opt(m, 'ActionID'),
    listItems: optNum(m, 'ListItems'),
  })

const memberEvent =
  (type: 'QueueMemberStatus' | 'QueueMemberPause' | 'QueueMemberAdded' | 'QueueMemberRemoved') =>
  (m: AmiMessage): TelephonyEvent => ({ type, member: memberFields(m, false) })

/** Asterisk ≤11 LocalBridge: `Channel1`/`Uniqueid1` instead of LocalOne* snapshots. */
function legacySnapshot(m: AmiMessage, n: '1' | '2'): ChannelSnapshot {
  const uniqueId = req(m, `Uniqueid${n}`)
  return {
    channel: req(m, `Channel${n}`),
    uniqueId,
    callId: uniqueId,
    state: 0,
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
  }
}

/** Duration `HH:MM:SS` (CoreShowChannel) → seconds. */
function hms(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined
  const parts = v.split(':').map(Number)
  if (parts.some((p) => !Number.isFinite(p))) return undefined
  return parts.reduce((acc, p) => acc * 60 + p, 0)
}

const DECODERS: Record<string, Decoder> = {
  FullyBooted: (m) => ({
    type: 'FullyBooted',
    uptimeSec: optNum(m, 'Uptime'),
    lastReloadSec: optNum(m, 'LastReload'),
  }),
  Newchannel: channelOnly('Newchannel'),
  Newstate: channelOnly('Newstate'),
  NewCallerid: channelOnly('NewCallerid'),
  NewConnectedLine: channelOnly('NewConnectedLine'),
  MusicOnHoldStart: channelOnly('MusicOnHoldStart'),
  MusicOnHoldStop: channelOnly('MusicOnHoldStop'),
  Hangup: (m) => ({
    type: 'Hangup',
    channel: snapshot(m, ''),
    cause: optNum(m, 'Cause'),
    causeText: opt(m, 'Cause-txt'),
  }),
  HangupRequest: (m) => ({ type: 'HangupRequest', channel: snapshot(m, ''), cause: optNum(m, 'Cause') }),
  SoftHangupRequest: (m) => ({ type: 'HangupRequest', channel: snapshot(m, ''), cause: optNum(m, 'Cause') }),
  Newexten: (m) => ({
    type: 'Newexten',
    uniqueId: req(m, 'Uniqueid'),
    context: opt(m, 'Context'),
    exten: opt(m, 'Exten') ?? opt(m, 'Extension'),
    application: opt(m, 'Application'),
  }),
  VarSet: (m) => ({
    type: 'VarSet',
    uniqueId: opt(m, 'Uniqueid'),
    variable: req(m, 'Variable'),
    value: field(m, 'Value') ?? '',
  }),
  DialBegin: dial('DialBegin'),
  DialState: dial('DialState'),
  DialEnd: dial('DialEnd'),
  BridgeCreate: (m) => ({ type: 'BridgeCreate', bridge: bridge(m, '') }),
  BridgeDestroy: (m) => ({ type: 'BridgeDestroy', bridge: bridge(m, '') }),
  BridgeEnter: (m) => ({
    type: 'BridgeEnter',
    bridge: bridge(m, ''),
    channel: snapshot(m, ''),
    swapUniqueId: opt(m, 'SwapUniqueid'),
  }),
  BridgeLeave: (m) => ({ type: 'BridgeLeave', bridge: bridge(m, ''), channel: snapshot(m, '') }),
  BridgeMerge: (m) => ({ type: 'BridgeMerge', to: bridge(m, 'To'), from: bridge(m, 'From') }),
  LocalBridge: (m) => ({
    type: 'LocalBridge',
    one: snapshotOrUndefined(m, 'LocalOne') ?? legacySnapshot(m, '1'),
    two: snapshotOrUndefined(m, 'LocalTwo') ?? legacySnapshot(m, '2'),
    context: opt(m, 'Context'),
    exten: opt(m, 'Exten'),
    optimization: flag(field(m, 'LocalOptimization')) ?? false,
  }),
  LocalOptimizationBegin: (m) => ({
    type: 'LocalOptimizationBegin',
    one: snapshot(m, 'LocalOne'),
    two: snapshot(m, 'LocalTwo'),
    source: snapshotOrUndefined(m, 'Source'),
    destUniqueId: opt(m, 'DestUniqueId'),
    id: opt(m, 'Id'),
  }),
  LocalOptimizationEnd: (m) => ({
    type: 'LocalOptimizationEnd',
    one: snapshot(m, 'LocalOne'),
    two: snapshot(m, 'LocalTwo'),
    success: flag(field(m, 'Success')) ?? false,
    id: opt(m, 'Id'),
  }),
  QueueCallerJoin: (m) => ({
    type: 'QueueCallerJoin',
    caller: snapshot(m, ''),
    queue: req(m, 'Queue'),
    position: reqNum(m, 'Position'),
    count: optNum(m, 'Count') ?? 0,
  }),
  QueueCallerLeave: (m) => ({
    type: 'QueueCallerLeave',
    caller: snapshot(m, ''),
    queue: req(m, 'Queue'),
    position: optNum(m, 'Position') ?? 0,
    count: optNum(m, 'Count') ?? 0,
  }),
  QueueCallerAbandon: (m) => ({
    type: 'QueueCallerAbandon',
    caller: snapshot(m, ''),
    queue: req(m, 'Queue'),
    position: optNum(m, 'Position') ?? 0,
    originalPosition: optNum(m, 'OriginalPosition'),
    holdTimeSec: optNum(m, 'HoldTime'),
  }),
  AgentCalled: (m) => ({ type: 'AgentCalled', ...agentBase(m) }),
  AgentRingNoAnswer: (m) => ({
    type: 'AgentRingNoAnswer',
    ...agentBase(m),
    ringTimeMs: optNum(m, 'RingTime'),
  }),
  AgentConnect: (m) => ({
    type: 'AgentConnect',
    ...agentBase(m),
    holdTimeSec: optNum(m, 'HoldTime'),
    ringTimeSec: optNum(m, 'RingTime'),
  }),
  AgentComplete: (m) => ({
    type: 'AgentComplete',
    ...agentFields(m),
    // Asterisk 22 leaves the caller fields out once the caller's channel is gone (types.ts).
    caller: snapshotOrUndefined(m, ''),
    holdTimeSec: optNum(m, 'HoldTime'),
    talkTimeSec: optNum(m, 'TalkTime'),
    reason: opt(m, 'Reason'),
  }),
  AgentDump: (m) => ({ type: 'AgentDump', ...agentBase(m) }),
  QueueMemberStatus: memberEvent('QueueMemberStatus'),
  QueueMemberPause: memberEvent('QueueMemberPause'),
  QueueMemberPaused: memberEvent('QueueMemberPause'),
  QueueMemberAdded: memberEvent('QueueMemberAdded'),
  QueueMemberRemoved: memberEvent('QueueMemberRemoved'),
  DeviceStateChange: (m) => ({
    type: 'DeviceStateChange',
    device: req(m, 'Device'),
    state: req(m, 'State'),
    actionId: opt(m, 'ActionID'),
  }),
  ExtensionStatus: (m) => ({
    type: 'ExtensionStatus',
    exten: req(m, 'Exten'),
    context: req(m, 'Context'),
    hint: opt(m, 'Hint'),
    status: reqNum(m, 'Status'),
    actionId: opt(m, 'ActionID'),
  }),
  BlindTransfer: (m) => ({
    type: 'BlindTransfer',
    result: req(m, 'Result'),
    transferer: snapshot(m, 'Transferer'),
    transferee: snapshotOrUndefined(m, 'Transferee'),
    bridge: bridgeOrUndefined(m, ''),
    isExternal: flag(field(m, 'IsExternal')) ?? false,
    context: opt(m, 'Context'),
    extension: opt(m, 'Extension'),
  }),
  // Written by the AMI client itself, never read from the PBX (connection/ami-client.ts drops those).
  [PANO_REDIRECT_EVENT]: (m) => ({
    type: 'PanoRedirect',
    channel: req(m, 'Channel'),
    exten: req(m, 'Exten'),
    outcome: field(m, 'Outcome') === 'refused' ? 'refused' : 'sent',
  }),
  AttendedTransfer: (m) => ({
    type: 'AttendedTransfer',
    result: req(m, 'Result'),
    origTransferer: snapshot(m, 'OrigTransferer'),
    secondTransferer: snapshotOrUndefined(m, 'SecondTransferer'),
    transferee: snapshotOrUndefined(m, 'Transferee'),
    transferTarget: snapshotOrUndefined(m, 'TransferTarget'),
    origBridgeId: opt(m, 'OrigBridgeUniqueid'),
    secondBridgeId: opt(m, 'SecondBridgeUniqueid'),
    destType: opt(m, 'DestType'),
    destBridgeId: opt(m, 'DestBridgeUniqueid'),
    destApp: opt(m, 'DestApp'),
    isExternal: flag(field(m, 'IsExternal')) ?? false,
  }),
  OriginateResponse: (m) => ({
    type: 'OriginateResponse',
    actionId: opt(m, 'ActionID'),
    success: (field(m, 'Response') ?? '').toLowerCase() === 'success',
    channel: opt(m, 'Channel'),
    reason: optNum(m, 'Reason'),
    uniqueId: opt(m, 'Uniqueid'),
    callerNum: party(opt(m, 'CallerIDNum')),
    callerName: party(opt(m, 'CallerIDName')),
  }),
  QueueParams: (m) => ({
    type: 'QueueParams',
    queue: req(m, 'Queue'),
    strategy: opt(m, 'Strategy'),
    max: optNum(m, 'Max'),
    calls: optNum(m, 'Calls'),
    serviceLevelSec: optNum(m, 'ServiceLevel'),
    weight: optNum(m, 'Weight'),
    completed: optNum(m, 'Completed'),
    abandoned: optNum(m, 'Abandoned'),
    actionId: opt(m, 'ActionID'),
  }),
  QueueMember: (m) => ({ type: 'QueueMember', member: memberFields(m, true), actionId: opt(m, 'ActionID') }),
  QueueEntry: (m) => ({
    type: 'QueueEntry',
    queue: req(m, 'Queue'),
    position: reqNum(m, 'Position'),
    channel: req(m, 'Channel'),
    uniqueId: req(m, 'Uniqueid'),
    callerNum: party(opt(m, 'CallerIDNum')),
    callerName: party(opt(m, 'CallerIDName')),
    connectedNum: party(opt(m, 'ConnectedLineNum')),
    connectedName: party(opt(m, 'ConnectedLineName')),
    waitSec: optNum(m, 'Wait') ?? 0,
    actionId: opt(m, 'ActionID'),
  }),
  CoreShowChannel: (m) => ({
    type: 'CoreShowChannel',
    channel: snapshot(m, ''),
    application: opt(m, 'Application'),
    applicationData: opt(m, 'ApplicationData'),
    durationSec: hms(field(m, 'Duration')),
    bridgeId: present(field(m, 'BridgeId')),
    actionId: opt(m, 'ActionID'),
  }),
  QueueStatusComplete: listComplete('QueueStatus'),
  CoreShowChannelsComplete: listComplete('CoreShowChannels'),
  DeviceStateListComplete: listComplete('DeviceStateList'),
  ExtensionStateListComplete: listComplete('ExtensionStateList'),
  QueueSummaryComplete: listComplete('QueueSummary'),
}

// Maps, not the object: an event named `constructor` must not find Object's prototype.
const DECODER_MAP = new Map(Object.entries(DECODERS))
const DECODERS_LOWER = new Map(Object.entries(DECODERS).map(([k, v]) => [k.toLowerCase(), v]))

/** The event name: the first `Event` field, trimmed (a duplicated `Event:` in UserEvent is ignored, §8.13). */
function eventName(m: AmiMessage): string | undefined {
  const first = m.keys[0]
  if (first === 'Event') return (m.values[0] as string).trim()
  const v = field(m, 'Event')
  return v === undefined ? undefined : v.trim()
}

/**
 * AmiMessage → typed event. Events Pano does not use come back as `{ type: 'unknown', name }`,
 * used events with missing or unreadable required fields as a DecodeError value; nothing throws.
 */
export function decodeAmiEvent(msg: AmiMessage): DecodeResult {
  const name = eventName(msg)
  if (name === undefined) return { type: 'decodeError', name: '', reason: 'not an event (no Event field)' }
  const decoder = DECODER_MAP.get(name) ?? DECODERS_LOWER.get(name.toLowerCase())
  if (decoder === undefined) return { type: 'unknown', name }
  try {
    return decoder(msg, name)
  } catch (err) {
    if (err instanceof FieldError) return { type: 'decodeError', name, reason: err.message }
    return { type: 'decodeError', name, reason: String(err) }
  }
}

/** Names of the events decodeAmiEvent turns into typed events (for filters and docs). */
export const DECODED_EVENT_NAMES: readonly string[] = Object.keys(DECODERS)
