/**
 * The caller's channels before it joins a queue: the lab's originated `Local/s@<context>` pair (the `;2`
 * half runs the dialplan into Queue()), or a single PSTN trunk channel.
 */
import { ChannelState, type SimChannel } from './channel.ts'
import type { Pbx, PbxQueue } from './pbx.ts'

/** The lab's caller: an originated `Local/s@<context>` pair whose `;2` half runs the queue. */
export function createLocalCaller(
  pbx: Pbx,
  queue: PbxQueue,
  num: string,
  name: string,
  nextOriginateId: () => number,
): { c1: SimChannel; c2: SimChannel } {
  const ctx = queue.context
  const device = `Local/s@${ctx}`
  const names = pbx.localName('s', ctx)
  const c1 = pbx.newChannel({ name: names.one, state: ChannelState.Down, context: ctx, exten: 's', device })
  const c2 = pbx.newChannel({
    name: names.two,
    state: ChannelState.Ring,
    context: ctx,
    exten: 's',
    device,
    linkedid: c1.uniqueid,
  })
  pbx.noiseExten(c1, 'AppDial2', '(Outgoing Line)')
  pbx.noiseVar(c1, 'CALLER_NUM', num)
  c1.callerNum = num
  c1.callerName = name
  pbx.newCallerid(c1)
  c1.connNum = num
  c1.connName = name
  pbx.newConnectedLine(c1)
  pbx.noiseVar(c2, 'CALLER_NUM', num)
  Object.assign(c2, { callerNum: num, callerName: name, connNum: num, connName: name })
  pbx.newCallerid(c2)
  pbx.newConnectedLine(c2)
  pbx.localBridge(c1, c2, ctx, 's', true)
  pbx.dial('DialBegin', undefined, c1, ['DialString', `s@${ctx}`])
  pbx.noiseExten(c2, 'NoOp', `Gelen çağrı ${num}`)
  c2.priority = 2
  pbx.noiseExten(c2, 'Answer', '')
  pbx.setState(c2, ChannelState.Up)
  pbx.deviceState(device, 'INUSE')
  pbx.setState(c1, ChannelState.Up)
  pbx.deviceState(device, 'INUSE')
  pbx.dial('DialEnd', undefined, c1, ['DialStatus', 'ANSWER'])
  c1.application = 'Wait'
  c1.appData = '900'
  pbx.emit('OriginateResponse', 'call', [
    ['ActionID', `gen-originate-${nextOriginateId()}`],
    ['Response', 'Success'],
    ['Channel', c1.name],
    ['Application', 'Wait'],
    ['Data', '900'],
    ['Reason', '4'],
    ['Uniqueid', c1.uniqueid],
    ['CallerIDNum', num],
    ['CallerIDName', name],
  ])
  c2.priority = 3
  pbx.noiseExten(c2, 'ExecIf', `1?Set(CALLERID(num)=${num})`)
  c2.priority = 4
  return { c1, c2 }
}

/** A PSTN caller on a SIP trunk: one channel. */
export function createTrunkCaller(
  pbx: Pbx,
  queue: PbxQueue,
  num: string,
  name: string,
): { c1: undefined; c2: SimChannel } {
  const c2 = pbx.newChannel({
    name: pbx.pjsipName('trunk'),
    state: ChannelState.Ring,
    context: queue.context,
    exten: '4441575',
    device: 'PJSIP/trunk',
    callerNum: num,
    callerName: name,
  })
  c2.priority = 2
  pbx.noiseExten(c2, 'Answer', '')
  pbx.setState(c2, ChannelState.Up)
  return { c1: undefined, c2 }
}
