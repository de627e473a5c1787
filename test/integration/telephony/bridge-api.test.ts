/**
 * The integration API over the telephony service, against the simulator over real TCP: who may call
 * which route, the supervisor's pause action (success, and the PBX's own error), live and stored calls,
 * and /health's PBX entry.
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
let service: TelephonyService
let bridge: TelephonyBridge
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    deps: { telephony: () => service, getPbxStatus: () => service.getPbxStatus() },
  })
  await seedDatabase(h.prisma, { demo: true })
  for (const role of ROLES) sessions[role] = await h.signIn(role)
  sim = await createPbxSimulator({
    clock: 'virtual',
    noise: 'none',
    seed: 3,
    // Today, 08:00 Istanbul: GET /calls lists the stored calls of the real today (a fixed date here made
    // the test fail on every later day).
    startAt: dayStartOf(Date.now(), statsConfig()) + 8 * 3_600_000,
  })
  service = await createTelephonyService({
    config: loadConfig({ DATABASE_URL: 'postgresql://unused/unused', SIMULATOR: 'off' }),
    prisma: h.prisma,
    logger: captureLogger().logger,
    simulator: sim,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0 },
  })
  const b = service.pbxs.get(DEMO_PBX_ID)?.bridge
  if (b === undefined) throw new Error('no bridge')
  bridge = b
  await eventually('live', () => bridge.getStatus().phase === 'live')
}, 60_000)

afterAll(async () => {
  await service.close()
  await sim.close()
  await h.close()
})

function as(role: Role | 'anonymous', method: 'get' | 'post', path: string, body?: object) {
  let req = request(h.app)[method](path)
  if (role !== 'anonymous')
    req = req.set('cookie', sessions[role].cookie).set('x-csrf-token', sessions[role].csrfToken)
  return body === undefined ? req : req.send(body)
}

const AGENT = 'Local/1004@agents/n'

describe('who may use the telephony routes', () => {
  const table: Array<[string, 'get' | 'post', string, readonly Role[]]> = [
    ['queues', 'get', '/api/v1/queues', ['supervisor', 'admin', 'agent', 'operator']],
    ['agents', 'get', '/api/v1/agents', ['supervisor', 'admin']],
    ['live calls', 'get', '/api/v1/calls?active=1', ['supervisor', 'admin']],
    ['stored calls', 'get', '/api/v1/calls', ['supervisor', 'admin']],
    ['pause', 'post', '/api/v1/agents/pause', ['supervisor']],
  ]
  for (const [name, method, path, allowed] of table) {
    it(`${name}: ${allowed.join(', ')} only`, async () => {
      // An invalid pause body: allowed roles get past the guard to the validation (400).
      const body = method === 'post' ? { interface: AGENT } : undefined
      expect((await as('anonymous', method, path, body)).status).toBe(401)
      for (const role of ROLES) {
        const res = await as(role, method, path, body)
        expect([role, res.status]).toEqual([
          role,
          allowed.includes(role) ? (method === 'post' ? 400 : 200) : 403,
        ])
      }
    })
  }
})

describe('supervisor pauses an agent', () => {
  it('pauses with a reason through the PBX, and the boards show it', async () => {
    const res = await as('supervisor', 'post', '/api/v1/agents/pause', {
      interface: AGENT,
      paused: true,
      reason: 'Toplantı',
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      pbxId: DEMO_PBX_ID,
      interface: AGENT,
      paused: true,
      reason: 'Toplantı',
      message: 'Interface paused successfully',
    })
    await bridge.flush()
    const agents = (await as('supervisor', 'get', '/api/v1/agents')).body as { agents: AgentView[] }
    expect(agents.agents.find((a) => a.interface === AGENT)).toMatchObject({
      name: 'Emre Şahin',
      state: 'paused',
      pauseReason: 'Toplantı',
    })
    const queues = (await as('agent', 'get', '/api/v1/queues')).body as { queues: QueueView[] }
    expect(queues.queues.find((q) => q.name === 'cagri-merkezi')?.pauseReasons).toEqual({ Toplantı: 1 })

    const back = await as('supervisor', 'post', '/api/v1/agents/pause', { interface: AGENT, paused: false })
    expect([back.status, (back.body as { message: string }).message]).toEqual([
      200,
      'Interface unpaused successfully',
    ])
    await bridge.flush()
    const after = (await as('supervisor', 'get', '/api/v1/agents')).body as { agents: AgentView[] }
    expect(after.agents.find((a) => a.interface === AGENT)?.state).toBe('available')
  })

  it("returns the PBX's refusal as 502 with its message", async () => {
    const res = await as('supervisor', 'post', '/api/v1/agents/pause', {
      interface: 'Local/1999@agents/n',
      paused: true,
      reason: 'Mola',
    })
    expect(res.status).toBe(502)
    expect(res.body).toMatchObject({
      error: { code: 'pbx_refused', kind: 'pbx_refused', details: { pbxMessage: 'Interface not found' } },
    })
    expect((res.body as { error: { message: string } }).error.message).toContain('Interface not found')
  })

  it('refuses bad input before anything reaches the PBX', async () => {
    for (const body of [
      { interface: 'Local/1004@agents/n\r\nAction: Originate', paused: true },
      { interface: AGENT, paused: 'yes' },
      { interface: AGENT, paused: true, reason: 'x'.repeat(81) },
      { interface: AGENT, paused: true, extra: 1 },
    ]) {
      const res = await as('supervisor', 'post', '/api/v1/agents/pause', body)
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400])
    }
  })
})

describe('calls', () => {
  it('lists a live call with its caller, then today’s stored call once it ended', async () => {
    sim.placeCall({ queue: 'santral', callerNumber: '02323681234', answer: 4000, talkMs: 10_000 })
    await advanceTogether(sim, [bridge], 1000)
    const live = (await as('supervisor', 'get', '/api/v1/calls?active=1')).body as { calls: CallView[] }
    expect(live.calls).toHaveLength(1)
    expect(live.calls[0]).toMatchObject({ queue: 'santral', phase: 'waiting', callerNumber: '+902323681234' })
    // The redacted snapshot (wallboards, kiosks) carries the call but nothing of the caller.
    const redacted = service.snapshot({ redacted: true })
    expect(redacted.calls).toHaveLength(1)
    expect(Object.keys(redacted.calls[0] ?? {})).not.toContain('callerNumber')
    expect(JSON.stringify(redacted)).not.toMatch(/2323681234/)
    const waiting = (await as('operator', 'get', '/api/v1/queues')).body as { queues: QueueView[] }
    expect(waiting.queues.find((q) => q.name === 'santral')).toMatchObject({ waiting: 1, label: 'Santral' })

    await advanceTogether(sim, [bridge], 20_000, 250)
    bridge.tick()
    await service.recorder.whenIdle()
    const stored = (await as('admin', 'get', '/api/v1/calls?pageSize=10')).body as {
      items: Array<{ queue: string; outcome: string; callerNumber: string }>
      total: number
    }
    expect(stored.total).toBe(1)
    expect(stored.items[0]).toMatchObject({
      queue: 'santral',
      // The queue as Raporlar › Bugünün çağrıları names it, not by its PBX name.
      queueLabel: 'Santral',
      outcome: 'ANSWERED',
      callerNumber: '+902323681234',
    })
    expect(((await as('admin', 'get', '/api/v1/calls?active=1')).body as { calls: unknown[] }).calls).toEqual(
      [],
    )
  })

  it('reports the PBX connection on /health to an admin', async () => {
    const res = await as('admin', 'get', '/api/v1/health')
    expect((res.body as { pbx: unknown[] }).pbx).toEqual([
      expect.objectContaining({ id: DEMO_PBX_ID, state: 'connected', simulated: true, decodeErrors: 0 }),
    ])
  })
})
