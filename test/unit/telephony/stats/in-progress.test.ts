/**
 * Calls in progress on the wallboard: offered when the caller joins, answered at AgentConnect, and
 * replaced (never added to) by the finished call. Each step is state → event → the numbers a müdür
 * sees, and at every step the statistics rebuilt from the stored records and the same live state
 * are identical to the live ones.
 */
import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { takeRecords, type TelephonyState } from '../../../../telephony/state/model.ts'
import { takeOverTalkingCall } from '../../../../telephony/state/bridge-peers.ts'
import { tick } from '../../../../telephony/state/reduce.ts'
import type { FinishedCall } from '../../../../telephony/state/records.ts'
import { addFinishedCall, createStatsAccumulator } from '../../../../telephony/stats/accumulator.ts'
import { statsConfig } from '../../../../telephony/stats/config.ts'
import { liveInputsOf } from '../../../../telephony/stats/live.ts'
import {
  computeStats,
  NO_LIVE_INPUTS,
  rebuildStats,
  statsOver,
  type LiveInputs,
  type StatsReport,
} from '../../../../telephony/stats/report.ts'
import { CALLER, Q, chan, ev, given, sec, when } from '../state/builders.ts'

const config = statsConfig({ queues: { [Q]: { wrapUpSec: 5 } } })

/** The board as the bridge computes it: finished records into the accumulator, the rest from the state. */
function board() {
  const state = given([])
  const acc = createStatsAccumulator(config)
  const finished: FinishedCall[] = []
  return {
    state,
    at(s: number, more: Array<[number, TelephonyEvent]> = []): StatsReport {
      when(state, more)
      tick(state, sec(s))
      for (const c of takeRecords(state).finishedCalls) {
        addFinishedCall(acc, c)
        finished.push(c)
      }
      const live = liveInputsOf(state, sec(s))
      const report = computeStats(acc, sec(s), live)
      expect(rebuildStats([...finished].reverse(), [], sec(s), config, live)).toEqual(report)
      return report
    },
  }
}

const headline = (r: StatsReport) => {
  const q = r.today.queues[Q]
  return {
    offered: q?.offered,
    answered: q?.answered,
    waiting: q?.waitingNow,
    talking: q?.talkingNow,
    deciding: q?.decidingNow,
    abandoned: q?.abandoned,
    timedOut: q?.timedOut,
    asaSec: q?.asaSec,
    serviceLevelPct: q?.serviceLevelPct,
    ahtSec: q?.ahtSec,
  }
}

describe("a report of today at the board's moment", () => {
  it('counts the calls still waiting or talking as the board does', () => {
    const state = given([])
    const finished: FinishedCall[] = []
    when(state, [
      [0, ev.join()],
      [4, ev.connect(4)],
      [64, ev.complete(60)],
      [64, ev.hangup(CALLER)],
    ])
    tick(state, sec(70))
    finished.push(...takeRecords(state).finishedCalls)
    // A second caller joins and waits.
    const second = chan('200.1', 'PJSIP/trunk-00000009', { callId: '200.1', callerNum: '05329998877' })
    when(state, [[80, ev.join(second)]])
    tick(state, sec(90))
    const live = liveInputsOf(state, sec(90))
    const acc = createStatsAccumulator(config)
    for (const c of finished) addFinishedCall(acc, c)
    const board = computeStats(acc, sec(90), live).today.queues[Q]
    const report = statsOver(finished, [], sec(0) - 3_600_000, sec(90), config, live.calls).queues[Q]
    expect(report?.offered).toBe(2)
    expect(report).toMatchObject({
      offered: board?.offered,
      answered: board?.answered,
      waitingNow: board?.waitingNow,
      serviceLevelPct: board?.serviceLevelPct,
    })
  })
})

