import type { QueueMemberFields } from '../ami/events.ts'
import { getQueue, type QueueMember, type TelephonyState } from './model.ts'

const epochMs = (sec: number | undefined): number | undefined =>
  sec === undefined || sec <= 0 ? undefined : sec * 1000

/**
 * Upserts a member from a QueueMember* event or QueueMember list item, following its pause. A live
 * event's pause starts at `at`; a snapshot's at Asterisk's LastPause (`fromSnapshot`), so a pause
 * already under way when Pano connects keeps its real start.
 */
export function upsertMember(
  state: TelephonyState,
  f: QueueMemberFields,
  at: number,
  fromSnapshot = false,
): QueueMember {
  const queue = getQueue(state, f.queue)
  let m = queue.members.get(f.interface)
  if (m === undefined) {
    m = {
      queue: f.queue,
      interface: f.interface,
      name: f.memberName,
      stateInterface: f.stateInterface,
      membership: f.membership,
      paused: false,
      pausedReason: undefined,
      pausedSince: undefined,
      status: f.status,
      inCall: f.inCall ?? false,
      ringingFor: undefined,
      ringingSince: undefined,
      onCallKey: undefined,
      onCallSince: undefined,
      lastCallEndedAt: undefined,
      wrapUpSec: undefined,
      loggedInSince: epochMs(f.loginTime) ?? at,
      callsTaken: f.callsTaken,
    }
    queue.members.set(f.interface, m)
  }
  m.name = f.memberName
  m.stateInterface = f.stateInterface ?? m.stateInterface
  m.membership = f.membership ?? m.membership
  if (f.status !== undefined) m.status = f.status
  if (f.inCall !== undefined) m.inCall = f.inCall
  if (f.wrapUpSec !== undefined && f.wrapUpSec > 0) m.wrapUpSec = f.wrapUpSec
  if (f.loginTime !== undefined && f.loginTime > 0) m.loggedInSince = f.loginTime * 1000
  if (f.callsTaken !== undefined) m.callsTaken = f.callsTaken
  if (m.lastCallEndedAt === undefined) m.lastCallEndedAt = epochMs(f.lastCall)
  const lastPause = epochMs(f.lastPause)
  const since = fromSnapshot && lastPause !== undefined && lastPause <= at ? lastPause : at
  setPause(state, m, f.paused, f.pausedReason, since, at)
  return m
}

function pausedAnywhere(state: TelephonyState, iface: string): QueueMember | undefined {
  for (const q of state.queues.values()) {
    const m = q.members.get(iface)
    if (m !== undefined && m.paused) return m
  }
  return undefined
}

/**
 * Pauses are tracked per queue member for display and per interface for PauseInterval records: an
 * interface paused in three queues is one pause. A re-pause with another reason closes the interval
 * and opens a new one. `since` is Asterisk's LastPause when known, so a resync keeps the same start.
 */
export function setPause(
  state: TelephonyState,
  m: QueueMember,
  paused: boolean,
  reason: string | undefined,
  since: number,
  at: number,
): void {
  if (paused) {
    if (!m.paused) m.pausedSince = since
    else if (m.pausedReason !== reason) m.pausedSince = at
    m.paused = true
    m.pausedReason = reason
  } else {
    m.paused = false
    m.pausedReason = undefined
    m.pausedSince = undefined
  }
  syncInterfacePause(state, m.interface, m.name, at)
}

/** Opens/closes the interface's pause interval to match its members. */
export function syncInterfacePause(
  state: TelephonyState,
  iface: string,
  memberName: string,
  at: number,
): void {
  const open = state.pauses.get(iface)
  const pausedMember = pausedAnywhere(state, iface)
  const reason = pausedMember === undefined ? undefined : (pausedMember.pausedReason ?? '')
  if (open !== undefined && (reason === undefined || reason !== open.reason)) {
    state.outbox.pauses.push({
      pbxId: state.config.pbxId,
      memberInterface: iface,
      memberName: open.memberName,
      reason: open.reason,
      startedAt: new Date(open.since),
      endedAt: new Date(Math.max(at, open.since)),
    })
    state.pauses.delete(iface)
  }
  if (reason !== undefined && !state.pauses.has(iface)) {
    const since = open === undefined ? (pausedMember?.pausedSince ?? at) : at
    state.pauses.set(iface, { reason, since, memberName })
  }
}

export function removeMember(state: TelephonyState, queueName: string, iface: string, at: number): void {
  const q = state.queues.get(queueName)
  const m = q?.members.get(iface)
  if (q === undefined || m === undefined) return
  q.members.delete(iface)
  syncInterfacePause(state, iface, m.name, at)
}

/** A member's wrap-up length: its own Wrapuptime when set, else the queue's configured one. */
export function wrapUpSecOf(state: TelephonyState, m: QueueMember): number {
  return m.wrapUpSec ?? state.config.wrapUpSec[m.queue] ?? 0
}

/** Members that can take a call now (logged in, not paused, device usable). */
export function availableMembers(state: TelephonyState, queueName: string): number {
  const q = state.queues.get(queueName)
  if (q === undefined) return 0
  let n = 0
  for (const m of q.members.values()) {
    if (!m.paused && m.status !== 4 && m.status !== 5) n++
  }
  return n
}
