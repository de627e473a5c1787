/**
 * Post-login actions (docs/ami-protocol.md §5, §6, §11): each returns the messages to write, response first.
 * Events the action causes are broadcast by the flows; the server holds them back on this session until
 * the response is written, as Asterisk's session thread does.
 */
import type { AmiMessage } from '../ami/message.ts'
import type { Fields } from './channel.ts'
import {
  ack,
  coreShowChannels,
  deviceStateList,
  extensionStateList,
  queueStatus,
  queueSummary,
} from './lists.ts'
import type { OriginateFlow } from './originate-flow.ts'
import type { Pbx } from './pbx.ts'
import type { QueueFlow } from './queue-flow.ts'
import type { TransferFlow } from './transfer-flow.ts'

export interface ActionDeps {
  readonly pbx: Pbx
  readonly queues: QueueFlow
  readonly transfers: TransferFlow
  readonly originates: OriginateFlow
  /** For synchronous Originate: the reply is written when the first leg is decided. */
  readonly replyLater: (messages: Fields[]) => void
}

/** Longest `ChannelId` / `OtherChannelId` Originate accepts (AST_MAX_PUBLIC_UNIQUEID, main/manager.c). */
const MAX_PUBLIC_UNIQUEID = 149

const BLACKLISTED_APPS = /^(system|exec|execif|agi|eagi|mixmonitor|trysystem|shell|curl)$/i

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim())
}

export function runAction(deps: ActionDeps, action: string, m: AmiMessage): Fields[] {
  const { pbx } = deps
  const id = m.get('ActionID')
  const ok = (message: string): Fields[] => [ack(id, 'Success', [['Message', message]])]
  const err = (message: string): Fields[] => [ack(id, 'Error', [['Message', message]])]
  const field = (name: string): string => (m.get(name) ?? '').trim()
  switch (action.toLowerCase()) {
    case 'ping':
      return [
        ack(id, 'Success', [
          ['Ping', 'Pong'],
          ['Timestamp', (pbx.now / 1000).toFixed(6)],
        ]),
      ]
    case 'queuestatus':
      return queueStatus(pbx, deps.queues, id, m.get('Queue') || undefined, m.get('Member') || undefined)
    case 'queuesummary':
      return queueSummary(pbx, deps.queues, id, m.get('Queue') || undefined)
    case 'coreshowchannels':
      return coreShowChannels(pbx, id)
    case 'devicestatelist':
      return deviceStateList(pbx, id)
    case 'extensionstatelist':
      return extensionStateList(pbx, id)
    case 'queuepause': {
      const iface = field('Interface')
      const paused = field('Paused')
      if (!iface || !paused) return err("Need 'Interface' and 'Paused' parameters.")
      const on = truthy(paused)
      if (pbx.membersOf(iface, m.get('Queue') || undefined).length === 0) return err('Interface not found')
      pbx.pause(iface, on, m.get('Reason') ?? '', m.get('Queue') || undefined)
      deps.queues.requestDispatch()
      return ok(on ? 'Interface paused successfully' : 'Interface unpaused successfully')
    }
    case 'queueadd':
      return queueAdd(deps, m, ok, err)
    case 'queueremove': {
      const q = pbx.queues.get(field('Queue'))
      const iface = field('Interface')
      if (!field('Queue') || !iface) return err("'Queue' or 'Interface' not set.")
      if (!q) return err('Unable to remove interface from queue: No such queue')
      const member = q.members.find((x) => x.iface === iface)
      if (!member) return err('Unable to remove interface: Not there')
      if (member.membership !== 'dynamic') return err('Member not dynamic')
      q.members.splice(q.members.indexOf(member), 1)
      pbx.emit('QueueMemberRemoved', 'agent', pbx.memberFields(member))
      deps.queues.requestDispatch()
      return ok('Removed interface from queue')
    }
    case 'hangup': {
      const name = field('Channel')
      if (!name) return err('No channel specified')
      const ch = pbx.channels.get(name)
      if (!ch) return err('No such channel')
      const handler = pbx.hangupHandlers.get(name)
      if (handler) handler()
      else {
        pbx.softHangupRequest(ch, Number(m.get('Cause') ?? '16') || 16)
        pbx.hangup(ch)
      }
      return ok('Channel Hungup')
    }
    case 'blindtransfer': {
      if (!field('Channel')) return err('No channel specified')
      if (!field('Exten')) return err('No extension specified')
      const r = deps.transfers.blind(field('Channel'), field('Exten'), field('Context') || 'departments')
      return r.ok ? ok(r.message) : err(r.message)
    }
    case 'atxfer': {
      if (!field('Channel')) return err('No channel specified')
      if (!field('Exten')) return err('No extension specified')
      const r = deps.transfers.attended(field('Channel'), field('Exten'))
      return r.ok ? ok(r.message) : err(r.message)
    }
    case 'cancelatxfer': {
      if (!field('Channel')) return err('No channel specified')
      const r = deps.transfers.cancel(field('Channel'))
      return r.ok ? ok(r.message) : err(r.message)
    }
    case 'redirect': {
      const name = field('Channel')
      if (!name) return err('Channel not specified')
      const ch = pbx.channels.get(name)
      if (!ch) return err(`Channel does not exist: ${name}`)
      if (ch.bridgeId) {
        const r = deps.transfers.blind(name, field('Exten'), field('Context'), 'redirect')
        return r.ok ? ok('Redirect successful') : err(r.message)
      }
      const waiting = [...deps.queues.callers.values()].find(
        (c) => c.c2 === ch && (c.phase === 'waiting' || c.phase === 'ringing' || c.phase === 'retry'),
      )
      if (waiting) {
        const r = deps.transfers.redirectWaiting(waiting, field('Exten'), field('Context'))
        return r.ok ? ok(r.message) : err(r.message)
      }
      ch.context = field('Context')
      ch.exten = field('Exten')
      ch.priority = Number(field('Priority')) || 1
      pbx.emit('Newexten', 'dialplan', pbx.snapshotOf(ch), [
        ['Extension', ch.exten],
        ['Application', 'Hangup'],
        ['AppData', ''],
      ])
      const handler = pbx.hangupHandlers.get(name)
      if (handler) handler()
      return ok('Redirect successful')
    }
    case 'originate':
      return originate(deps, m, ok, err)
    default:
      return err('Invalid/unknown command')
  }
}

