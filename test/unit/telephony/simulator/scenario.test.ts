/** The scenario engine in virtual time: reproducible from a seed, ground truth consistent with the events. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPbxEngine } from '../../../../telephony/simulator/engine.ts'
import type { SimEvent } from '../../../../telephony/simulator/pbx.ts'
import type { ScenarioOptions } from '../../../../telephony/simulator/scenario.ts'

const MINUTE = 60_000

function run(seed: number, scenario: ScenarioOptions, extra: { leaveWhenEmpty?: boolean } = {}) {
  const events: SimEvent[] = []
  const engine = createPbxEngine({ clock: 'virtual', seed, noise: 'none', scenario, ...extra }, (e) =>
    events.push(e),
  )
  const duration = scenario.durationMs ?? 10 * MINUTE
  // Let every call that started finish: queue timeout 120 s, long talks, transfers.
  engine.virtual?.runFor(duration + 60 * MINUTE)
  engine.stopScenario()
  return { truth: engine.pbx.truth.snapshot(), events, engine }
}

const count = (events: SimEvent[], name: string): number =>
  events.filter((e) => e.fields[0]?.[1] === name).length

const BUSY_DAY: ScenarioOptions = {
  ratePerMinute: { 'cagri-merkezi': 6, santral: 2 },
  talkTime: { meanSec: 60, sdSec: 40 },
  abandonProbability: 0.2,
  patienceMeanSec: 20,
  transferProbability: 0.2,
  exitWithKeyProbability: 0.05,
  ringNoAnswerProbability: 0.15,
  pauses: { perAgentPerHour: 2, reasons: ['Mola', 'Toplantı'], meanSec: 120 },
  durationMs: 10 * MINUTE,
}

describe('scenario engine', () => {
  it('gives the same calls for the same seed and different calls for another seed', () => {
    const a = run(42, BUSY_DAY).truth
    const b = run(42, BUSY_DAY).truth
    const c = run(43, BUSY_DAY).truth
    expect(a.calls.length).toBeGreaterThan(20)
    expect(b).toEqual(a)
    expect(c.calls.map((x) => x.callerNumber)).not.toEqual(a.calls.map((x) => x.callerNumber))
  })

  it('offers roughly the configured rate per queue', () => {
    const { truth } = run(7, { ratePerMinute: { 'cagri-merkezi': 6, santral: 0 }, durationMs: 60 * MINUTE })
    // Poisson with mean 360: ±20 % is more than 3.5 standard deviations.
    expect(truth.byQueue['cagri-merkezi']?.offered).toBeGreaterThan(288)
    expect(truth.byQueue['cagri-merkezi']?.offered).toBeLessThan(432)
    expect(truth.byQueue.santral).toBeUndefined()
  })

  it('ground truth adds up and matches the events for every seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), (seed, leaveWhenEmpty) => {
        const scenario: ScenarioOptions = {
          ...BUSY_DAY,
          durationMs: 4 * MINUTE,
          pauses: { perAgentPerHour: 20, reasons: ['Mola'], meanSec: 60 },
        }
        const { truth, events, engine } = run(seed, scenario, { leaveWhenEmpty })
        for (const [, t] of Object.entries(truth.byQueue)) {
          expect(t.inProgress).toBe(0)
          expect(t.offered).toBe(t.answered + t.abandoned + t.timeout + t.exitEmpty + t.exitWithKey)
        }
        const sum = (k: 'offered' | 'answered' | 'abandoned' | 'timeout' | 'exitEmpty') =>
          Object.values(truth.byQueue).reduce((n, t) => n + t[k], 0)
        expect(count(events, 'QueueCallerJoin')).toBe(sum('offered'))
        expect(count(events, 'AgentConnect')).toBe(sum('answered'))
        expect(count(events, 'AgentComplete')).toBe(sum('answered'))
        expect(count(events, 'QueueCallerAbandon')).toBe(sum('abandoned') + sum('timeout') + sum('exitEmpty'))
        expect(count(events, 'QueueCallerLeave')).toBe(sum('offered'))
        for (const call of truth.calls) {
          expect(call.endedAt).toBeGreaterThanOrEqual(call.joinedAt)
          expect(call.waitSec).toBeGreaterThanOrEqual(0)
          expect(call.waitSec).toBeLessThanOrEqual(120)
          if (call.memberName === undefined) expect(call.talkSec).toBeUndefined()
          else expect(call.talkSec).toBeGreaterThan(0)
        }
        for (const p of truth.pauses)
          if (p.endedAt !== undefined) expect(p.durationSec).toBe((p.endedAt - p.startedAt) / 1000)
        // Everything hung up at the end: no channel or bridge left behind.
        expect(engine.pbx.channels.size).toBe(0)
        expect(engine.pbx.bridges.size).toBe(0)
      }),
      { numRuns: 4 },
    )
  })

  it('reports missed rings per member when agents do not answer', () => {
    const { truth } = run(5, {
      ratePerMinute: { 'cagri-merkezi': 4, santral: 0 },
      ringNoAnswerProbability: 0.5,
      durationMs: 5 * MINUTE,
    })
    const missed = truth.calls.flatMap((c) => Object.values(c.missedRings)).reduce((a, b) => a + b, 0)
    expect(missed).toBeGreaterThan(0)
  })
})
