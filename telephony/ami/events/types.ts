/**
 * Typed AMI events (docs/ami-protocol.md §6, §10): the only place that knows both Asterisk's spellings and
 * Pano's. Identifiers stay strings; `<unknown>`, `unknown` and empty values are `undefined`.
 * Fields are always present as keys (value `undefined` when absent) so every object of a kind has the
 * same shape, which keeps the decoder and the reducer fast.
 */

/** A channel snapshot (Channel, ChannelState, CallerID…, Uniqueid, Linkedid), prefix already removed. */
export interface ChannelSnapshot {
  readonly channel: string
  readonly uniqueId: string
  /** Linkedid: the conversation id. It can change during a call (§9). */
  readonly callId: string
  readonly state: number
  readonly stateDesc: string | undefined
  readonly callerNum: string | undefined
  /** C-unescaped (§8.7). */
  readonly callerName: string | undefined
  readonly connectedNum: string | undefined
  /** C-unescaped (§8.7). */
  readonly connectedName: string | undefined
  readonly accountCode: string | undefined
  readonly context: string | undefined
  readonly exten: string | undefined
  readonly priority: string | undefined
  /** ChanVariable NAME=value pairs (C-unescaped), or undefined when none were sent. */
  readonly vars: Readonly<Record<string, string>> | undefined
}

export interface BridgeSnapshot {
  readonly bridgeId: string
  readonly bridgeType: string | undefined
  readonly technology: string | undefined
  readonly numChannels: number | undefined
}

/** Field set shared by QueueMemberStatus/Pause/Added/Removed and the QueueMember list item. */
export interface QueueMemberFields {
  readonly queue: string
  readonly interface: string
  readonly memberName: string
  readonly stateInterface: string | undefined
  readonly membership: string | undefined
  readonly penalty: number | undefined
  readonly callsTaken: number | undefined
  /** Epoch seconds, 0 = never. */
  readonly lastCall: number | undefined
  readonly lastPause: number | undefined
  readonly loginTime: number | undefined
  readonly inCall: boolean | undefined
  /** AST_DEVICE_* (0 unknown, 1 not in use, 2 in use, 3 busy, 4 invalid, 5 unavailable, 6 ringing, 7 ring+in use, 8 on hold). */
  readonly status: number | undefined
  readonly paused: boolean
  readonly pausedReason: string | undefined
  readonly wrapUpSec: number | undefined
}

interface QueueCallerEventBase {
  /** The caller channel (the one running Queue()). */
  readonly caller: ChannelSnapshot
  readonly queue: string
}

interface AgentEventBase extends QueueCallerEventBase {
  /** The member channel rung (a Local `;1` for Local members), when sent. */
  readonly member: ChannelSnapshot | undefined
  readonly interface: string
  readonly memberName: string
}

type WithChannel<T extends string> = { readonly type: T; readonly channel: ChannelSnapshot }

export type ChannelEvent =
  | WithChannel<'Newchannel'>
  | WithChannel<'Newstate'>
  | WithChannel<'NewCallerid'>
  | WithChannel<'NewConnectedLine'>
  | (WithChannel<'Hangup'> & { readonly cause: number | undefined; readonly causeText: string | undefined })
  | (WithChannel<'HangupRequest'> & { readonly cause: number | undefined })
  | (WithChannel<'MusicOnHoldStart'> & {})
  | (WithChannel<'MusicOnHoldStop'> & {})

/** Dialplan progress of a channel, decoded minimally (it is frequent): only what shows a caller moving on. */
export interface NewextenEvent {
  readonly type: 'Newexten'
  readonly uniqueId: string
  readonly context: string | undefined
  readonly exten: string | undefined
  readonly application: string | undefined
}

/** Only the variable name and value (QUEUESTATUS tells why a caller left a queue). */
export interface VarSetEvent {
  readonly type: 'VarSet'
  readonly uniqueId: string | undefined
  readonly variable: string
  readonly value: string
}

export interface DialEvent<T extends 'DialBegin' | 'DialState' | 'DialEnd'> {
  readonly type: T
  /** Absent for originated calls (§10.4). */
  readonly caller: ChannelSnapshot | undefined
  readonly dest: ChannelSnapshot
  readonly dialString: string | undefined
  /** DialState/DialEnd: ANSWER, BUSY, CANCEL, NOANSWER, RINGING, … */
  readonly dialStatus: string | undefined
}

