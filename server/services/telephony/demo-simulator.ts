/**
 * The built-in PBX of the embedded default (DESIGN §2.7, issue 5 item 6): the simulator on a loopback
 * port, in real time, with a lively call centre so the boards move as soon as `npm start` is up —
 * several calls a minute on cagri-merkezi, a few on santral, agents pausing with the directorate's
 * reasons, some abandons and transfers.
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
    ratePerMinute: { 'cagri-merkezi': ratePerMinute, santral: Math.max(0.5, ratePerMinute / 3) },
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
