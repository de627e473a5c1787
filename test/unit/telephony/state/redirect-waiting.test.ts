/**
 * A caller moved on by the switchboard's Redirect before anyone answered, as Asterisk reports it to a
 * `call,agent` AMI user (docs/ami-events.md §3): the rung member's leg cancelled, QueueCallerAbandon,
 * QueueCallerLeave, then the caller dials the unit from the new place. No PBX event says "transfer"; the
 * AMI client that wrote the action puts a PanoRedirect note before them (connection/redirect-note.ts).
 * Given that sequence, the stay is TRANSFERRED and the
 * queue's statistics count it transferred and answered — not abandoned, not timed out — with its wait
 * and no talk; a refused Redirect leaves the call as it was.
 */
import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { takeRecords, type TelephonyState } from '../../../../telephony/state/model.ts'
import { tick } from '../../../../telephony/state/reduce.ts'
import {
  addFinishedCall,
  computeStats,
  createStatsAccumulator,
  DEFAULT_STATS_CONFIG,
  NO_LIVE_INPUTS,
} from '../../../../telephony/stats/index.ts'
import { AGENT, CALLER, Q, chan, ev, given, sec, when } from './builders.ts'

/** The unit's phone the caller is sent to. */
const UNIT = chan('100.9', 'PJSIP/2002-00000009', { callId: CALLER.callId })
/** The caller's channel as it carries on after the Redirect: in the unit's context. */
const MOVED = { ...CALLER, context: 'departments', exten: '2002', priority: '1' }

const dial = (type: 'DialBegin' | 'DialEnd', caller: typeof CALLER, dest: typeof UNIT, status?: string) =>
  ({ type, caller, dest, dialString: dest.channel, dialStatus: status }) as TelephonyEvent

/** The AMI client's note of the switchboard's Redirect to the unit's 2002, and of the PBX refusing it. */
const note = (outcome: 'sent' | 'refused') =>
  ({ type: 'PanoRedirect', channel: CALLER.channel, exten: '2002', outcome }) as TelephonyEvent

/** The caller waiting, the member (AGENT's line) being rung. */
function ringing(): TelephonyState {
  return given([
    [0, ev.join()],
    [1, ev.called()],
    [1, dial('DialBegin', CALLER, AGENT)],
  ])
}

function statsOf(state: TelephonyState, at: number) {
  const acc = createStatsAccumulator(DEFAULT_STATS_CONFIG)
  const { finishedCalls } = takeRecords(state)
  for (const c of finishedCalls) addFinishedCall(acc, c)
  return { finishedCalls, queue: computeStats(acc, at, NO_LIVE_INPUTS).today.queues[Q] }
}

describe('a waiting caller the switchboard redirects to a unit', () => {
  it('is transferred, not abandoned nor timed out, in the record and the queue’s figures', () => {
    const state = ringing()
    when(state, [
      [5.9, note('sent')],
      [6, dial('DialEnd', CALLER, AGENT, 'CANCEL')],
      [6, ev.hangup(AGENT)],
      [6, ev.abandon(6)],
      [6, ev.leave()],
      [6.05, dial('DialBegin', MOVED, UNIT)],
      [9, dial('DialEnd', MOVED, UNIT, 'ANSWER')],
    ])
    const { finishedCalls, queue } = statsOf(state, sec(10))
    expect(finishedCalls).toHaveLength(1)
    expect(finishedCalls[0]).toMatchObject({
      outcome: 'TRANSFERRED',
      transferredTo: '2002',
      answeredAt: null,
      agentInterface: null,
      waitSec: 6,
      talkSec: null,
    })
    expect(queue).toMatchObject({
      offered: 1,
      answered: 1,
      transferred: 1,
      abandoned: 0,
      timedOut: 0,
      answeredWithinSl: 1,
      asaSec: 6,
      ahtSec: null,
      abandonRatePct: 0,
    })
  })

  it('is transferred when its leaving is only decided by the grace period (no dial seen yet)', () => {
    const state = ringing()
    when(state, [
      [5.9, note('sent')],
      [6, ev.abandon(6)],
      [6, ev.leave()],
    ])
    tick(state, sec(8))
    expect(statsOf(state, sec(8)).finishedCalls.map((c) => c.outcome)).toEqual(['TRANSFERRED'])
  })

  it('stays the queue’s when the PBX refuses the Redirect: a later abandon is an abandon', () => {
    const state = ringing()
    when(state, [
      [5.9, note('sent')],
      [5.95, note('refused')],
      [20, ev.hangupRequest(CALLER)],
      [20, ev.abandon(20)],
      [20, ev.leave()],
      [20, ev.hangup(CALLER)],
    ])
    const { finishedCalls, queue } = statsOf(state, sec(21))
    expect(finishedCalls.map((c) => [c.outcome, c.transferredTo])).toEqual([['ABANDONED', null]])
    expect(queue).toMatchObject({ abandoned: 1, transferred: 0, answered: 0 })
  })
})
