import type { QueueCall, TelephonyState } from '../state/model.ts'
import { answeredWaitSec } from '../state/queue-calls.ts'
import { memberView } from '../state/select.ts'
import type { InProgressCall } from './aggregate.ts'
import type { LiveInputs } from './report.ts'

/**
 * A queue call the state still holds. Answered without an AgentConnect seen (taken over from a
 * snapshot: state/bridge-peers.ts) means its answer time is unknown, so is its wait, until its
 * AgentComplete or hangup.
 */
function inProgress(call: QueueCall): InProgressCall {
  // Object literals, not a spread of a shared base: this runs for every call the state holds on every
  // statistics pass, and an overloaded queue holds hundreds.
  const { queue, enteredAt } = call
  switch (call.phase) {
    case 'waiting':
      return { queue, enteredAt, phase: 'waiting', waitSec: null }
    case 'left':
    case 'abandoned':
      return { queue, enteredAt, phase: 'deciding', waitSec: null }
    case 'connected':
    case 'completing':
      return {
        queue,
        enteredAt,
        phase: 'talking',
        waitSec: call.answeredAtUnknown ? null : (answeredWaitSec(call) ?? null),
      }
  }
}

/** The live gauges statistics need, read from the state at `now`. */
export function liveInputsOf(state: TelephonyState, now: number): LiveInputs {
  const agents = new Map<string, { interface: string; name: string; loggedInSince: number | undefined }>()
  const queues = [...state.queues.values()]
    .map((q) => {
      let longest: number | null = null
      for (const w of q.callers.values()) {
        const wait = Math.max(0, (now - w.enteredAt) / 1000)
        if (longest === null || wait > longest) longest = wait
      }
      const counts = {
        available: 0,
        onCall: 0,
        ringing: 0,
        paused: 0,
        wrapUp: 0,
        unavailable: 0,
        pausedOnCall: 0,
      }
      for (const m of q.members.values()) {
        const v = memberView(state, m, now)
        counts[v.activity]++
        // Paused while talking counts as on a call AND paused (Asterisk's "in call, paused").
        if (v.activity === 'onCall' && v.paused) {
          counts.paused++
          counts.pausedOnCall++
        }
        const known = agents.get(m.interface)
        const since = m.loggedInSince
        if (known === undefined)
          agents.set(m.interface, { interface: m.interface, name: m.name, loggedInSince: since })
        else if (since !== undefined && (known.loggedInSince === undefined || since < known.loggedInSince))
          known.loggedInSince = since
      }
      return {
        name: q.name,
        callsWaiting: q.callers.size,
        longestWaitSec: longest === null ? null : Math.round(longest * 10) / 10,
        ...counts,
      }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const openPauses = [...state.pauses].map(([iface, p]) => ({
    interface: iface,
    name: p.memberName,
    reason: p.reason,
    since: p.since,
  }))
  const calls = [...state.queueCalls.values()].map(inProgress)
  return { queues, agents: [...agents.values()], openPauses, calls }
}
