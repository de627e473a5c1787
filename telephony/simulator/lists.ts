/**
 * List actions (docs/ami-protocol.md §6): `Response: Success / EventList: start`, the items (no Privilege),
 * then `<X>Complete / EventList: Complete / ListItems`. Field sets and order as in the lab capture
 * 05a-mid-traffic-status-events-off.raw.
 */
import { snapshot, UNKNOWN, type Fields } from './channel.ts'
import type { Pbx, PbxMember, PbxQueue } from './pbx.ts'
import type { QueueFlow } from './queue-flow.ts'

export function ack(
  actionId: string | undefined,
  status: 'Success' | 'Error' | 'Goodbye',
  extra: Fields,
): Fields {
  const out: Fields = [['Response', status]]
  if (actionId !== undefined && actionId !== '') out.push(['ActionID', actionId])
  return [...out, ...extra]
}

function list(actionId: string | undefined, message: string, complete: string, items: Fields[]): Fields[] {
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const start = ack(actionId, 'Success', [
    ['EventList', 'start'],
    ['Message', message],
  ])
  const end: Fields = [
    ['Event', complete],
    ...id,
    ['EventList', 'Complete'],
    ['ListItems', String(items.length)],
  ]
  return [start, ...items, end]
}

function perf(inSl: number, of: number): string {
  return (of > 0 ? (inSl / of) * 100 : 0).toFixed(1)
}

function memberAvailable(pbx: Pbx, m: PbxMember): boolean {
  return pbx.available(m) && (m.status === 1 || m.status === 0)
}

export function queueStatus(
  pbx: Pbx,
  flow: QueueFlow,
  actionId: string | undefined,
  queue?: string,
  member?: string,
): Fields[] {
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const items: Fields[] = []
  for (const q of pbx.queues.values()) {
    if (queue && q.name !== queue) continue
    items.push([
      ['Event', 'QueueParams'],
      ['Queue', q.name],
      ['Max', '0'],
      ['Strategy', q.strategy],
      ['Calls', String(q.callers.length)],
      ['Holdtime', String(q.holdtime)],
      ['TalkTime', String(q.talktime)],
      ['Completed', String(q.completed)],
      ['Abandoned', String(q.abandoned)],
      ['ServiceLevel', String(q.serviceLevelSec)],
      ['ServicelevelPerf', perf(q.completedInSl, q.completed)],
      ['ServicelevelPerf2', perf(q.completedInSl, q.completed + q.abandoned)],
      ['Weight', '0'],
      ...id,
    ])
    for (const m of q.members) {
      if (member && m.iface !== member && m.name !== member) continue
      items.push([
        ['Event', 'QueueMember'],
        ['Queue', q.name],
        ['Name', m.name],
        ['Location', m.iface],
        ['StateInterface', m.stateIface],
        ['Membership', m.membership],
        ['Penalty', String(m.penalty)],
        ['CallsTaken', String(m.callsTaken)],
        ['LastCall', String(m.lastCall)],
        ['LastPause', String(m.lastPause)],
        ['LoginTime', String(m.loginTime)],
        ['InCall', pbx.agentBusy.get(m.iface) === 'incall' ? '1' : '0'],
        ['Status', String(m.status)],
        ['Paused', m.paused ? '1' : '0'],
        ['PausedReason', m.pausedReason],
        ['Wrapuptime', String(m.wrapuptime)],
        ...id,
      ])
    }
    if (member) continue
    q.callers.forEach((entry, i) => {
      const c = flow.callers.get(entry.id)
      if (!c) return
      const plain = (v: string): string => (v === UNKNOWN ? 'unknown' : v)
      items.push([
        ['Event', 'QueueEntry'],
        ['Queue', q.name],
        ['Position', String(i + 1)],
        ['Channel', c.c2.name],
        ['Uniqueid', c.c2.uniqueid],
        ['CallerIDNum', plain(c.c2.callerNum)],
        ['CallerIDName', plain(c.c2.callerName)],
        ['ConnectedLineNum', plain(c.c2.connNum)],
        ['ConnectedLineName', plain(c.c2.connName)],
        ['Wait', String(Math.floor((pbx.now - c.joinedAt) / 1000))],
        ['Priority', '0'],
        ...id,
      ])
    })
  }
  return list(actionId, 'Queue status will follow', 'QueueStatusComplete', items)
}

export function queueSummary(
  pbx: Pbx,
  flow: QueueFlow,
  actionId: string | undefined,
  queue?: string,
): Fields[] {
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const items: Fields[] = []
  for (const q of pbx.queues.values()) {
    if (queue && q.name !== queue) continue
    items.push([
      ['Event', 'QueueSummary'],
      ['Queue', q.name],
      ['LoggedIn', String(q.members.length)],
      ['Available', String(q.members.filter((m) => memberAvailable(pbx, m)).length)],
      ['Callers', String(q.callers.length)],
      ['HoldTime', String(q.holdtime)],
      ['TalkTime', String(q.talktime)],
      ['LongestHoldTime', String(longestWait(pbx, flow, q))],
      ...id,
    ])
  }
  return list(actionId, 'Queue summary will follow', 'QueueSummaryComplete', items)
}

function longestWait(pbx: Pbx, flow: QueueFlow, q: PbxQueue): number {
  const first = q.callers[0] && flow.callers.get(q.callers[0].id)
  return first ? Math.floor((pbx.now - first.joinedAt) / 1000) : 0
}

function hms(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
}

export function coreShowChannels(pbx: Pbx, actionId: string | undefined): Fields[] {
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const items: Fields[] = [...pbx.channels.values()].map((ch) => [
    ['Event', 'CoreShowChannel'],
    ...id,
    ...snapshot(ch),
    ['Application', ch.application],
    ['ApplicationData', ch.appData],
    ['Duration', hms(pbx.now - ch.createdAt)],
    ['BridgeId', ch.bridgeId],
  ])
  return list(actionId, 'Channels will follow', 'CoreShowChannelsComplete', items)
}

export function deviceStateList(pbx: Pbx, actionId: string | undefined): Fields[] {
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const items: Fields[] = [...pbx.devices.entries()].map(([device, state]) => [
    ['Event', 'DeviceStateChange'],
    ...id,
    ['Device', device],
    ['State', state],
  ])
  return list(actionId, 'Device State Changes will follow', 'DeviceStateListComplete', items)
}

const EXT_TEXT: Record<string, readonly [number, string]> = {
  NOT_INUSE: [0, 'Idle'],
  INUSE: [1, 'InUse'],
  BUSY: [2, 'Busy'],
  UNAVAILABLE: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'],
}

export function extensionStateList(pbx: Pbx, actionId: string | undefined): Fields[] {
  if (pbx.extensions.size === 0)
    return [ack(actionId, 'Error', [['Message', 'No dialplan hints are available']])]
  const id: Fields = actionId ? [['ActionID', actionId]] : []
  const items: Fields[] = [...pbx.extensions.values()].map((ext) => {
    const [code, text] = EXT_TEXT[pbx.devices.get(ext.device) ?? 'NOT_INUSE'] ?? [0, 'Idle']
    return [
      ['Event', 'ExtensionStatus'],
      ...id,
      ['Exten', ext.number],
      ['Context', ext.context],
      ['Hint', ext.device],
      ['Status', String(code)],
      ['StatusText', text],
    ]
  })
  return list(actionId, 'Extension Statuses will follow', 'ExtensionStateListComplete', items)
}
