/**
 * The live calls as the müdür reads them on Panolar › Canlı çağrılar (pure): callers waiting first, the
 * longest waiting at the top, then calls ringing, then calls being talked (the longest first), and the
 * one time each shows, ticking with the page clock.
 */
import type { CallPhase, CallView } from '../../../../server/contract/views.ts'
import { longestWaitAt } from './board-format.ts'

const GROUP: Record<CallPhase, number> = { waiting: 0, ringing: 1, talking: 2, 'on-hold': 2 }

/** When the time a call shows began (ms epoch, server clock); earlier sorts higher within its group. */
function sinceOf(call: CallView): number {
  if (call.phase === 'waiting' || call.phase === 'ringing') return call.startedAt
  return call.answeredAt ?? call.startedAt
}

export function orderCalls(calls: readonly CallView[]): CallView[] {
  return [...calls].sort((a, b) => {
    const group = GROUP[a.phase] - GROUP[b.phase]
    if (group !== 0) return group
    // Waiting: the longest wait first (the server's wait counts from entering the queue, not the IVR).
    if (a.phase === 'waiting' && a.waitSec !== b.waitSec)
      return a.waitSec === null ? 1 : b.waitSec === null ? -1 : b.waitSec - a.waitSec
    return sinceOf(a) - sinceOf(b) || a.callId.localeCompare(b.callId)
  })
}

/**
 * Seconds the call shows at `now` (server clock), given the view computed at `at`: waiting, the time in
 * the queue so far; ringing, since it started; talking or on hold, since it was answered. null when not
 * known: answered before Pano (re)connected (`answeredAtUnknown`), which the board says in words.
 */
export function callSeconds(call: CallView, at: number, now: number): number | null {
  switch (call.phase) {
    case 'waiting':
      return longestWaitAt(call.waitSec, at, now)
    case 'ringing':
      return Math.max(0, (now - call.startedAt) / 1000)
    default:
      return call.answeredAtUnknown || call.answeredAt === null
        ? null
        : Math.max(0, (now - call.answeredAt) / 1000)
  }
}

/**
 * `2 çağrı bekliyor · 5 görüşmede`, or `Bekleyen çağrı yok · 5 görüşmede` (on hold counts as talking:
 * the agent has the caller).
 */
export function callSummary(calls: readonly CallView[]): string {
  const waiting = calls.filter((c) => c.phase === 'waiting').length
  const talking = calls.filter((c) => c.phase === 'talking' || c.phase === 'on-hold').length
  const ringing = calls.length - waiting - talking
  return [
    waiting === 0 ? 'Bekleyen çağrı yok' : `${waiting} çağrı bekliyor`,
    ...(ringing > 0 ? [`${ringing} çalıyor`] : []),
    `${talking} görüşmede`,
  ].join(' · ')
}
