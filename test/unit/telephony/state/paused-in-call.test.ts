/**
 * An agent paused while talking is both on a call and paused, as Asterisk's `queue show` says
 * ("in call, paused: Mola"): the member view keeps the call first and the pause beside it, and the
 * queue's live counts have the agent in `onCall` and in `paused`.
 */
import { describe, expect, it } from 'vitest'
import { memberView } from '../../../../telephony/state/select.ts'
import { liveInputsOf } from '../../../../telephony/stats/live.ts'
import { AGENT, AGENT_IF, CALLER, Q, ev, given, member, sec, when } from './builders.ts'

const pausedInCall = member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Mola', inCall: true })

function talking() {
  return given([
    [1, ev.join()],
    [2, ev.called()],
    [5, ev.connect(4)],
    [5, ev.enter('b1', CALLER)],
    [5, ev.enter('b1', AGENT)],
  ])
}

describe('paused while talking', () => {
  it('shows the call and the pause together', () => {
    const state = when(talking(), [[20, ev.pause(pausedInCall)]])
    const m = state.queues.get(Q)?.members.get(AGENT_IF)
    if (m === undefined) throw new Error('no member')
    expect(memberView(state, m, sec(21))).toMatchObject({
      activity: 'onCall',
      inCall: true,
      paused: true,
      pausedReason: 'Mola',
      onCallSince: sec(5),
      pausedSince: sec(20),
    })
  })

  it('counts the agent as on a call and as paused in the queue', () => {
    const state = when(talking(), [[20, ev.pause(pausedInCall)]])
    expect(liveInputsOf(state, sec(21)).queues.find((q) => q.name === Q)).toMatchObject({
      onCall: 1,
      paused: 1,
      pausedOnCall: 1,
      available: 0,
    })
  })

  it('is paused only once the call ends', () => {
    const state = when(talking(), [
      [20, ev.pause(pausedInCall)],
      [30, ev.complete(25)],
      [30, ev.pause({ ...pausedInCall, inCall: false })],
    ])
    expect(liveInputsOf(state, sec(31)).queues.find((q) => q.name === Q)).toMatchObject({
      onCall: 0,
      paused: 1,
      pausedOnCall: 0,
    })
  })
})
