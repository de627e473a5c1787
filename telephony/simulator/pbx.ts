/**
 * The simulated PBX's state and the primitives every call flow uses: channels, bridges, device and
 * extension states, queue members. Each primitive emits the AMI events Asterisk 20/22 would emit, in the
 * order of the lab captures (test/transcripts/asterisk-22-lab). Flows live in queue-flow.ts and
 * transfer-flow.ts.
 */
import {
  ChannelIds,
  bridgeSnapshot,
  makeChannel,
  snapshot,
  type Fields,
  type NewChannelSpec,
  type SimBridge,
  type SimChannel,
} from './channel.ts'
import { GroundTruthLog } from './ground-truth.ts'
import {
  DEVICE_CODES,
  deviceOf,
  EXTENSION_STATES,
  type EventClass,
  type PbxDeps,
  type PbxExtension,
  type PbxMember,
  type PbxQueue,
} from './pbx-model.ts'

export {
  deviceOf,
  type EventClass,
  type ExtensionBehaviour,
  type NoiseLevel,
  type PbxDeps,
  type PbxExtension,
  type PbxMember,
  type PbxQueue,
  type PbxQueueConfig,
  type SimEvent,
} from './pbx-model.ts'

export class Pbx {
  readonly ids = new ChannelIds()
  readonly channels = new Map<string, SimChannel>()
  readonly bridges = new Map<string, SimBridge>()
  readonly queues = new Map<string, PbxQueue>()
  readonly extensions = new Map<string, PbxExtension>()
  readonly devices = new Map<string, string>()
  /** Per interface: 'ringing' or 'incall' while the agent is busy; wrap-up end time. */
  readonly agentBusy = new Map<string, 'ringing' | 'incall'>()
  readonly wrapUntil = new Map<string, number>()
  readonly truth = new GroundTruthLog()
  /** What a hangup of this channel means to the flow that owns it (AMI Hangup, transfers). */
  readonly hangupHandlers = new Map<string, () => void>()
  /** Run once after a channel's Hangup event (ChanSpy's `E` follows the spied-on channel). */
  private readonly hangupWatchers = new Map<string, Array<() => void>>()
  startedAt: number
  private bootedAt: number

  constructor(readonly deps: PbxDeps) {
    this.startedAt = deps.scheduler.now()
    this.bootedAt = this.startedAt
  }

  get now(): number {
    return this.deps.scheduler.now()
  }

  get nowSec(): number {
    return Math.floor(this.now / 1000)
  }

  /** Seconds since the last (simulated) Asterisk start, for FullyBooted. */
  get uptimeSec(): number {
    return Math.floor((this.now - this.bootedAt) / 1000)
  }

  /** Asterisk restart: every channel, bridge and counter is gone. Queue configuration stays. */
  restart(): void {
    this.channels.clear()
    this.hangupHandlers.clear()
    this.hangupWatchers.clear()
    this.bridges.clear()
    this.agentBusy.clear()
    this.wrapUntil.clear()
    this.ids.reset()
    this.bootedAt = this.now
    for (const q of this.queues.values()) {
      q.callers.length = 0
      q.completed = q.abandoned = q.holdtime = q.talktime = q.completedInSl = 0
      for (const m of q.members) {
        m.callsTaken = 0
        m.lastCall = 0
        m.loginTime = this.nowSec
        m.status = 1
      }
    }
    for (const d of this.devices.keys())
      this.devices.set(d, d.startsWith('Queue:') ? 'NOT_INUSE' : 'NOT_INUSE')
  }

  emit(name: string, cls: EventClass, ...parts: Fields[]): void {
    const fields: Fields = [
      ['Event', name],
      ['Privilege', `${cls},all`],
    ]
    for (const p of parts) for (const f of p) fields.push(f)
    this.deps.emit({ cls, fields })
  }

  /** Newexten / VarSet only when noise is on: parsers must cope with them, Pano filters them. */
  noiseExten(ch: SimChannel, app: string, data: string): void {
    ch.application = app
    ch.appData = data
    if (this.deps.noise === 'none') return
    this.emit('Newexten', 'dialplan', snapshot(ch), [
      ['Extension', ch.exten],
      ['Application', app],
      ['AppData', data],
    ])
  }

  noiseVar(ch: SimChannel, variable: string, value: string): void {
    if (this.deps.noise === 'none') return
    this.emit('VarSet', 'dialplan', snapshot(ch), [
      ['Variable', variable],
      ['Value', value],
    ])
  }

