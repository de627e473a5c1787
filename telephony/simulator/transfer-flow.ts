/**
 * Transfers of an answered call to a department extension (docs/ami-protocol.md §10.6, §11): BlindTransfer,
 * Atxfer (consult, then complete or return), Redirect, and the department leg itself (the target
 * device rings, answers or never answers, or is busy), with DeviceStateChange/ExtensionStatus lights.
 */
import { ChannelState, bridgeSnapshot, snapshot, type SimBridge, type SimChannel } from './channel.ts'
import type { TruthCall } from './ground-truth.ts'
import type { Pbx, PbxExtension } from './pbx.ts'
import type { QueueCaller, QueueFlow } from './queue-flow.ts'
import type { SimTimer } from './scheduler.ts'

export type TransferResult = { ok: true; message: string } | { ok: false; message: string }

const DIAL_TIMEOUT_MS = 20_000
const ATXFER_NO_ANSWER_MS = 15_000

interface Consult {
  readonly transferer: SimChannel
  readonly transferee: SimChannel
  readonly origBridge: SimBridge
  readonly target: SimChannel
  readonly ext: PbxExtension
  readonly caller: QueueCaller | undefined
  bridge: SimBridge | undefined
  timer: SimTimer | undefined
}

export class TransferFlow {
  private readonly consults = new Map<string, Consult>()

  constructor(
    private readonly pbx: Pbx,
    private readonly queues: QueueFlow,
  ) {
    queues.onTransferPlanned = (caller) => {
      const t = caller.plan.transfer
      if (!t || !caller.conn) return
      if (t.kind === 'blind') this.blind(caller.conn.a1.name, t.exten, 'departments')
      else {
        this.attended(caller.conn.a1.name, t.exten)
        // The agent completes the transfer after a short consult (if the target answered).
        pbx.deps.scheduler.after((this.pbx.extensions.get(t.exten)?.answerAfterMs ?? 0) + 4000, () =>
          this.complete(caller.conn?.a1.name ?? ''),
        )
      }
    }
  }

  private queueCallOf(bridge: SimBridge): QueueCaller | undefined {
    for (const c of this.queues.callers.values()) if (c.conn?.bridge === bridge) return c
    return undefined
  }

  /** AMI BlindTransfer (and Redirect of a bridged channel, which raises no transfer event). */
  blind(
    channel: string,
    exten: string,
    context: string,
    kind: 'blind' | 'redirect' = 'blind',
  ): TransferResult {
    const pbx = this.pbx
    const x = pbx.channels.get(channel)
    if (!x) return { ok: false, message: 'Channel specified does not exist' }
    const bridge = pbx.bridges.get(x.bridgeId)
    const y = bridge?.channels.find((c) => c !== x)
    if (!bridge || !y || bridge.channels.length !== 2) {
      if (kind === 'blind') this.blindEvent('Invalid', x, undefined, bridge, context, exten)
      return { ok: false, message: 'Transfer invalid' }
    }
    if (kind === 'blind') this.blindEvent('Success', x, y, bridge, context, exten)
    const caller = this.queueCallOf(bridge)
    if (caller) {
      caller.truth.transfer = { kind, target: exten, answered: null, at: pbx.now }
      this.queues.completeAgent(caller, 'transfer')
    }
    pbx.leaveBridge(bridge, y)
    pbx.leaveBridge(bridge, x)
    pbx.destroyBridge(bridge)
    this.hangupSide(x, caller)
    this.toExtension(y, exten, context, caller)
    return { ok: true, message: kind === 'blind' ? 'Transfer succeeded' : 'Redirect successful' }
  }

  /**
   * AMI Redirect of a caller still waiting in its queue (nobody answered): the queue lets it go
   * (queue-endings.ts:leaveByRedirect) and it dials `exten@context` like a blind-transferred caller.
   */
  redirectWaiting(caller: QueueCaller, exten: string, context: string): TransferResult {
    this.queues.leaveByRedirect(caller, exten)
    this.toExtension(caller.c2, exten, context, caller)
    return { ok: true, message: 'Redirect successful' }
  }

  private blindEvent(
    result: string,
    x: SimChannel,
    y: SimChannel | undefined,
    bridge: SimBridge | undefined,
    context: string,
    exten: string,
  ): void {
    this.pbx.emit(
      'BlindTransfer',
      'call',
      [['Result', result]],
      snapshot(x, 'Transferer'),
      y ? snapshot(y, 'Transferee') : [],
      bridge ? bridgeSnapshot(bridge) : [],
      [
        ['IsExternal', 'No'],
        ['Context', context],
        ['Extension', exten],
      ],
    )
  }

