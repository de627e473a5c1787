/**
 * Resynchronisation after every (re)connect (docs/design.md §2.2, ami-protocol §13): the bridge calls
 * beginResync, gathers the lists (CoreShowChannels, QueueStatus, DeviceStateList,
 * ExtensionStateList, each with its …Complete event), calls applySnapshot, then applies the live
 * events it buffered meanwhile — which is harmless, because reduce() is idempotent.
 *
 * A list only prunes the kind of object it covers, and only when its Complete event is among the
 * items (a failed or missing list leaves that kind untouched). Queue calls whose caller vanished
 * while Pano was away: a connected call is finished as ANSWERED at the snapshot time; a waiting one
 * whose caller is still up and bridged becomes connected (agent from its bridge peers, answer time
 * marked unknown: bridge-peers.ts); one the PBX's counters explain is finished ABANDONED, or ANSWERED
 * without times (resync-outcomes.ts); otherwise its outcome is unknown: it is not guessed but finished
 * UNKNOWN (offered, in no other figure; put on the call-back list by the recorder) and counted
 * (`dropped.outcomeUnknown`).
 */
import type { QueueParamsItem, TelephonyEvent } from '../ami/events.ts'
import { explainVanished, missedOutcomes, rememberCounters } from './resync-outcomes.ts'
import { removeChannel } from './channels.ts'
import { removeMember } from './members.ts'
import type { QueueCall, TelephonyState } from './model.ts'
import { finish } from './queue-calls.ts'
import { takeOverTalkingCall } from './bridge-peers.ts'
import { reduce } from './reduce.ts'

export function beginResync(state: TelephonyState, at: number): TelephonyState {
  if (state.resyncStartedAt === undefined) state.heardUntil = state.lastEventAt
  state.resyncStartedAt = at
  return state
}

export function isStale(state: TelephonyState): boolean {
  return state.resyncStartedAt !== undefined
}

/**
 * The channels that live events held during the lists name (their own, a queue caller's). What a list
 * leaves out but a held event names changed while the lists were gathered: a waiting caller who left
 * with a key, hung up or was answered. The replay of those events settles it (with its outcome and
 * times), so the snapshot leaves it alone instead of pruning it without a record.
 */
export function channelsNamed(events: readonly TelephonyEvent[]): Set<string> {
  const ids = new Set<string>()
  for (const e of events) {
    if ('caller' in e && e.caller !== undefined) ids.add(e.caller.uniqueId)
    if ('channel' in e && typeof e.channel === 'object') ids.add(e.channel.uniqueId)
    if ('uniqueId' in e && typeof e.uniqueId === 'string') ids.add(e.uniqueId)
  }
  return ids
}

/**
 * A waiting caller who left while Pano did not see the PBX, finished as ANSWERED (the PBX's counters
 * say so: resync-outcomes.ts) or UNKNOWN (they cannot tell): no answer time and no talk
 * (queue-calls.ts:finish leaves both out for a call Pano never saw answered), ended at the resync, its
 * wait only the part Pano saw.
 */
function finishUnseen(
  state: TelephonyState,
  call: QueueCall,
  outcome: 'ANSWERED' | 'UNKNOWN',
  lastHeardAt: number | undefined,
  at: number,
): void {
  call.leftAt = Math.min(at, Math.max(call.enteredAt, lastHeardAt ?? call.enteredAt))
  finish(state, call, outcome, at)
}

