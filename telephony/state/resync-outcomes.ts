/**
 * What happened to callers who left a queue while Pano could not see (a reconnect, or another node
 * taking over the PBX: docs/cluster.md). Asterisk keeps two counters per queue and reports them in every
 * QueueStatus (QueueParams `Completed` and `Abandoned`; app_queue.c raises `Abandoned` with each
 * QueueCallerAbandon and `Completed` with each AgentComplete). Pano counts those events as it applies
 * them; at the next QueueStatus the difference is what it missed. Only an unambiguous difference is
 * used: when every caller who vanished while waiting is explained by missed abandons, and the missed
 * completions are exactly the talking calls that vanished (finished ANSWERED by the resync), they are
 * finished as ABANDONED at the resync. Anything else stays unknown, without a record.
 */
import type { QueueParamsItem } from '../ami/events.ts'
import type { QueueCall, TelephonyState } from './model.ts'

/** Callers the PBX counted as abandoned that Pano did not see, per queue; from the lists, before they apply. */
export function missedAbandons(
  state: TelephonyState,
  params: readonly QueueParamsItem[],
  /** Caller channels in this CoreShowChannels; undefined when that list failed. */
  shownChannels: ReadonlySet<string> | undefined,
): Map<string, number> {
  const missed = new Map<string, number>()
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
    if (unseenAbandoned < 0 || unseenCompleted !== 0) continue
    missed.set(p.queue, unseenAbandoned)
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

/** The vanished waiting callers of each queue whose count the missed abandons explain exactly. */
export function explainedAsAbandoned(
  vanished: readonly QueueCall[],
  missed: ReadonlyMap<string, number>,
): QueueCall[] {
  const byQueue = new Map<string, QueueCall[]>()
  for (const c of vanished) byQueue.set(c.queue, [...(byQueue.get(c.queue) ?? []), c])
  const out: QueueCall[] = []
  for (const [queue, calls] of byQueue) if (missed.get(queue) === calls.length) out.push(...calls)
  return out
}