describe('a call on the wallboard while it happens', () => {
  it('is offered while waiting, answered at AgentConnect with its wait, and not counted again at the end', () => {
    const b = board()
    expect(
      headline(
        b.at(5, [
          [0, ev.join()],
          [1, ev.called()],
        ]),
      ),
    ).toEqual({
      offered: 1,
      answered: 0,
      waiting: 1,
      talking: 0,
      deciding: 0,
      abandoned: 0,
      timedOut: 0,
      asaSec: null,
      serviceLevelPct: null,
      ahtSec: null,
    })
    expect(
      headline(
        b.at(20, [
          [12, ev.leave()],
          [12, ev.connect(12)],
        ]),
      ),
    ).toEqual({
      offered: 1,
      answered: 1,
      waiting: 0,
      talking: 1,
      deciding: 0,
      abandoned: 0,
      timedOut: 0,
      asaSec: 12,
      serviceLevelPct: 100,
      // Talk time is known only at the end.
      ahtSec: null,
    })
    expect(
      headline(
        b.at(80, [
          [72, ev.complete(60)],
          [72, ev.hangup(CALLER)],
        ]),
      ),
    ).toEqual({
      offered: 1,
      answered: 1,
      waiting: 0,
      talking: 0,
      deciding: 0,
      abandoned: 0,
      timedOut: 0,
      asaSec: 12,
      serviceLevelPct: 100,
      // 60 s talk + 5 s after-call work
      ahtSec: 65,
    })
  })

  it('shows the talking call in the agent numbers only when it ends (talk time is not known before)', () => {
    const b = board()
    const talking = b.at(30, [
      [0, ev.join()],
      [4, ev.connect(4)],
    ])
    expect(talking.today.pbx).toMatchObject({ answered: 1, talkingNow: 1, talkSec: 0 })
    expect(Object.values(talking.today.agents).reduce((n, a) => n + a.answered, 0)).toBe(0)
    const ended = b.at(40, [[34, ev.complete(30)]])
    expect(ended.today.agents).toMatchObject({ 'PJSIP/1001': { answered: 1, talkSec: 30 } })
  })

  it('counts an abandon once: offered while waiting, abandoned when the caller hangs up', () => {
    const b = board()
    expect(headline(b.at(3, [[0, ev.join()]]))).toMatchObject({ offered: 1, waiting: 1, abandoned: 0 })
    const r = b.at(30, [
      [25, ev.hangupRequest(CALLER)],
      [25, ev.abandon(25)],
      [25, ev.leave()],
      [25, ev.hangup(CALLER)],
    ])
    expect(headline(r)).toMatchObject({ offered: 1, answered: 0, waiting: 0, deciding: 0, abandoned: 1 })
    expect(r.today.queues[Q]?.abandonRatePct).toBe(100)
  })

  it('keeps a caller who left the queue as offered while its outcome is being decided', () => {
    const b = board()
    const deciding = b.at(120.5, [
      [0, ev.join()],
      [120, ev.abandon(120)],
      [120, ev.leave()],
    ])
    expect(headline(deciding)).toMatchObject({
      offered: 1,
      waiting: 0,
      deciding: 1,
      abandoned: 0,
      timedOut: 0,
    })
    // Nothing happened within the grace period: the caller went on in the dialplan, a timeout.
    expect(headline(b.at(125))).toMatchObject({
      offered: 1,
      waiting: 0,
      deciding: 0,
      abandoned: 0,
      timedOut: 1,
    })
  })
})

describe('a call across a window boundary', () => {
  // The builders' clock starts at 12:00 Istanbul; the caller joins at 14:59:40 and is answered at 15:01:10.
  const JOIN = 3 * 3600 - 20
  const ANSWER = JOIN + 90

  it('counts in the minute and the 5-minute slot it joined, in progress and finished alike', () => {
    const b = board()
    const slotOf = (r: StatsReport, hhmm: string) =>
      r.trend.find((s) => new Date(s.from).toISOString().slice(11, 16) === hhmm)?.queues[Q]
    const talking = b.at(ANSWER + 30, [
      [JOIN, ev.join()],
      [ANSWER, ev.connect(90)],
    ])
    const finished = b.at(ANSWER + 90, [[ANSWER + 60, ev.complete(60)]])
    for (const r of [talking, finished]) {
      // 14:55 Istanbul is 11:55 UTC.
      expect(slotOf(r, '11:55')).toMatchObject({ offered: 1, answered: 1, asaSec: 90 })
      expect(slotOf(r, '12:00')).toBeUndefined()
      expect(r.last15.queues[Q]).toMatchObject({ offered: 1, answered: 1 })
    }
    expect(talking.last15.queues[Q]?.talkingNow).toBe(1)
    expect(finished.last15.queues[Q]?.talkingNow).toBe(0)
    // Fifteen minutes after the join minute, the call has left the 15-minute window.
    const later = b.at(JOIN + 20 + 15 * 60)
    expect(later.last15.queues[Q]).toBeUndefined()
    expect(later.last60.queues[Q]).toMatchObject({ offered: 1, answered: 1 })
  })

  it("counts a call waiting since before midnight in yesterday's numbers, not today's", () => {
    const b = board()
    // 12:00 Istanbul + 12 h = 00:00 the next day.
    const midnight = 12 * 3600
    const r = b.at(midnight + 30, [[midnight - 10, ev.join()]])
    expect(r.today.queues[Q]).toBeUndefined()
    expect(r.last15.queues[Q]).toMatchObject({ offered: 1, waitingNow: 1 })
  })
})

