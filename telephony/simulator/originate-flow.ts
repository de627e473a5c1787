/**
 * AMI Originate (Async): the simulator rings the first leg (`Local/<ext>@<ctx>` pair or a PJSIP device)
 * and reports `OriginateResponse` with the caller's ActionID (§11). Click-to-call then dials the
 * citizen's number over the trunk and lets it answer, never answer or be busy; an Originate with
 * `Application: ChanSpy` runs the spy on the answered leg instead (spy-flow.ts). `ChannelId` /
 * `OtherChannelId` name the first channels, whose Linkedid every later channel of the call inherits.
 */
import { ChannelState, type SimChannel } from './channel.ts'
import type { TruthOriginate } from './ground-truth.ts'
import type { ExtensionBehaviour, Pbx } from './pbx.ts'
import { runChanSpy } from './spy-flow.ts'

export interface OriginateRequest {
  readonly actionId: string
  readonly channel: string
  readonly context: string
  readonly exten: string
  readonly callerIdNum: string
  readonly callerIdName: string
  readonly timeoutMs: number
  /** `ChanSpy` with its `Data`, instead of exten@context. */
  readonly application?: { readonly name: 'ChanSpy'; readonly data: string }
  /** `ChannelId`: the first channel's Uniqueid (and so the Linkedid of every channel of the call). */
  readonly channelId?: string
  /** `OtherChannelId`: the Local channel's `;2` half (default `<ChannelId>;2`, main/core_unreal.c). */
  readonly otherChannelId?: string
}

const AGENT_ANSWER_MS = 1000
const CITIZEN_ANSWER_MS = 3000
const CITIZEN_TALK_MS = 20_000

export class OriginateFlow {
  constructor(
    private readonly pbx: Pbx,
    private readonly behaviourOf: (number: string) => ExtensionBehaviour,
  ) {}