  /** Creates a channel and emits Newchannel. */
  newChannel(spec: NewChannelSpec): SimChannel {
    const generated = this.ids.uniqueid(this.now)
    const ch = makeChannel(spec, spec.uniqueid ?? generated, this.now)
    this.channels.set(ch.name, ch)
    this.emit('Newchannel', 'call', snapshot(ch))
    return ch
  }

  localName(exten: string, context: string): { one: string; two: string } {
    const base = `Local/${exten}@${context}-${this.ids.suffix('Local')}`
    return { one: `${base};1`, two: `${base};2` }
  }

  pjsipName(endpoint: string): string {
    return `PJSIP/${endpoint}-${this.ids.suffix('PJSIP')}`
  }

  setState(ch: SimChannel, state: number): void {
    ch.state = state
    this.emit('Newstate', 'call', snapshot(ch))
  }

  newCallerid(ch: SimChannel): void {
    this.emit('NewCallerid', 'call', snapshot(ch), [
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ])
  }

  newConnectedLine(ch: SimChannel): void {
    this.emit('NewConnectedLine', 'call', snapshot(ch))
  }

  localBridge(one: SimChannel, two: SimChannel, context: string, exten: string, optimize: boolean): void {
    this.emit('LocalBridge', 'call', snapshot(one, 'LocalOne'), snapshot(two, 'LocalTwo'), [
      ['Context', context],
      ['Exten', exten],
      ['LocalOptimization', optimize ? 'Yes' : 'No'],
    ])
  }

  dial(
    kind: 'DialBegin' | 'DialState' | 'DialEnd',
    caller: SimChannel | undefined,
    dest: SimChannel,
    last: readonly [string, string],
  ): void {
    this.emit(kind, 'call', caller ? snapshot(caller) : [], snapshot(dest, 'Dest'), [last])
  }

  softHangupRequest(ch: SimChannel, cause = 16): void {
    this.emit('SoftHangupRequest', 'call', snapshot(ch), [['Cause', String(cause)]])
  }

  hangupRequest(ch: SimChannel, cause = 16): void {
    this.emit('HangupRequest', 'call', snapshot(ch), [['Cause', String(cause)]])
  }

  /** Emits Hangup and forgets the channel. Nothing about it follows (§10.4). */
  hangup(ch: SimChannel, cause = 16): void {
    if (ch.hungUp) return
    ch.hungUp = true
    this.channels.delete(ch.name)
    this.hangupHandlers.delete(ch.name)
    this.emit('Hangup', 'call', snapshot(ch), [
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
    ])
    const watchers = this.hangupWatchers.get(ch.name) ?? []
    this.hangupWatchers.delete(ch.name)
    for (const watch of watchers) watch()
  }

  /** Whether a live channel has this Uniqueid (Asterisk refuses to assign one twice). */
  hasUniqueid(uniqueid: string): boolean {
    for (const c of this.channels.values()) if (c.uniqueid === uniqueid) return true
    return false
  }

  watchHangup(name: string, watch: () => void): void {
    this.hangupWatchers.set(name, [...(this.hangupWatchers.get(name) ?? []), watch])
  }

  createBridge(): SimBridge {
    const bridge: SimBridge = { id: this.deps.prng.uuid(), channels: [] }
    this.bridges.set(bridge.id, bridge)
    this.emit('BridgeCreate', 'call', bridgeSnapshot(bridge))
    return bridge
  }

  /** A channel joins: every channel in a basic bridge adopts the oldest linkedid (§9). */
  enterBridge(bridge: SimBridge, ch: SimChannel): void {
    bridge.channels.push(ch)
    ch.bridgeId = bridge.id
    const oldest = bridge.channels.map((c) => c.linkedid).sort(compareUniqueids)[0]
    if (oldest !== undefined) for (const c of bridge.channels) c.linkedid = oldest
    this.emit('BridgeEnter', 'call', bridgeSnapshot(bridge), snapshot(ch))
  }

  leaveBridge(bridge: SimBridge, ch: SimChannel): void {
    const i = bridge.channels.indexOf(ch)
    if (i < 0) return
    bridge.channels.splice(i, 1)
    ch.bridgeId = ''
    this.emit('BridgeLeave', 'call', bridgeSnapshot(bridge), snapshot(ch))
  }

  destroyBridge(bridge: SimBridge): void {
    if (!this.bridges.delete(bridge.id)) return
    this.emit('BridgeDestroy', 'call', bridgeSnapshot(bridge))
  }