describe('hundreds of calls in progress, as an overloaded queue holds', () => {
  it('counts each in the windows its join minute falls in, as counting them one by one does', () => {
    // 00:20 Istanbul: the last two hours cross midnight; two queues, every phase, some waits unknown.
    const now = Date.UTC(2026, 11, 7, 21, 20, 0)
    const calls = Array.from({ length: 700 }, (_, i) => ({
      queue: i % 3 === 0 ? 'santral' : Q,
      enteredAt: now - ((i * 7919) % 7_200_000),
      phase: i % 4 === 0 ? ('talking' as const) : i % 7 === 0 ? ('deciding' as const) : ('waiting' as const),
      waitSec: i % 4 === 0 && i % 8 !== 0 ? (i % 50) + 0.537 : null,
    }))
    const live: LiveInputs = { ...NO_LIVE_INPUTS, calls }
    const report = computeStats(createStatsAccumulator(config), now, live)
    const oneByOne = (from: number, to: number) =>
      statsOver([], [], from, to, config, calls, Math.floor(to / 60_000) * 60_000 + 59_999).queues
    expect(report.last15.queues).toEqual(oneByOne(report.last15.from, now))
    expect(report.last60.queues).toEqual(oneByOne(report.last60.from, now))
    expect(report.today.queues).toEqual(oneByOne(report.today.from, now))
    for (const slot of report.trend)
      expect(slot.queues).toEqual(oneByOne(slot.from, slot.from + 5 * 60_000 - 1))
    // Most of them are yesterday's: the waiting line crossed midnight.
    expect(report.today.queues[Q]?.offered).toBeLessThan(report.last60.queues[Q]?.offered ?? 0)
  })
})

describe('a call taken over from a snapshot after a restart', () => {
  const live = (waitSec: number | null): LiveInputs => ({
    ...NO_LIVE_INPUTS,
    calls: [{ queue: Q, enteredAt: sec(0), phase: 'talking', waitSec }],
  })

  it('counts as answered; its unknown wait stays out of ASA and SL until it ends', () => {
    const unknown = computeStats(createStatsAccumulator(config), sec(60), live(null)).today.queues[Q]
    expect(unknown).toMatchObject({ offered: 1, answered: 1, talkingNow: 1, asaSec: null })
    expect(unknown?.serviceLevelPct).toBeNull()
    const known = computeStats(createStatsAccumulator(config), sec(60), live(30)).today.queues[Q]
    expect(known).toMatchObject({ offered: 1, answered: 1, asaSec: 30, serviceLevelPct: 0 })
  })

  it('leaves a state whose caller is talking with no AgentConnect seen with an unknown wait', () => {
    const state: TelephonyState = given([[0, ev.join()]])
    const call = [...state.queueCalls.values()][0]
    if (call === undefined) throw new Error('no queue call')
    takeOverTalkingCall(state, call, sec(50)) // what adoptInProgressCalls and applySnapshot do
    expect(liveInputsOf(state, sec(60)).calls).toEqual([
      { queue: Q, enteredAt: sec(0), phase: 'talking', waitSec: null },
    ])
  })
})
