/**
 * What the boards say of the PBX as Asterisk has it, through HTTP against the simulator over real TCP:
 * an agent paused while talking (on a call AND paused), calls already talking when Pano starts (agent
 * rebuilt from the lists, unknown times marked, no inflated wait).
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import type { AgentView, CallView, QueueView } from '../../../server/contract/views.ts'
import { seedDatabase } from '../../../server/db/index.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import {
  createPbxSimulator,
  dayStartOf,
  DEMO_PBX_ID,
  statsConfig,
  type PbxSimulator,
  type TelephonyBridge,
} from '../../../telephony/index.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { advanceTogether, eventually } from './bridge-support.ts'

let h: AuthHarness
let sim: PbxSimulator
let service: TelephonyService | undefined
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    deps: {
      telephony: () => service as TelephonyService,
      getPbxStatus: () => service?.getPbxStatus() ?? [],
    },
  })
  await seedDatabase(h.prisma, { demo: true })
  for (const role of ROLES) sessions[role] = await h.signIn(role)
  sim = await createPbxSimulator({
    clock: 'virtual',
    noise: 'none',
    seed: 5,
    startAt: dayStartOf(Date.now(), statsConfig()) + 9 * 3_600_000,
  })
}, 60_000)

afterAll(async () => {
  await service?.close()
  await sim.close()
  await h.close()
})

/** Pano (re)starts against the simulator as it is now, and waits until it is live. */
async function startPano(): Promise<TelephonyBridge> {
  await service?.close()
  service = await createTelephonyService({
    config: loadConfig({ DATABASE_URL: 'postgresql://unused/unused', SIMULATOR: 'off' }),
    prisma: h.prisma,
    logger: captureLogger().logger,
    simulator: sim,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0 },
  })
  const bridge = service.pbxs.get(DEMO_PBX_ID)?.bridge
  if (bridge === undefined) throw new Error('no bridge')
  await eventually('live', () => bridge.getStatus().phase === 'live')
  return bridge
}

function as(role: Role, method: 'get' | 'post', path: string, body?: object) {
  const start = method === 'get' ? request(h.app).get(path) : request(h.app).post(path)
  const req = start.set('cookie', sessions[role].cookie).set('x-csrf-token', sessions[role].csrfToken)
  return body === undefined ? req : req.send(body)
}

const agents = async () =>
  ((await as('supervisor', 'get', '/api/v1/agents')).body as { agents: AgentView[] }).agents
const queues = async () =>
  ((await as('supervisor', 'get', '/api/v1/queues')).body as { queues: QueueView[] }).queues

const liveCalls = async () =>
  ((await as('supervisor', 'get', '/api/v1/calls?active=1')).body as { calls: CallView[] }).calls

const EMRE = 'Local/1004@agents/n'

describe('an agent paused while talking', () => {
  it('shows on the agent board and the queue tile as on a call and paused', async () => {
    const bridge = await startPano()
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321110001',
      ringMember: EMRE,
      answer: 1000,
      talkMs: 120_000,
    })
    await advanceTogether(sim, [bridge], 4000)
    expect((await agents()).find((a) => a.interface === EMRE)?.state).toBe('on-call')

    const paused = await as('supervisor', 'post', '/api/v1/agents/pause', {
      interface: EMRE,
      paused: true,
      reason: 'Mola',
    })
    expect(paused.status).toBe(200)
    await bridge.flush()

    expect((await agents()).find((a) => a.interface === EMRE)).toMatchObject({
      state: 'on-call',
      pauseReason: 'Mola',
    })
    const tile = (await queues()).find((q) => q.name === 'cagri-merkezi')
    expect(tile?.agents).toMatchObject({ onCall: 1, paused: 1, pausedOnCall: 1 })
    expect(tile?.pauseReasons).toEqual({ Mola: 1 })

    // The call ends: the agent is paused, no longer on a call.
    await advanceTogether(sim, [bridge], 125_000, 1000)
    expect((await agents()).find((a) => a.interface === EMRE)).toMatchObject({
      state: 'paused',
      pauseReason: 'Mola',
    })
    await as('supervisor', 'post', '/api/v1/agents/pause', { interface: EMRE, paused: false })
    await bridge.flush()
  })
})

describe('a call already talking when Pano starts', () => {
  it('shows its agent from the lists and marks the answer time unknown instead of the restart time', async () => {
    await service?.close()
    service = undefined
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321110002',
      ringMember: EMRE,
      answer: 3000,
      talkMs: 300_000,
    })
    await sim.advance(65_000) // Pano is away: a minute of talk it never saw
    const bridge = await startPano()

    const [call] = await liveCalls()
    expect(call).toMatchObject({
      phase: 'talking',
      queue: 'cagri-merkezi',
      agentName: 'Emre Şahin',
      agentInterface: EMRE,
      answeredAt: null,
      answeredAtUnknown: true,
      waitSec: null,
    })
    expect((await agents()).find((a) => a.interface === EMRE)).toMatchObject({
      state: 'on-call',
      since: null,
    })
    // The queue's wait figures are not inflated by the minute Pano did not see.
    expect((await queues()).find((q) => q.name === 'cagri-merkezi')).toMatchObject({
      waiting: 0,
      longestWaitSec: null,
    })

    // It ends: the stored call has the PBX's own talk and hold times.
    await advanceTogether(sim, [bridge], 245_000, 1000)
    bridge.tick()
    await (service as TelephonyService | undefined)?.recorder.whenIdle()
    const stored = await h.prisma.call.findFirstOrThrow({ where: { callerNumber: '+905321110002' } })
    expect(stored).toMatchObject({ outcome: 'ANSWERED', agentName: 'Emre Şahin' })
    expect(stored.waitSec).toBeLessThan(10)
    expect(stored.talkSec).toBeGreaterThan(290)
  })
})
