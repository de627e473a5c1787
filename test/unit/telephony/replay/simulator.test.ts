import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { statsConfig } from '../../../../telephony/stats/config.ts'
import { liveInputsOf } from '../../../../telephony/stats/live.ts'
import { computeStats, rebuildStats } from '../../../../telephony/stats/report.ts'
import { driveSimulator, OUTCOME_OF_TRUTH, type Driven } from './sim-driver.ts'

const STATS = statsConfig({ queues: { 'cagri-merkezi': { wrapUpSec: 5 }, santral: { serviceLevelSec: 30 } } })

function compareWithTruth(d: Driven) {
  const truth = d.engine.pbx.truth.snapshot()
  const mine = new Map(d.finished.map((c) => [c.callKey, c]))
  return truth.calls
    .filter((t) => t.outcome !== undefined)
    .map((t) => {
      const c = mine.get(t.uniqueid)
      return {
        id: t.uniqueid,
        outcome: [OUTCOME_OF_TRUTH[t.outcome as string], c?.outcome],
        agent: [t.memberName ?? null, c?.agentName],
        waitOk: c !== undefined && Math.abs((t.waitSec ?? 0) - c.waitSec) < 0.01,
        talkOk: c !== undefined && Math.abs((t.talkSec ?? 0) - (c.talkSec ?? 0)) < 0.01,
      }
    })
}