  /** Hangs up the transferer (for a queue agent: both Local halves). */
  private hangupSide(x: SimChannel, caller: QueueCaller | undefined): void {
    const pbx = this.pbx
    pbx.hangup(x)
    const partner = pbx.channels.get(
      x.name.endsWith(';1') ? x.name.replace(/;1$/, ';2') : x.name.replace(/;2$/, ';1'),
    )
    if (partner && x.name.startsWith('Local/')) {
      pbx.hangupRequest(partner)
      pbx.hangup(partner)
    }
    if (
      caller &&
      caller.c2 !== x &&
      x.name.startsWith('Local/') &&
      !x.name.includes('@incoming') &&
      !x.name.includes('@santral-in')
    ) {
      pbx.deviceState(x.device, 'NOT_INUSE')
    }
  }

  /** The transferee runs `exten@context`: a department extension is dialled; anything else hangs up. */
  private toExtension(y: SimChannel, exten: string, context: string, caller: QueueCaller | undefined): void {
    const pbx = this.pbx
    y.context = context
    y.exten = exten
    y.priority = 1
    const ext = pbx.extensions.get(exten)
    const truth = caller?.truth
    const finish = (): void => {
      if (caller) this.queues.finishCaller(caller)
      else pbx.hangup(y)
    }
    if (!ext || ext.context !== context) {
      pbx.emit('Newexten', 'dialplan', snapshot(y), [
        ['Extension', exten],
        ['Application', 'Hangup'],
        ['AppData', ''],
      ])
      if (truth?.transfer) truth.transfer.answered = false
      if (caller) this.queues.hangupCaller(caller, 'dialplan')
      finish()
      return
    }
    pbx.emit('Newexten', 'dialplan', snapshot(y), [
      ['Extension', exten],
      ['Application', 'Dial'],
      ['AppData', `${ext.device},${DIAL_TIMEOUT_MS / 1000}`],
    ])
    const d = this.ringExtension(y, ext)
    const endNoAnswer = (status: string, cause: number): void => {
      pbx.dial('DialEnd', y, d, ['DialStatus', status])
      pbx.hangup(d, cause)
      if (ext.behaviour !== 'busy') pbx.deviceState(ext.device, 'NOT_INUSE')
      if (truth?.transfer) truth.transfer.answered = false
      if (caller) this.queues.hangupCaller(caller, 'dialplan')
      finish()
    }
    if (ext.behaviour === 'busy') {
      endNoAnswer('BUSY', 17)
      return
    }
    const answered = (): void => {
      this.answerExtension(y, d, ext)
      if (truth?.transfer) truth.transfer.answered = true
      const bridge = pbx.createBridge()
      pbx.enterBridge(bridge, y)
      pbx.enterBridge(bridge, d)
      const end = (): void =>
        this.endTalk(
          bridge,
          d,
          y,
          ext,
          () => {
            if (caller) this.queues.hangupCaller(caller, 'dialplan')
            finish()
          },
          truth,
        )
      const timer = pbx.deps.scheduler.after(ext.talkMs, end)
      const early = (): void => {
        timer.cancel()
        end()
      }
      pbx.hangupHandlers.set(d.name, early)
      pbx.hangupHandlers.set(y.name, early)
      if (caller?.c1) pbx.hangupHandlers.set(caller.c1.name, early)
    }
    const ring =
      ext.behaviour === 'never-answer'
        ? pbx.deps.scheduler.after(DIAL_TIMEOUT_MS, () => endNoAnswer('NOANSWER', 16))
        : pbx.deps.scheduler.after(ext.answerAfterMs, answered)
    // The caller hangs up while the unit still rings: Dial() ends at once, not at its timeout.
    const callerGone = (): void => {
      ring.cancel()
      this.cancelDial(y, d, ext, caller)
    }
    for (const ch of [caller?.c1, y]) if (ch) pbx.hangupHandlers.set(ch.name, callerGone)
  }