  /** Returns once the request is accepted; `onFirstLeg` fires with the OriginateResponse outcome. */
  start(req: OriginateRequest, onFirstLeg: (ok: boolean) => void): void {
    const pbx = this.pbx
    const truth: TruthOriginate = {
      actionId: req.actionId,
      channel: req.channel,
      number: req.exten,
      at: pbx.now,
      agentLeg: undefined,
      citizenLeg: undefined,
      talkSec: undefined,
      channelId: req.channelId,
      otherChannelId: req.otherChannelId,
    }
    pbx.truth.originates.push(truth)
    const local = /^Local\/([^@]+)@([^/]+)/.exec(req.channel)
    const ids = assignedIds(req, local !== null)
    if ([ids.one, ids.two].some((id) => id !== undefined && pbx.hasUniqueid(id))) {
      // Asterisk will not give two channels one Uniqueid: no channel is made and the Originate fails
      // (main/channel.c do_ids_conflict, main/manager.c fast_originate).
      truth.agentLeg = 'failed'
      this.fail(req, ids.one ?? '<unknown>')
      onFirstLeg(false)
      return
    }
    let leg: SimChannel
    let partner: SimChannel | undefined
    const agentExten = local?.[1] ?? req.channel.replace(/^[^/]+\//, '')
    if (local) {
      const [, exten = '', ctx = ''] = local
      const names = pbx.localName(exten, ctx)
      const device = `Local/${exten}@${ctx}`
      leg = pbx.newChannel({
        name: names.one,
        ...(ids.one === undefined ? {} : { uniqueid: ids.one }),
        state: ChannelState.Down,
        context: ctx,
        exten,
        device,
      })
      partner = pbx.newChannel({
        name: names.two,
        ...(ids.two === undefined ? {} : { uniqueid: ids.two }),
        state: ChannelState.Ring,
        context: ctx,
        exten,
        device,
        linkedid: leg.uniqueid,
      })
      pbx.localBridge(leg, partner, ctx, exten, true)
    } else {
      const endpoint = req.channel.replace(/^[^/]+\//, '')
      leg = pbx.newChannel({
        name: pbx.pjsipName(endpoint),
        ...(ids.one === undefined ? {} : { uniqueid: ids.one }),
        state: ChannelState.Down,
        context: req.context,
        exten: req.exten,
        device: req.channel,
      })
    }
    const first = leg
    Object.assign(first, {
      callerNum: req.callerIdNum || first.callerNum,
      callerName: req.callerIdName || first.callerName,
    })
    const behaviour = this.behaviourOf(agentExten)
    const respond = (response: 'Success' | 'Failure', reason: string): void => {
      pbx.emit('OriginateResponse', 'call', [
        ['ActionID', req.actionId],
        ['Response', response],
        ['Channel', first.name],
        ['Context', req.context],
        ['Exten', req.exten],
        ['Reason', reason],
        ['Uniqueid', first.uniqueid],
        ['CallerIDNum', first.callerNum],
        ['CallerIDName', first.callerName],
      ])
      onFirstLeg(response === 'Success')
    }
    const dropFirst = (): void => {
      pbx.hangup(first)
      if (partner) {
        pbx.hangupRequest(partner)
        pbx.hangup(partner)
      }
    }
    if (behaviour === 'busy') {
      truth.agentLeg = 'busy'
      dropFirst()
      respond('Failure', '5')
      return
    }
    pbx.setState(first, ChannelState.Ringing)
    if (behaviour === 'never-answer') {
      pbx.deps.scheduler.after(req.timeoutMs, () => {
        truth.agentLeg = 'no-answer'
        dropFirst()
        respond('Failure', '3')
      })
      return
    }
    pbx.deps.scheduler.after(AGENT_ANSWER_MS, () => {
      if (partner) pbx.setState(partner, ChannelState.Up)
      pbx.setState(first, ChannelState.Up)
      truth.agentLeg = 'answered'
      respond('Success', '4')
      if (req.application !== undefined)
        runChanSpy(pbx, { actionId: req.actionId, data: req.application.data, leg: first, partner })
      else this.dialCitizen(first, partner, req, truth)
    })
  }

  /** OriginateResponse for an Originate that made no channel: the requested channel, Reason 0. */
  private fail(req: OriginateRequest, uniqueid: string): void {
    this.pbx.emit('OriginateResponse', 'call', [
      ['ActionID', req.actionId],
      ['Response', 'Failure'],
      ['Channel', req.channel],
      ['Context', req.context],
      ['Exten', req.exten],
      ['Reason', '0'],
      ['Uniqueid', uniqueid],
      ['CallerIDNum', req.callerIdNum || '<unknown>'],
      ['CallerIDName', req.callerIdName || '<unknown>'],
    ])
  }

  private dialCitizen(
    first: SimChannel,
    partner: SimChannel | undefined,
    req: OriginateRequest,
    truth: TruthOriginate,
  ): void {
    const pbx = this.pbx
    first.context = req.context
    first.exten = req.exten
    first.priority = 1
    pbx.noiseExten(first, 'Dial', `PJSIP/${req.exten}@trunk,30`)
    const t = pbx.newChannel({
      name: pbx.pjsipName('trunk'),
      state: ChannelState.Down,
      context: 'from-trunk',
      exten: 's',
      device: 'PJSIP/trunk',
      linkedid: first.linkedid,
      callerNum: req.exten,
      connNum: first.callerNum,
    })
    pbx.dial('DialBegin', first, t, ['DialString', `${req.exten}@trunk`])
    const end = (): void => {
      pbx.hangup(t)
      pbx.hangup(first)
      if (partner) {
        pbx.hangupRequest(partner)
        pbx.hangup(partner)
      }
    }
    const behaviour = this.behaviourOf(req.exten)
    if (behaviour === 'busy') {
      truth.citizenLeg = 'busy'
      pbx.dial('DialEnd', first, t, ['DialStatus', 'BUSY'])
      end()
      return
    }
    pbx.setState(t, ChannelState.Ringing)
    pbx.dial('DialState', first, t, ['DialStatus', 'RINGING'])
    if (behaviour === 'never-answer') {
      pbx.deps.scheduler.after(30_000, () => {
        truth.citizenLeg = 'no-answer'
        pbx.dial('DialEnd', first, t, ['DialStatus', 'NOANSWER'])
        end()
      })
      return
    }
    pbx.deps.scheduler.after(CITIZEN_ANSWER_MS, () => {
      truth.citizenLeg = 'answered'
      pbx.setState(t, ChannelState.Up)
      pbx.dial('DialEnd', first, t, ['DialStatus', 'ANSWER'])
      const bridge = pbx.createBridge()
      pbx.enterBridge(bridge, first)
      pbx.enterBridge(bridge, t)
      const started = pbx.now
      const finish = (): void => {
        if (t.hungUp && first.hungUp) return
        truth.talkSec = (pbx.now - started) / 1000
        pbx.hangupRequest(t)
        pbx.leaveBridge(bridge, t)
        pbx.leaveBridge(bridge, first)
        pbx.destroyBridge(bridge)
        end()
      }
      const timer = pbx.deps.scheduler.after(CITIZEN_TALK_MS, finish)
      const early = (): void => {
        timer.cancel()
        finish()
      }
      pbx.hangupHandlers.set(t.name, early)
      pbx.hangupHandlers.set(first.name, early)
      if (partner) pbx.hangupHandlers.set(partner.name, early)
    })
  }
}

/**
 * The Uniqueids an Originate assigns: `ChannelId` to the first channel; for a Local channel the `;2`
 * half takes `OtherChannelId`, or `<ChannelId>;2` without it (main/core_unreal.c). Without `ChannelId`
 * nothing is assigned, `OtherChannelId` included.
 */
function assignedIds(req: OriginateRequest, local: boolean): { one?: string; two?: string } {
  if (req.channelId === undefined) return {}
  if (!local) return { one: req.channelId }
  return { one: req.channelId, two: req.otherChannelId ?? `${req.channelId};2` }
}