export function applySnapshot(
  state: TelephonyState,
  listItems: readonly TelephonyEvent[],
  receivedAt: number,
  /** channelsNamed() of the live events held while the lists were gathered. */
  held: ReadonlySet<string> = new Set(),
): TelephonyState {
  const at = receivedAt
  const complete = new Set<string>()
  const channels = new Set<string>()
  const members = new Set<string>()
  const waiting = new Set<string>()
  const queues = new Set<string>()
  const devices = new Set<string>()
  const extensions = new Set<string>()
  const params = listItems.filter((i): i is QueueParamsItem => i.type === 'QueueParams')
  const shownChannels = listItems.some((i) => i.type === 'ListComplete' && i.list === 'CoreShowChannels')
    ? new Set(listItems.flatMap((i) => (i.type === 'CoreShowChannel' ? [i.channel.uniqueId] : [])))
    : undefined
  const missed = missedOutcomes(state, params, shownChannels)
  // A periodic reconciliation (no resync begun) holds the live events while it lists, so the last
  // event applied is still the last one heard.
  const lastHeardAt = state.heardUntil ?? state.lastEventAt
  for (const item of listItems) {
    switch (item.type) {
      case 'ListComplete':
        complete.add(item.list)
        break
      case 'CoreShowChannel':
        channels.add(item.channel.uniqueId)
        break
      case 'QueueParams':
        queues.add(item.queue)
        break
      case 'QueueMember':
        members.add(`${item.member.queue}\n${item.member.interface}`)
        break
      case 'QueueEntry':
        waiting.add(item.uniqueId)
        break
      case 'DeviceStateChange':
        devices.add(item.device)
        break
      case 'ExtensionStatus':
        extensions.add(`${item.exten}@${item.context}`)
        break
      default:
        break
    }
    reduce(state, item, at)
  }

  if (complete.has('CoreShowChannels')) {
    for (const id of [...state.channels.keys()])
      if (!channels.has(id) && !held.has(id)) removeChannel(state, id)
    for (const [id, b] of [...state.bridges]) if (b.channels.size === 0) state.bridges.delete(id)
    for (const [base, pair] of [...state.localPairs]) {
      if (pair.oneId !== undefined && !state.channels.has(pair.oneId)) pair.oneId = undefined
      if (pair.twoId !== undefined && !state.channels.has(pair.twoId)) pair.twoId = undefined
      if (pair.oneId === undefined && pair.twoId === undefined) state.localPairs.delete(base)
    }
  }

  if (complete.has('QueueStatus')) {
    for (const [name, q] of [...state.queues]) {
      for (const iface of [...q.members.keys()])
        if (!members.has(`${name}\n${iface}`)) removeMember(state, name, iface, at)
      if (!queues.has(name) && q.members.size === 0) state.queues.delete(name)
    }
    const vanished = [...state.queueCalls.values()].filter(
      (c) =>
        c.phase === 'waiting' &&
        !waiting.has(c.uniqueId) &&
        !held.has(c.uniqueId) &&
        state.channels.get(c.uniqueId)?.bridgeId === undefined,
    )
    const explained = explainVanished(vanished, missed)
    const abandoned = new Set(explained.abandoned)
    const answeredUnseen = new Set(explained.answered)
    for (const call of [...state.queueCalls.values()]) {
      if (call.phase !== 'waiting' || waiting.has(call.uniqueId) || held.has(call.uniqueId)) continue
      const ch = state.channels.get(call.uniqueId)
      state.queues.get(call.queue)?.callers.delete(call.uniqueId)
      if (ch !== undefined && ch.bridgeId !== undefined) {
        takeOverTalkingCall(state, call, at)
      } else if (abandoned.has(call)) {
        finish(state, call, 'ABANDONED', at)
      } else if (answeredUnseen.has(call)) {
        finishUnseen(state, call, 'ANSWERED', lastHeardAt, at)
      } else {
        state.dropped.outcomeUnknown++
        finishUnseen(state, call, 'UNKNOWN', lastHeardAt, at)
      }
    }
  }

  if (complete.has('CoreShowChannels')) {
    for (const call of [...state.queueCalls.values()]) {
      if (state.channels.has(call.uniqueId)) continue
      if (call.phase === 'connected' || call.phase === 'completing') finish(state, call, 'ANSWERED', at)
      else if (call.phase !== 'waiting') finish(state, call, 'ABANDONED', at)
    }
  }

  if (complete.has('DeviceStateList')) {
    for (const d of [...state.devices.keys()]) if (!devices.has(d)) state.devices.delete(d)
  }
  if (complete.has('ExtensionStateList')) {
    for (const e of [...state.extensions.keys()]) if (!extensions.has(e)) state.extensions.delete(e)
  }
  rememberCounters(state, params)
  state.resyncStartedAt = undefined
  state.heardUntil = undefined
  return state
}