describe('Pano against the PBX simulator (ground truth)', () => {
  it('classifies every call of a busy 30-minute scenario as the simulator did, with its wait and talk time', () => {
    const d = driveSimulator(
      {
        seed: 3,
        leaveWhenEmpty: true,
        scenario: {
          ratePerMinute: 4,
          durationMs: 30 * 60_000,
          exitWithKeyProbability: 0.05,
          pauses: { perAgentPerHour: 2, reasons: ['Mola', 'Yemek'], meanSec: 120 },
        },
      },
      STATS,
    )
    d.run(45 * 60_000)
    const rows = compareWithTruth(d)
    expect(rows.length).toBeGreaterThan(100)
    const outcomes = new Set(rows.map((r) => r.outcome[0]))
    // The scenario exercises every outcome Pano has to tell apart.
    expect(outcomes).toEqual(
      new Set(['ANSWERED', 'TRANSFERRED', 'ABANDONED', 'TIMEOUT', 'EXIT_EMPTY', 'EXIT_KEY']),
    )
    for (const r of rows) {
      expect(r.outcome[1], r.id).toBe(r.outcome[0])
      expect(r.agent[1], r.id).toBe(r.agent[0])
      expect([r.id, r.waitOk, r.talkOk]).toEqual([r.id, true, true])
    }
    expect(d.counts.errors).toBe(0)
    const truth = d.engine.pbx.truth.snapshot()
    const today = computeStats(d.acc, d.engine.pbx.now, liveInputsOf(d.state, d.engine.pbx.now)).today
    for (const [queue, t] of Object.entries(truth.byQueue)) {
      expect(today.queues[queue]).toMatchObject({
        offered: t.offered,
        answered: t.answered,
        transferred: t.transferred,
        abandoned: t.abandoned,
        timedOut: t.timeout,
        exitEmpty: t.exitEmpty,
        exitKey: t.exitWithKey,
      })
    }
    const truthPauseSec = truth.pauses.reduce((s, p) => s + (p.durationSec ?? 0), 0)
    const myPauseSec = Object.values(today.agents).reduce((s, a) => s + a.pausedSec, 0)
    expect(myPauseSec).toBeCloseTo(truthPauseSec, 0)
  })

  it('rebuilds exactly the live statistics from the finished calls and pause intervals', () => {
    const d = driveSimulator(
      {
        seed: 11,
        scenario: {
          ratePerMinute: 3,
          durationMs: 90 * 60_000,
          pauses: { perAgentPerHour: 3, reasons: ['Mola', 'Eğitim'], meanSec: 300 },
        },
      },
      STATS,
    )
    d.run(80 * 60_000)
    const now = d.engine.pbx.now
    const live = liveInputsOf(d.state, now)
    const openPauses = [...d.state.pauses].map(([iface, p]) => ({
      pbxId: 'sim',
      memberInterface: iface,
      memberName: p.memberName,
      reason: p.reason,
      startedAt: new Date(p.since),
      endedAt: null,
    }))
    const liveStats = computeStats(d.acc, now, live)
    expect(liveStats.last60.pbx.offered).toBeGreaterThan(50)
    // Calls are in progress at this moment: the rebuilt numbers take them from the same live state.
    expect(liveStats.today.pbx.talkingNow + liveStats.today.pbx.waitingNow).toBeGreaterThan(0)
    expect(rebuildStats([...d.finished].reverse(), [...d.pauses, ...openPauses], now, STATS, live)).toEqual(
      liveStats,
    )
    // Memory does not follow finished calls: at most 61 minute buckets and two days are kept.
    expect(d.acc.minutes.size).toBeLessThanOrEqual(63)
    expect(d.acc.days.size).toBeLessThanOrEqual(2)
  })

  it(
    'holds the accounting identities for any random traffic, stopped at any moment',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.record({
            seed: fc.integer({ min: 1, max: 1_000_000 }),
            rate: fc.integer({ min: 1, max: 8 }),
            abandon: fc.double({ min: 0, max: 0.5, noNaN: true }),
            noAnswer: fc.double({ min: 0, max: 0.5, noNaN: true }),
            exitKey: fc.double({ min: 0, max: 0.2, noNaN: true }),
            transfer: fc.double({ min: 0, max: 0.3, noNaN: true }),
            leaveWhenEmpty: fc.boolean(),
            noise: fc.constantFrom('none' as const, 'sparse' as const),
            callerStyle: fc.constantFrom('local' as const, 'trunk' as const),
            // Mid-traffic (calls waiting, talking, just left) or after everything ended.
            stopAfterMs: fc.integer({ min: 60_000, max: 12 * 60_000 }),
          }),
          (p) => {
            const d = driveSimulator(
              {
                seed: p.seed,
                leaveWhenEmpty: p.leaveWhenEmpty,
                noise: p.noise,
                callerStyle: p.callerStyle,
                queueTimeoutSec: 60,
                scenario: {
                  ratePerMinute: p.rate,
                  durationMs: 8 * 60_000,
                  abandonProbability: p.abandon,
                  ringNoAnswerProbability: p.noAnswer,
                  exitWithKeyProbability: p.exitKey,
                  transferProbability: p.transfer,
                  pauses: { perAgentPerHour: 4, reasons: ['Mola'], meanSec: 90 },
                },
              },
              STATS,
            )
            d.run(p.stopAfterMs)
            const now = d.engine.pbx.now
            const today = computeStats(d.acc, now, liveInputsOf(d.state, now)).today
            // offered = answered + abandoned + timedOut + exitEmpty + exitKey + waiting now + deciding now
            for (const q of Object.values(today.queues)) {
              const ended = q.answered + q.abandoned + q.timedOut + q.exitEmpty + q.exitKey
              expect(q.offered).toBe(ended + q.waitingNow + q.decidingNow)
              expect(q.talkingNow).toBeLessThanOrEqual(q.answered)
              expect(q.transferred).toBeLessThanOrEqual(q.answered - q.talkingNow)
              expect(q.shortAbandoned).toBeLessThanOrEqual(q.abandoned)
            }
            // Offered and answered move when the simulator's callers join and are connected.
            const truth = d.engine.pbx.truth.snapshot()
            for (const [queue, t] of Object.entries(truth.byQueue))
              expect([queue, today.queues[queue]?.offered, today.queues[queue]?.answered]).toEqual([
                queue,
                t.offered,
                t.answered,
              ])
            // Agents count finished calls: Σ agent answered = answered − talking now.
            const agents = Object.values(today.agents)
            expect(agents.reduce((s, a) => s + a.answered, 0)).toBe(today.pbx.answered - today.pbx.talkingNow)
            expect(agents.reduce((s, a) => s + a.talkSec * 10, 0)).toBeCloseTo(today.pbx.talkSec * 10, -1)
            const stored = new Set(d.finished.map((c) => c.callKey))
            const missed = truth.calls
              .filter((c) => stored.has(c.uniqueid))
              .reduce((s, c) => s + Object.values(c.missedRings).reduce((x, y) => x + y, 0), 0)
            expect(agents.reduce((s, a) => s + a.missed, 0)).toBe(missed)
            for (const r of compareWithTruth(d).filter((r) => stored.has(r.id)))
              expect(r.outcome[1], r.id).toBe(r.outcome[0])
          },
        ),
        { numRuns: 15 },
      )
    },
  )
})