type Reply = (message: string) => Fields[]

function queueAdd(deps: ActionDeps, m: AmiMessage, ok: Reply, err: Reply): Fields[] {
  const { pbx } = deps
  const queueName = (m.get('Queue') ?? '').trim()
  const iface = (m.get('Interface') ?? '').trim()
  if (!queueName || !iface) return err("'Queue' or 'Interface' not set.")
  const q = pbx.queues.get(queueName)
  if (!q) return err('Unable to add interface to queue: No such queue')
  if (q.members.some((x) => x.iface === iface)) return err('Unable to add interface: Already there')
  const paused = truthy(m.get('Paused'))
  const member = {
    queue: q.name,
    name: m.get('MemberName') || iface,
    iface,
    stateIface: m.get('StateInterface') || iface,
    membership: 'dynamic' as const,
    penalty: Number(m.get('Penalty') ?? '0') || 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime: pbx.nowSec,
    paused,
    pausedReason: paused ? (m.get('Reason') ?? '') : '',
    wrapuptime: Number(m.get('Wrapuptime') ?? '0') || 0,
    status: 1,
  }
  q.members.push(member)
  pbx.emit('QueueMemberAdded', 'agent', pbx.memberFields(member))
  deps.queues.requestDispatch()
  return ok('Added interface to queue')
}

function originate(deps: ActionDeps, m: AmiMessage, ok: Reply, err: Reply): Fields[] {
  // Asterisk checks the assigned ids before anything else (action_originate).
  const channelId = (m.get('ChannelId') ?? '').trim()
  const otherChannelId = (m.get('OtherChannelId') ?? '').trim()
  if (channelId.length > MAX_PUBLIC_UNIQUEID || otherChannelId.length > MAX_PUBLIC_UNIQUEID)
    return err(`Uniqueid length exceeds maximum of ${MAX_PUBLIC_UNIQUEID}`)
  const channel = (m.get('Channel') ?? '').trim()
  if (!channel) return err('Channel not specified')
  if (!/^(Local|PJSIP|SIP)\/[^/\s]+/.test(channel)) return err('Invalid channel')
  const app = m.get('Application')
  if (app !== undefined && BLACKLISTED_APPS.test(app.trim()))
    return err('Originate Access Forbidden: app or data blacklisted')
  const exten = (m.get('Exten') ?? '').trim()
  const context = (m.get('Context') ?? '').trim()
  if (!app && (!exten || !context)) return err('Extension does not exist.')
  // Of the applications only ChanSpy is simulated (spy-flow.ts).
  if (app && app.trim().toLowerCase() !== 'chanspy') return err(`Application not simulated: ${app.trim()}`)
  const cid = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(m.get('CallerID') ?? '')
  const request = {
    actionId: m.get('ActionID') ?? '',
    channel,
    context,
    exten,
    callerIdName: cid?.[1] ?? '',
    callerIdNum: cid?.[2] ?? (m.get('CallerID') ?? '').trim(),
    timeoutMs: Number(m.get('Timeout') ?? '30000') || 30000,
    ...(app ? { application: { name: 'ChanSpy' as const, data: m.get('Data') ?? '' } } : {}),
    ...(channelId === '' ? {} : { channelId }),
    ...(otherChannelId === '' ? {} : { otherChannelId }),
  }
  if (truthy(m.get('Async'))) {
    // The response goes out before the leg rings: the flow runs on the next scheduler turn.
    deps.pbx.deps.scheduler.after(0, () => deps.originates.start(request, () => undefined))
    return ok('Originate successfully queued')
  }
  deps.originates.start(request, (success) =>
    deps.replyLater(success ? ok('Originate successfully queued') : err('Originate failed')),
  )
  return []
}
