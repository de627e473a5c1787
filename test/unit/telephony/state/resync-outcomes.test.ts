/**
 * Callers who left a queue while Pano could not see (telephony/state/resync-outcomes.ts): the PBX's
 * QueueParams counters, compared with the abandons and completions Pano applied since the last
 * QueueStatus, tell an abandoned caller from one whose end is unknown (finished UNKNOWN, not guessed).
 */
import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { takeRecords, type TelephonyState } from '../../../../telephony/state/model.ts'
import type { FinishedCall } from '../../../../telephony/state/records.ts'
import { reduce } from '../../../../telephony/state/reduce.ts'
import { applySnapshot, beginResync } from '../../../../telephony/state/resync.ts'
import { CALLER, Q, chan, ev, given, sec } from './builders.ts'

const done = (list: 'CoreShowChannels' | 'QueueStatus'): TelephonyEvent => ({
  type: 'ListComplete',
  list,
  actionId: 'r',
  listItems: undefined,
})
const params = (completed: number, abandoned: number): TelephonyEvent => ({
  type: 'QueueParams',
  queue: Q,
  strategy: 'rrmemory',
  max: 0,
  calls: 0,
  serviceLevelSec: 20,
  weight: 0,
  completed,
  abandoned,
  actionId: 'r',
})

/** A caller waiting, and a first QueueStatus (with these counters) that sees them waiting. */
function waitingWithBase(completed: number, abandoned: number): TelephonyState {
  const state = given([[0, ev.join()]])
  beginResync(state, sec(1))
  applySnapshot(
    state,
    [
      {
        type: 'CoreShowChannel',
        channel: CALLER,
        application: 'Queue',
        applicationData: Q,
        durationSec: 1,
        bridgeId: undefined,
        actionId: 'r',
      },
      done('CoreShowChannels'),
      params(completed, abandoned),
      {
        type: 'QueueEntry',
        queue: Q,
        position: 1,
        channel: CALLER.channel,
        uniqueId: CALLER.uniqueId,
        callerNum: CALLER.callerNum,
        callerName: undefined,
        connectedNum: undefined,
        connectedName: undefined,
        waitSec: 1,
        actionId: 'r',
      },
      done('QueueStatus'),
    ],
    sec(1),
  )
  expect(takeRecords(state).finishedCalls).toEqual([])
  return state
}

/** Pano was away; now nobody waits and no channel is up; the PBX reports these counters. */
function resyncWith(state: TelephonyState, completed: number, abandoned: number) {
  beginResync(state, sec(9))
  applySnapshot(state, [done('CoreShowChannels'), params(completed, abandoned), done('QueueStatus')], sec(10))
  return takeRecords(state).finishedCalls
}

/** Finished UNKNOWN: not guessed, no agent, answer time or talk; the wait only the part Pano saw. */
const unknownCalls = (calls: readonly FinishedCall[]) =>
  calls.map((c) => ({
    outcome: c.outcome,
    callerNumber: c.callerNumber,
    answeredAt: c.answeredAt,
    talkSec: c.talkSec,
    agentInterface: c.agentInterface,
  }))
const UNKNOWN_CALLER = {
  outcome: 'UNKNOWN',
  callerNumber: expect.stringMatching(/^\+?\d+$/) as unknown,
  answeredAt: null,
  talkSec: null,
  agentInterface: null,
}