  /** DeviceStateChange (+ ExtensionStatus when the device backs a department extension). */
  deviceState(device: string, state: string): void {
    const previous = this.devices.get(device)
    this.devices.set(device, state)
    this.emit('DeviceStateChange', 'call', [
      ['Device', device],
      ['State', state],
    ])
    if (previous === state) return
    for (const ext of this.extensions.values()) {
      if (ext.device !== device) continue
      const [code, text] = EXTENSION_STATES[state] ?? [-1, 'Unknown']
      this.emit('ExtensionStatus', 'call', [
        ['Exten', ext.number],
        ['Context', ext.context],
        ['Hint', ext.device],
        ['Status', String(code)],
        ['StatusText', text],
      ])
    }
    this.refreshMembers(device)
  }

  /** QueueMemberStatus for every member following `device` whose status changed (update_status). */
  refreshMembers(device: string): void {
    const code = DEVICE_CODES[this.devices.get(device) ?? 'NOT_INUSE'] ?? 0
    for (const q of this.queues.values()) {
      for (const m of q.members) {
        if (deviceOf(m.stateIface) !== device || m.status === code) continue
        m.status = code
        this.emit('QueueMemberStatus', 'agent', this.memberFields(m))
      }
    }
  }

  memberFields(m: PbxMember): Fields {
    return [
      ['Queue', m.queue],
      ['MemberName', m.name],
      ['Interface', m.iface],
      ['StateInterface', m.stateIface],
      ['Membership', m.membership],
      ['Penalty', String(m.penalty)],
      ['CallsTaken', String(m.callsTaken)],
      ['LastCall', String(m.lastCall)],
      ['LastPause', String(m.lastPause)],
      ['LoginTime', String(m.loginTime)],
      ['InCall', this.agentBusy.get(m.iface) === 'incall' ? '1' : '0'],
      ['Status', String(m.status)],
      ['Paused', m.paused ? '1' : '0'],
      ['PausedReason', m.pausedReason],
      ['Ringinuse', '0'],
      ['Wrapuptime', String(m.wrapuptime)],
    ]
  }

  /** Members with this interface, in every queue or in one. */
  membersOf(iface: string, queue?: string): PbxMember[] {
    const out: PbxMember[] = []
    for (const q of this.queues.values()) {
      if (queue !== undefined && q.name !== queue) continue
      for (const m of q.members) if (m.iface === iface) out.push(m)
    }
    return out
  }

  /** QueuePause semantics: one QueueMemberPause per queue, even when the state does not change (§10.3). */
  pause(iface: string, paused: boolean, reason: string, queue?: string): PbxMember[] {
    const members = this.membersOf(iface, queue)
    for (const m of members) {
      const was = m.paused
      m.paused = paused
      m.pausedReason = reason
      if (paused) m.lastPause = this.nowSec
      if (paused && !was) {
        this.truth.openPause({
          memberName: m.name,
          memberInterface: m.iface,
          queue: m.queue,
          reason,
          startedAt: this.now,
        })
      } else if (!paused && was) {
        this.truth.closePause(m.iface, m.queue, this.now)
      }
      this.emit('DeviceStateChange', 'call', [
        ['Device', `Queue:${m.queue}_pause_${m.iface}`],
        ['State', paused ? 'INUSE' : 'NOT_INUSE'],
      ])
      this.emit('QueueMemberPause', 'agent', this.memberFields(m))
    }
    return members
  }

  /** Whether the agent could take a call now: logged in, not paused, idle, wrap-up over. */
  available(m: PbxMember): boolean {
    return !m.paused && !this.agentBusy.has(m.iface) && (this.wrapUntil.get(m.iface) ?? 0) <= this.now
  }

  /** Members that still count for leavewhenempty (not paused). */
  usableMembers(q: PbxQueue): PbxMember[] {
    return q.members.filter((m) => !m.paused)
  }

  snapshotOf(ch: SimChannel, prefix = ''): Fields {
    return snapshot(ch, prefix)
  }
}

export function causeText(cause: number): string {
  switch (cause) {
    case 16:
      return 'Normal Clearing'
    case 17:
      return 'User busy'
    case 19:
      return 'No user responding'
    case 21:
      return 'Call Rejected'
    case 26:
      return 'Answered elsewhere'
    case 34:
      return 'Circuit/channel congestion'
    default:
      return 'Unknown'
  }
}

/** Uniqueids are `<epoch>.<seq>`: compare numerically part by part (1700000000.10 > 1700000000.9). */
export function compareUniqueids(a: string, b: string): number {
  const [as = '0', aq = '0'] = a.split('.')
  const [bs = '0', bq = '0'] = b.split('.')
  return Number(as) - Number(bs) || Number(aq) - Number(bq)
}
