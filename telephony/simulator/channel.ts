/** Channels, bridges and their AMI snapshot fields (docs/ami-protocol.md §9, §10 "Common fields"). */
export type Fields = Array<readonly [string, string]>

const STATE_DESC = [
  'Down',
  'Rsrvd',
  'OffHook',
  'Dialing',
  'Ring',
  'Ringing',
  'Up',
  'Busy',
  'Dialing Offhook',
  'Pre-ring',
  'Unknown',
]

export const ChannelState = { Down: 0, Ring: 4, Ringing: 5, Up: 6, Busy: 7 } as const

export interface SimChannel {
  readonly name: string
  readonly uniqueid: string
  linkedid: string
  state: number
  callerNum: string
  callerName: string
  connNum: string
  connName: string
  language: string
  accountCode: string
  context: string
  exten: string
  priority: number
  /** For CoreShowChannels. */
  application: string
  appData: string
  createdAt: number
  bridgeId: string
  hungUp: boolean
  /** Device whose state this channel drives (e.g. `Local/1004@agents`, `PJSIP/2002`). */
  readonly device: string
}

export interface SimBridge {
  readonly id: string
  readonly channels: SimChannel[]
}

export const UNKNOWN = '<unknown>'

export function stateDesc(state: number): string {
  return STATE_DESC[state] ?? 'Unknown'
}

/** The channel snapshot as Asterisk prints it, each key prefixed (`Dest`, `Transferee`, …). */
export function snapshot(ch: SimChannel, prefix = ''): Fields {
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(ch.state)],
    [`${prefix}ChannelStateDesc`, stateDesc(ch.state)],
    [`${prefix}CallerIDNum`, ch.callerNum],
    [`${prefix}CallerIDName`, escapeC(ch.callerName)],
    [`${prefix}ConnectedLineNum`, ch.connNum],
    [`${prefix}ConnectedLineName`, escapeC(ch.connName)],
    [`${prefix}Language`, ch.language],
    [`${prefix}AccountCode`, ch.accountCode],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
  ]
}

export function bridgeSnapshot(bridge: SimBridge, prefix = ''): Fields {
  return [
    [`${prefix}BridgeUniqueid`, bridge.id],
    [`${prefix}BridgeType`, 'basic'],
    [`${prefix}BridgeTechnology`, 'simple_bridge'],
    [`${prefix}BridgeCreator`, UNKNOWN],
    [`${prefix}BridgeName`, UNKNOWN],
    [`${prefix}BridgeNumChannels`, String(bridge.channels.length)],
    [`${prefix}BridgeVideoSourceMode`, 'none'],
  ]
}

const C_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '?': '\\?',
}

/** Asterisk's ast_escape_c on CallerIDName (§8.7): O'Brien → O\'Brien. */
export function escapeC(value: string): string {
  let out = ''
  for (const ch of value) out += C_ESCAPES[ch] ?? ch
  return out
}

/**
 * Allocates Uniqueids (`<epoch>.<seq>`) and channel-name suffixes (8 hex digits, one counter per
 * technology, like chan_local and chan_pjsip). `reset()` is an Asterisk restart.
 */
export class ChannelIds {
  private seq = 0
  private readonly counters = new Map<string, number>()

  reset(): void {
    this.seq = 0
    this.counters.clear()
  }

  uniqueid(nowMs: number): string {
    return `${Math.floor(nowMs / 1000)}.${this.seq++}`
  }

  suffix(tech: string): string {
    const n = this.counters.get(tech) ?? 0
    this.counters.set(tech, n + 1)
    return n.toString(16).padStart(8, '0')
  }
}

export interface NewChannelSpec {
  readonly name: string
  /**
   * Assigned by Originate's `ChannelId` / `OtherChannelId`; absent: the next `<epoch>.<seq>`. Asterisk
   * takes the assigned id but still counts the channel (main/channel_internal_api.c), so the sequence
   * advances either way.
   */
  readonly uniqueid?: string
  readonly state: number
  readonly context: string
  readonly exten: string
  readonly device: string
  /** Requester's linkedid (§9); defaults to the channel's own uniqueid. */
  readonly linkedid?: string
  readonly callerNum?: string
  readonly callerName?: string
  readonly connNum?: string
  readonly connName?: string
}

export function makeChannel(spec: NewChannelSpec, uniqueid: string, nowMs: number): SimChannel {
  return {
    name: spec.name,
    uniqueid,
    linkedid: spec.linkedid ?? uniqueid,
    state: spec.state,
    callerNum: spec.callerNum ?? UNKNOWN,
    callerName: spec.callerName ?? UNKNOWN,
    connNum: spec.connNum ?? UNKNOWN,
    connName: spec.connName ?? UNKNOWN,
    language: 'en',
    accountCode: '',
    context: spec.context,
    exten: spec.exten,
    priority: 1,
    application: '',
    appData: '',
    createdAt: nowMs,
    bridgeId: '',
    hungUp: false,
    device: spec.device,
  }
}
