/**
 * The built-in PBX of the embedded default (docs/design.md §2.7): the simulator on a loopback port, in real
 * time, with a call centre that looks like a working day so the boards move as soon as `npm start` is
 * up: 1.6 calls a minute on average on cagri-merkezi for its 5 agents (a quarter of that on santral),
 * rising and falling in waves with a rush every 45 minutes, agents pausing with the directorate's
 * reasons, some abandons and transfers. Measured over 8 simulated hours (seeds 11, 12): service level
 * 83–89 % for the day, 4–8 of the 32 quarter-hours under 80 % (test/unit/server/demo-load.test.ts).
 * A steady 6 a minute, as before, kept every tile red (SL 1 %).
 */
import { AUTO_PAUSE_CODE, PAUSE_REASONS } from '../../../prisma/seed-data/pause-reasons.ts'
import {
  createPbxSimulator,
  type PbxSimulator,
  type PbxSimulatorOptions,
  type ScenarioOptions,
} from '../../../telephony/index.ts'

export const DEMO_AMI_USER = { username: 'pano-demo', secret: 'pano-demo-secret' } as const

export function lively(ratePerMinute: number): ScenarioOptions {
  return {
    ratePerMinute: { 'cagri-merkezi': ratePerMinute, santral: Math.max(0.3, ratePerMinute / 4) },
    waves: { periodMin: 40, depth: 0.25, rush: { everyMin: 45, lengthMin: 4, factor: 1.6 } },
    talkTime: { meanSec: 75, sdSec: 45 },
    ringSec: { min: 2, max: 6 },
    ringNoAnswerProbability: 0.08,
    abandonProbability: 0.12,
    patienceMeanSec: 35,
    transferProbability: 0.1,
    attendedShare: 0.3,
    callerHangupShare: 0.5,
    pauses: {
      perAgentPerHour: 2,
      reasons: PAUSE_REASONS.filter((r) => r.code !== AUTO_PAUSE_CODE).map((r) => r.code),
      meanSec: 150,
    },
  }
}

export function startDemoSimulator(
  settings: { speed: number; ratePerMinute: number },
  overrides: Partial<PbxSimulatorOptions> = {},
): Promise<PbxSimulator> {
  return createPbxSimulator({
    host: '127.0.0.1',
    port: 0,
    clock: 'real',
    speed: settings.speed,
    seed: Date.now() % 2_147_483_647,
    ...DEMO_AMI_USER,
    scenario: lively(settings.ratePerMinute),
    ...overrides,
  })
}