export type BridgeEvent =
  | { readonly type: 'BridgeCreate'; readonly bridge: BridgeSnapshot }
  | { readonly type: 'BridgeDestroy'; readonly bridge: BridgeSnapshot }
  | {
      readonly type: 'BridgeEnter'
      readonly bridge: BridgeSnapshot
      readonly channel: ChannelSnapshot
      readonly swapUniqueId: string | undefined
    }
  | { readonly type: 'BridgeLeave'; readonly bridge: BridgeSnapshot; readonly channel: ChannelSnapshot }
  | { readonly type: 'BridgeMerge'; readonly to: BridgeSnapshot; readonly from: BridgeSnapshot }

export type LocalEvent =
  | {
      readonly type: 'LocalBridge'
      readonly one: ChannelSnapshot
      readonly two: ChannelSnapshot
      readonly context: string | undefined
      readonly exten: string | undefined
      readonly optimization: boolean
    }
  | {
      readonly type: 'LocalOptimizationBegin'
      readonly one: ChannelSnapshot
      readonly two: ChannelSnapshot
      readonly source: ChannelSnapshot | undefined
      readonly destUniqueId: string | undefined
      readonly id: string | undefined
    }
  | {
      readonly type: 'LocalOptimizationEnd'
      readonly one: ChannelSnapshot
      readonly two: ChannelSnapshot
      readonly success: boolean
      readonly id: string | undefined
    }

export type QueueCallerEvent =
  | (QueueCallerEventBase & {
      readonly type: 'QueueCallerJoin'
      readonly position: number
      readonly count: number
    })
  | (QueueCallerEventBase & {
      readonly type: 'QueueCallerLeave'
      readonly position: number
      readonly count: number
    })
  | (QueueCallerEventBase & {
      readonly type: 'QueueCallerAbandon'
      readonly position: number
      readonly originalPosition: number | undefined
      /** Seconds waited (per call; not an average). */
      readonly holdTimeSec: number | undefined
    })

/**
 * The end of an answered queue call. Asterisk builds it from the latest snapshots of both channels
 * (apps/app_queue.c `send_agent_complete`), so when the caller's channel is already gone (it hung up
 * first) the caller fields are absent altogether, and the same goes for the member's `Dest*` fields.
 */
export interface AgentCompleteEvent extends Omit<AgentEventBase, 'caller'> {
  readonly type: 'AgentComplete'
  /** Absent when the caller's channel was gone before Asterisk published the event. */
  readonly caller: ChannelSnapshot | undefined
  readonly holdTimeSec: number | undefined
  readonly talkTimeSec: number | undefined
  /** caller | agent | transfer */
  readonly reason: string | undefined
}

export type AgentEvent =
  | (AgentEventBase & { readonly type: 'AgentCalled' })
  | (AgentEventBase & { readonly type: 'AgentRingNoAnswer'; readonly ringTimeMs: number | undefined })
  | (AgentEventBase & {
      readonly type: 'AgentConnect'
      readonly holdTimeSec: number | undefined
      readonly ringTimeSec: number | undefined
    })
  | AgentCompleteEvent
  | (AgentEventBase & { readonly type: 'AgentDump' })

type MemberEventOf<T extends string> = { readonly type: T; readonly member: QueueMemberFields }

export type QueueMemberEvent =
  | MemberEventOf<'QueueMemberStatus'>
  | MemberEventOf<'QueueMemberPause'>
  | MemberEventOf<'QueueMemberAdded'>
  | MemberEventOf<'QueueMemberRemoved'>

export interface DeviceStateChangeEvent {
  readonly type: 'DeviceStateChange'
  readonly device: string
  /** NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD, UNKNOWN */
  readonly state: string
  /** Set when the event is a DeviceStateList item rather than a live change. */
  readonly actionId: string | undefined
}

export interface ExtensionStatusEvent {
  readonly type: 'ExtensionStatus'
  readonly exten: string
  readonly context: string
  readonly hint: string | undefined
  /** -2 removed, -1 deactivated, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold (bits combine). */
  readonly status: number
  readonly actionId: string | undefined
}

export interface BlindTransferEvent {
  readonly type: 'BlindTransfer'
  /** Success, Fail, Invalid, Not Permitted */
  readonly result: string
  readonly transferer: ChannelSnapshot
  readonly transferee: ChannelSnapshot | undefined
  readonly bridge: BridgeSnapshot | undefined
  readonly isExternal: boolean
  readonly context: string | undefined
  readonly extension: string | undefined
}

/**
 * Pano's own Redirect of a channel, put into the event stream by the AMI client that wrote the action
 * (connection/ami-client.ts), so that every node reducing the stream (docs/cluster.md) notes it: no PBX
 * event says that a Redirect of a waiting caller was a transfer (state/transfers.ts). `refused`: the PBX
 * answered the Redirect with an error.
 */