  /**
   * The caller hangs up while `y`'s Dial() rings the unit's phone `d`, as Asterisk sends it (the
   * real capture test/transcripts/cacofonisk__queue-abandon-queuecallerabandon__ami2.json): the
   * citizen's side goes (a Local caller's `;1` hangs up, the dialling channel gets HangupRequest),
   * Dial() ends `DialEnd: CANCEL`, the ringing phone hangs up and its light goes out, then the
   * dialling channel ends.
   */
  private cancelDial(y: SimChannel, d: SimChannel, ext: PbxExtension, caller: QueueCaller | undefined): void {
    const pbx = this.pbx
    if (caller) this.queues.hangupCaller(caller, 'remote')
    else pbx.hangupRequest(y)
    pbx.dial('DialEnd', y, d, ['DialStatus', 'CANCEL'])
    pbx.hangup(d)
    pbx.deviceState(ext.device, 'NOT_INUSE')
    if (caller) {
      if (caller.truth.transfer) caller.truth.transfer.answered = false
      caller.truth.hangupBy ??= 'caller'
      this.queues.finishCaller(caller)
    } else pbx.hangup(y)
  }

  /**
   * New PJSIP channel to the extension's device, ringing. Linkedid from the requester (§9). As Dial()
   * sets it, the dialled channel's caller id is the number dialled and its connected line the party
   * calling (the real capture test/transcripts/cacofonisk__queue-call-then-attended-transfer__ami2.json:
   * the consult target `SIP/150010002-…` has CallerIDNum 202, ConnectedLineNum 201), so an
   * AttendedTransfer's TransferTarget names the extension.
   */
  private ringExtension(from: SimChannel, ext: PbxExtension): SimChannel {
    const pbx = this.pbx
    const endpoint = ext.device.replace(/^PJSIP\//, '')
    const d = pbx.newChannel({
      name: pbx.pjsipName(endpoint),
      state: ChannelState.Down,
      context: ext.context,
      exten: 's',
      device: ext.device,
      linkedid: from.linkedid,
      callerNum: ext.number,
      connNum: from.callerNum,
      connName: from.callerName,
    })
    pbx.dial('DialBegin', from, d, ['DialString', endpoint])
    if (ext.behaviour === 'busy') return d
    pbx.setState(d, ChannelState.Ringing)
    pbx.dial('DialState', from, d, ['DialStatus', 'RINGING'])
    pbx.deviceState(ext.device, 'RINGING')
    return d
  }

  private answerExtension(from: SimChannel, d: SimChannel, ext: PbxExtension): void {
    const pbx = this.pbx
    pbx.setState(d, ChannelState.Up)
    pbx.dial('DialEnd', from, d, ['DialStatus', 'ANSWER'])
    pbx.deviceState(ext.device, 'INUSE')
  }

  /** The department hangs up after talking; the other party's dialplan ends. */
  private endTalk(
    bridge: SimBridge,
    d: SimChannel,
    y: SimChannel,
    ext: PbxExtension,
    after: () => void,
    truth?: TruthCall,
  ): void {
    const pbx = this.pbx
    if (d.hungUp && y.hungUp) return
    pbx.hangupRequest(d)
    pbx.leaveBridge(bridge, d)
    pbx.hangup(d)
    pbx.leaveBridge(bridge, y)
    pbx.destroyBridge(bridge)
    pbx.deviceState(ext.device, 'NOT_INUSE')
    if (truth) truth.endedAt = pbx.now
    after()
  }

  /** AMI Atxfer: the transferee is held, the transferer consults the extension. */
  attended(channel: string, exten: string): TransferResult {
    const pbx = this.pbx
    const x = pbx.channels.get(channel)
    if (!x) return { ok: false, message: 'Channel specified does not exist' }
    const origBridge = pbx.bridges.get(x.bridgeId)
    const y = origBridge?.channels.find((c) => c !== x)
    const ext = pbx.extensions.get(exten)
    // Asterisk only queues DTMF here; an unbridged channel or unknown extension just leads nowhere.
    if (!origBridge || !y || !ext) return { ok: true, message: 'Atxfer successfully queued' }
    const caller = this.queueCallOf(origBridge)
    for (const t of caller?.conn?.timers ?? []) t.cancel()
    if (caller) caller.truth.transfer = { kind: 'attended', target: exten, answered: null, at: pbx.now }
    pbx.emit('MusicOnHoldStart', 'call', snapshot(y), [['Class', 'default']])
    pbx.leaveBridge(origBridge, x)
    const target = this.ringExtension(x, ext)
    const consult: Consult = {
      transferer: x,
      transferee: y,
      origBridge,
      target,
      ext,
      caller,
      bridge: undefined,
      timer: undefined,
    }
    this.consults.set(x.name, consult)
    if (ext.behaviour === 'busy') {
      pbx.dial('DialEnd', x, target, ['DialStatus', 'BUSY'])
      pbx.hangup(target, 17)
      this.returnToCaller(consult)
    } else if (ext.behaviour === 'never-answer') {
      consult.timer = pbx.deps.scheduler.after(ATXFER_NO_ANSWER_MS, () => {
        pbx.dial('DialEnd', x, target, ['DialStatus', 'NOANSWER'])
        pbx.hangup(target)
        pbx.deviceState(ext.device, 'NOT_INUSE')
        this.returnToCaller(consult)
      })
    } else {
      consult.timer = pbx.deps.scheduler.after(ext.answerAfterMs, () => {
        this.answerExtension(x, target, ext)
        const b2 = pbx.createBridge()
        consult.bridge = b2
        pbx.enterBridge(b2, x)
        pbx.enterBridge(b2, target)
        pbx.hangupHandlers.set(x.name, () => this.complete(x.name))
      })
    }
    return { ok: true, message: 'Atxfer successfully queued' }
  }

  /** The consult failed or was cancelled: the transferer goes back to the held caller. */
  private returnToCaller(consult: Consult): void {
    const pbx = this.pbx
    this.consults.delete(consult.transferer.name)
    if (consult.caller?.truth.transfer) consult.caller.truth.transfer.answered = false
    pbx.enterBridge(consult.origBridge, consult.transferer)
    pbx.emit('MusicOnHoldStop', 'call', snapshot(consult.transferee))
    const caller = consult.caller
    if (caller?.conn) {
      caller.truth.transfer = undefined
      caller.conn.timers.push(pbx.deps.scheduler.after(5000, () => this.queues.endByAgent(caller)))
    }
  }

  /** AMI CancelAtxfer. */
  cancel(channel: string): TransferResult {
    const consult = this.consults.get(channel)
    if (!consult) return { ok: false, message: 'No active transfer' }
    const pbx = this.pbx
    consult.timer?.cancel()
    if (consult.bridge) {
      pbx.leaveBridge(consult.bridge, consult.target)
      pbx.leaveBridge(consult.bridge, consult.transferer)
      pbx.destroyBridge(consult.bridge)
    } else {
      pbx.dial('DialEnd', consult.transferer, consult.target, ['DialStatus', 'CANCEL'])
    }
    pbx.hangup(consult.target)
    pbx.deviceState(consult.ext.device, 'NOT_INUSE')
    this.returnToCaller(consult)
    return { ok: true, message: 'CancelAtxfer successfully queued' }
  }

  /** The transferer hangs up while consulting with an answered target: the transfer completes. */
  complete(channel: string): boolean {
    const consult = this.consults.get(channel)
    if (!consult?.bridge) return false
    const pbx = this.pbx
    const { transferer: x, transferee: y, target: d, origBridge, caller, ext } = consult
    const b2 = consult.bridge
    this.consults.delete(channel)
    pbx.emit(
      'AttendedTransfer',
      'call',
      [['Result', 'Success']],
      snapshot(x, 'OrigTransferer'),
      bridgeSnapshot(origBridge, 'Orig'),
      snapshot(x, 'SecondTransferer'),
      bridgeSnapshot(b2, 'Second'),
      [
        ['DestType', 'Bridge'],
        ['DestBridgeUniqueid', origBridge.id],
      ],
      snapshot(y, 'Transferee'),
      snapshot(d, 'TransferTarget'),
      [['IsExternal', 'No']],
    )
    if (caller) {
      if (caller.truth.transfer) caller.truth.transfer.answered = true
      this.queues.completeAgent(caller, 'transfer')
    }
    pbx.leaveBridge(b2, x)
    pbx.leaveBridge(b2, d)
    pbx.destroyBridge(b2)
    pbx.enterBridge(origBridge, d)
    pbx.emit('MusicOnHoldStop', 'call', snapshot(y))
    this.hangupSide(x, caller)
    const end = (): void =>
      this.endTalk(
        origBridge,
        d,
        y,
        ext,
        () => {
          if (caller) {
            this.queues.hangupCaller(caller, 'dialplan')
            this.queues.finishCaller(caller)
          } else pbx.hangup(y)
        },
        caller?.truth,
      )
    const timer = pbx.deps.scheduler.after(ext.talkMs, end)
    const early = (): void => {
      timer.cancel()
      end()
    }
    pbx.hangupHandlers.set(d.name, early)
    pbx.hangupHandlers.set(y.name, early)
    return true
  }
}