describe('a caller who vanished while waiting', () => {
  it('is finished ABANDONED when the PBX counted exactly one abandon Pano did not see', () => {
    const state = waitingWithBase(3, 2)
    const calls = resyncWith(state, 3, 3)
    expect(calls.map((c) => [c.outcome, c.callerNumber])).toEqual([
      ['ABANDONED', expect.stringMatching(/^\+?\d+$/)],
    ])
  })

  it('is finished UNKNOWN, not guessed, when the PBX also completed a call Pano did not see', () => {
    const state = waitingWithBase(3, 2)
    const calls = resyncWith(state, 4, 3)
    expect(unknownCalls(calls)).toEqual([UNKNOWN_CALLER])
    // Seen waiting up to the first QueueStatus, 1 s after the join; over by the resync.
    expect(calls[0]).toMatchObject({ waitSec: 1, endedAt: new Date(sec(10)) })
  })

  it('is finished UNKNOWN when the PBX reset its statistics', () => {
    const state = waitingWithBase(3, 2)
    expect(unknownCalls(resyncWith(state, 0, 0))).toEqual([UNKNOWN_CALLER])
  })

  it('counts the abandons Pano saw itself, so a counter that only covers those explains nothing more', () => {
    const state = waitingWithBase(0, 0)
    const other = chan('300.1', 'PJSIP/trunk-00000009', { callerNum: '2323300000' })
    reduce(state, ev.join(other, 2), sec(2))
    reduce(state, ev.abandon(1, other), sec(3))
    const seen = takeRecords(state).finishedCalls
    const after = resyncWith(state, 0, 1)
    // The caller Pano saw abandon is recorded once; the one that vanished is not guessed.
    expect([...seen, ...after].map((c) => [c.outcome, c.callerNumber])).toEqual([
      ['TIMEOUT', '+902323300000'],
      ['UNKNOWN', '+905321234567'],
    ])
  })

  it('still is ABANDONED when a talking call also vanished: its missed completion is expected', () => {
    const state = waitingWithBase(0, 0)
    const talker = chan('400.1', 'PJSIP/trunk-00000011', { callerNum: '2323301111' })
    reduce(state, ev.join(talker, 2), sec(2))
    reduce(state, { type: 'QueueCallerLeave', caller: talker, queue: Q, position: 2, count: 1 }, sec(3))
    reduce(
      state,
      { ...(ev.connect(1) as Extract<TelephonyEvent, { type: 'AgentConnect' }>), caller: talker },
      sec(3),
    )
    takeRecords(state)
    const calls = resyncWith(state, 1, 1)
    expect(calls.map((c) => [c.outcome, c.callerNumber]).sort()).toEqual([
      ['ABANDONED', expect.stringMatching(/^\+?\d+$/)],
      ['ANSWERED', '+902323301111'],
    ])
  })
})

describe('a caller who was answered and finished while Pano could not see', () => {
  it('is finished ANSWERED with no agent, answer time or talk, its wait only what Pano saw', () => {
    const state = waitingWithBase(3, 2)
    const [call, ...rest] = resyncWith(state, 4, 2)
    expect(rest).toEqual([])
    expect(call).toMatchObject({
      outcome: 'ANSWERED',
      callKey: CALLER.uniqueId,
      answeredAt: null,
      talkSec: null,
      agentInterface: null,
      agentName: null,
      // Seen waiting up to the first QueueStatus, 1 s after the join; the call ended by the resync.
      waitSec: 1,
      endedAt: new Date(sec(10)),
    })
  })

  it('found by the periodic reconciliation (no reconnect), waited at least until the last event heard', () => {
    const state = waitingWithBase(3, 2)
    reduce(state, ev.newchannel(chan('500.1', 'PJSIP/1009-00000020')), sec(6))
    // The reconciliation lists QueueStatus alone, without a resync begun (telephony/bridge.ts).
    applySnapshot(state, [params(4, 2), done('QueueStatus')], sec(8))
    expect(takeRecords(state).finishedCalls).toMatchObject([
      { outcome: 'ANSWERED', answeredAt: null, waitSec: 6 },
    ])
  })

  it('finishes both UNKNOWN when one caller was answered and another abandoned: which was which cannot be told', () => {
    const state = waitingWithBase(3, 2)
    const other = chan('300.1', 'PJSIP/trunk-00000009', { callerNum: '2323300000' })
    reduce(state, ev.join(other, 2), sec(2))
    expect(unknownCalls(resyncWith(state, 4, 3))).toEqual([UNKNOWN_CALLER, UNKNOWN_CALLER])
    // Not silently: both are counted for health and /metrics (telephony/bridge.ts logs them too).
    expect(state.dropped).toEqual({ channels: 0, queueCalls: 0, outcomeUnknown: 2 })
  })

  it('is finished UNKNOWN when the PBX completed more calls than vanished (a call came and went unseen)', () => {
    const state = waitingWithBase(3, 2)
    expect(unknownCalls(resyncWith(state, 5, 2))).toEqual([UNKNOWN_CALLER])
  })
})