export interface PanoRedirectEvent {
  readonly type: 'PanoRedirect'
  readonly channel: string
  readonly exten: string
  readonly outcome: 'sent' | 'refused'
}

export interface AttendedTransferEvent {
  readonly type: 'AttendedTransfer'
  readonly result: string
  readonly origTransferer: ChannelSnapshot
  readonly secondTransferer: ChannelSnapshot | undefined
  readonly transferee: ChannelSnapshot | undefined
  readonly transferTarget: ChannelSnapshot | undefined
  readonly origBridgeId: string | undefined
  readonly secondBridgeId: string | undefined
  /** Bridge, App, Link, Threeway, Fail */
  readonly destType: string | undefined
  readonly destBridgeId: string | undefined
  readonly destApp: string | undefined
  readonly isExternal: boolean
}

export interface OriginateResponseEvent {
  readonly type: 'OriginateResponse'
  readonly actionId: string | undefined
  readonly success: boolean
  readonly channel: string | undefined
  /** 0 failed, 1 hangup, 3 ringing (no answer), 4 answered, 5 busy, 8 congestion */
  readonly reason: number | undefined
  readonly uniqueId: string | undefined
  readonly callerNum: string | undefined
  readonly callerName: string | undefined
}

export interface FullyBootedEvent {
  readonly type: 'FullyBooted'
  readonly uptimeSec: number | undefined
  readonly lastReloadSec: number | undefined
}

/** List items (docs/ami-protocol.md §6). They carry the ActionID of the list action. */
export interface QueueParamsItem {
  readonly type: 'QueueParams'
  readonly queue: string
  readonly strategy: string | undefined
  readonly max: number | undefined
  readonly calls: number | undefined
  readonly serviceLevelSec: number | undefined
  readonly weight: number | undefined
  /** The PBX's own counters since its last reset: calls completed with an agent, and abandoned. */
  readonly completed: number | undefined
  readonly abandoned: number | undefined
  readonly actionId: string | undefined
}

export interface QueueMemberItem {
  readonly type: 'QueueMember'
  readonly member: QueueMemberFields
  readonly actionId: string | undefined
}

export interface QueueEntryItem {
  readonly type: 'QueueEntry'
  readonly queue: string
  readonly position: number
  readonly channel: string
  readonly uniqueId: string
  readonly callerNum: string | undefined
  /** Not escaped in this item (§8.7). */
  readonly callerName: string | undefined
  readonly connectedNum: string | undefined
  readonly connectedName: string | undefined
  readonly waitSec: number
  readonly actionId: string | undefined
}

export interface CoreShowChannelItem {
  readonly type: 'CoreShowChannel'
  readonly channel: ChannelSnapshot
  readonly application: string | undefined
  readonly applicationData: string | undefined
  readonly durationSec: number | undefined
  readonly bridgeId: string | undefined
  readonly actionId: string | undefined
}

export type ListName =
  'QueueStatus' | 'CoreShowChannels' | 'DeviceStateList' | 'ExtensionStateList' | 'QueueSummary'

export interface ListCompleteEvent {
  readonly type: 'ListComplete'
  readonly list: ListName
  readonly actionId: string | undefined
  readonly listItems: number | undefined
}

export type TelephonyEvent =
  | FullyBootedEvent
  | ChannelEvent
  | NewextenEvent
  | VarSetEvent
  | DialEvent<'DialBegin'>
  | DialEvent<'DialState'>
  | DialEvent<'DialEnd'>
  | BridgeEvent
  | LocalEvent
  | QueueCallerEvent
  | AgentEvent
  | QueueMemberEvent
  | DeviceStateChangeEvent
  | ExtensionStatusEvent
  | BlindTransferEvent
  | AttendedTransferEvent
  | PanoRedirectEvent
  | OriginateResponseEvent
  | QueueParamsItem
  | QueueMemberItem
  | QueueEntryItem
  | CoreShowChannelItem
  | ListCompleteEvent

export type TelephonyEventType = TelephonyEvent['type']

/** An event Pano does not use (counted by the caller, never thrown). */
export interface UnknownEvent {
  readonly type: 'unknown'
  readonly name: string
}

/** A used event that lacks a required field or holds an unreadable value. */
export interface DecodeError {
  readonly type: 'decodeError'
  readonly name: string
  readonly reason: string
}

export type DecodeResult = TelephonyEvent | UnknownEvent | DecodeError
