/**
 * The demo's built-in PBX must look like a working day to a newcomer: service level mostly on target,
 * with a breach now and then, never every tile red. Four simulated hours of the default load, in
 * virtual time, through Pano's own decode → reduce → statistics.
 */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import { lively } from '../../../server/services/telephony/demo-simulator.ts'
import { statsConfig } from '../../../telephony/stats/config.ts'
import { statsOver } from '../../../telephony/stats/report.ts'
import { waveFactor } from '../../../telephony/simulator/scenario.ts'
import { driveSimulator } from '../telephony/replay/sim-driver.ts'

const HOUR = 3_600_000
const QUARTER = 15 * 60_000

describe('the demo load', () => {
  it('keeps the service level mostly on target with breaches now and then', () => {
    const rate = loadConfig({}).simulator.ratePerMinute
    const config = statsConfig({
      queues: {
        'cagri-merkezi': { serviceLevelSec: 20, shortAbandonSec: 5, wrapUpSec: 5 },
        santral: { serviceLevelSec: 30, shortAbandonSec: 5, wrapUpSec: 0 },
      },
    })
    const run = driveSimulator({ seed: 11, noise: 'none', scenario: lively(rate) }, config)
    const start = run.engine.pbx.now
    run.run(4 * HOUR)

    const day = statsOver(run.finished, [], start, start + 4 * HOUR, config).queues['cagri-merkezi']
    expect(day?.offered).toBeGreaterThan(250)
    expect(day?.serviceLevelPct).toBeGreaterThanOrEqual(78)
    expect(day?.abandonRatePct).toBeLessThan(8)

    const quarters: number[] = []
    for (let t = start; t < start + 4 * HOUR; t += QUARTER) {
      const sl = statsOver(run.finished, [], t, t + QUARTER, config).queues['cagri-merkezi']?.serviceLevelPct
      if (sl !== null && sl !== undefined) quarters.push(sl)
    }
    const breaches = quarters.filter((sl) => sl < 80).length
    expect(breaches).toBeGreaterThan(0)
    expect(breaches).toBeLessThan(quarters.length / 2)
  })

  it('rises and falls in waves with a rush', () => {
    const waves = lively(1).waves
    expect(waveFactor(undefined, 123_456)).toBe(1)
    const factors = Array.from({ length: 90 }, (_, minute) => waveFactor(waves, minute * 60_000))
    expect(Math.min(...factors)).toBeLessThan(0.85)
    expect(Math.max(...factors)).toBeGreaterThan(1.5)
  })
})
