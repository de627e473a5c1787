/**
 * What happened to callers who left a queue while Pano could not see (a reconnect, or another node
 * taking over the PBX: docs/cluster.md). Asterisk keeps two counters per queue and reports them in every
 * QueueStatus (QueueParams `Completed` and `Abandoned`; app_queue.c raises `Abandoned` with each
 * QueueCallerAbandon and `Completed` with each AgentComplete). Pano counts those events as it applies
 * them; at the next QueueStatus the difference is what it missed. The talking calls that vanished are
 * finished ANSWERED by the resync, so they account for that many missed completions. Only an
 * unambiguous rest is used, per queue:
 * - every caller who vanished while waiting is explained by missed abandons, and no completion is
 *   left over: they are finished ABANDONED;
 * - every one is explained by missed completions, and no abandon is left over: they were answered and
 *   the call ended while nobody watched (a takeover that took longer than a short call). They are
 *   finished ANSWERED with what Pano knows: no agent, no answer time, no talk, and as wait only the
 *   lower bound up to the last event Pano saw (statistics leave them out of ASA, SL and AHT:
 *   stats/aggregate.ts);
 * - a mix of both, or a count that does not match, stays unknown, because which caller was answered
 *   cannot be told: resync.ts finishes each UNKNOWN, with the same lower-bound wait.
 */
import type { QueueParamsItem } from '../ami/events.ts'
import type { QueueCall, TelephonyState } from './model.ts'

/** What the PBX counted that Pano did not see, beyond the talking calls that vanished. */
export interface MissedOutcomes {
  readonly abandoned: number
  readonly completed: number
}

/** The abandons and completions the PBX counted that Pano did not see, per queue; before the lists apply. */
export function missedOutcomes(
  state: TelephonyState,
  params: readonly QueueParamsItem[],
  /** Caller channels in this CoreShowChannels; undefined when that list failed. */
  shownChannels: ReadonlySet<string> | undefined,
): Map<string, MissedOutcomes> {
  const missed = new Map<string, MissedOutcomes>()
  // Talking calls whose channels are gone: their AgentComplete was missed, and the resync finishes
  // them as ANSWERED, so the PBX's Completed counter is expected to have moved by that many.
  const gone = new Map<string, number>()
  if (shownChannels !== undefined)
    for (const c of state.queueCalls.values())
      if (c.phase === 'connected' && !shownChannels.has(c.uniqueId))
        gone.set(c.queue, (gone.get(c.queue) ?? 0) + 1)
  for (const p of params) {
    const before = state.queues.get(p.queue)?.pbxCounters
    if (before === undefined || p.completed === undefined || p.abandoned === undefined) continue
    const unseenAbandoned = p.abandoned - before.abandoned - before.seenAbandoned
    const unseenCompleted = p.completed - before.completed - before.seenCompleted - (gone.get(p.queue) ?? 0)
    // A reset of the PBX's statistics, or events counted twice: nothing can be said.
    if (unseenAbandoned < 0 || unseenCompleted < 0) continue
    missed.set(p.queue, { abandoned: unseenAbandoned, completed: unseenCompleted })
  }
  return missed
}

/** The counters from this QueueStatus become the base for the next one. */
export function rememberCounters(state: TelephonyState, params: readonly QueueParamsItem[]): void {
  for (const p of params) {
    const q = state.queues.get(p.queue)
    if (q === undefined || p.completed === undefined || p.abandoned === undefined) continue
    q.pbxCounters = { completed: p.completed, abandoned: p.abandoned, seenCompleted: 0, seenAbandoned: 0 }
  }
}

/** The vanished waiting callers whose outcome the missed counts of their queue tell without doubt. */
export function explainVanished(
  vanished: readonly QueueCall[],
  missed: ReadonlyMap<string, MissedOutcomes>,
): { abandoned: QueueCall[]; answered: QueueCall[] } {
  const byQueue = new Map<string, QueueCall[]>()
  for (const c of vanished) byQueue.set(c.queue, [...(byQueue.get(c.queue) ?? []), c])
  const abandoned: QueueCall[] = []
  const answered: QueueCall[] = []
  for (const [queue, calls] of byQueue) {
    const m = missed.get(queue)
    if (m === undefined) continue
    if (m.abandoned === calls.length && m.completed === 0) abandoned.push(...calls)
    else if (m.completed === calls.length && m.abandoned === 0) answered.push(...calls)
  }
  return { abandoned, answered }
}
