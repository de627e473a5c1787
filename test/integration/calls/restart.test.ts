/**
 * The restart test: a simulator scenario runs in fast virtual time through the bridge
 * and the call recorder into PostgreSQL; the server's telephony is torn down and built again on the
 * same database; /api/v1/queues shows the same numbers, no call is counted twice (one in progress
 * across the restart included), and the totals equal what the simulator did.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import type { AgentView, QueueView } from '../../../server/contract/views.ts'
import { seedDatabase } from '../../../server/db/index.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import {
  createPbxSimulator,
  DEMO_PBX_ID,
  type PbxSimulator,
  type TelephonyBridge,
} from '../../../telephony/index.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { advanceTogether, eventually } from '../telephony/bridge-support.ts'

let h: AuthHarness
let sim: PbxSimulator
let current: TelephonyService | null = null
let supervisor: { cookie: string; csrfToken: string }

/** Thursday 26 Nov 2026, 10:00 in Istanbul. */
const START = Date.parse('2026-11-26T07:00:00Z')

beforeAll(async () => {
  h = await createAuthHarness('postgres', { deps: { telephony: () => current } })
  await seedDatabase(h.prisma, { demo: true })
  supervisor = await h.signIn('supervisor')
  sim = await createPbxSimulator({
    clock: 'virtual',
    startAt: START,
    seed: 20261126,
    noise: 'none',
    scenario: {
      ratePerMinute: { 'cagri-merkezi': 4, santral: 1.5 },
      talkTime: { meanSec: 60, sdSec: 30 },
      abandonProbability: 0.2,
      patienceMeanSec: 20,
      transferProbability: 0.1,
      pauses: { perAgentPerHour: 3, reasons: ['Mola', 'Yemek arası', 'Toplantı'], meanSec: 120 },
      durationMs: 20 * 60_000,
    },
  })
}, 60_000)

afterAll(async () => {
  await current?.close()
  await sim.close()
  await h.close()
})

async function startTelephony(): Promise<{ service: TelephonyService; bridge: TelephonyBridge }> {
  const service = await createTelephonyService({
    config: loadConfig({ DATABASE_URL: 'postgresql://unused/unused', SIMULATOR: 'off' }),
    prisma: h.prisma,
    logger: captureLogger().logger,
    simulator: sim,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0, reconnectInitialMs: 20 },
  })
  const bridge = service.pbxs.get(DEMO_PBX_ID)?.bridge
  if (bridge === undefined) throw new Error('no bridge for the simulator')
  await eventually('live', () => bridge.getStatus().phase === 'live', 20_000)
  current = service
  return { service, bridge }
}

async function getQueues(): Promise<QueueView[]> {
  const res = await request(h.app).get('/api/v1/queues').set('cookie', supervisor.cookie)
  expect(res.status).toBe(200)
  return (res.body as { queues: QueueView[] }).queues
}

async function getAgents(): Promise<AgentView[]> {
  const res = await request(h.app).get('/api/v1/agents').set('cookie', supervisor.cookie)
  expect(res.status).toBe(200)
  return (res.body as { agents: AgentView[] }).agents
}

const byName = (queues: QueueView[], name: string) => queues.find((q) => q.name === name)

/** The queue view without the figures made of answered calls' waits (ASA and SL). */
function withoutWaitFigures(q: QueueView) {
  const strip = <T extends { serviceLevelPct: unknown }>(m: T) => ({
    ...m,
    asaSec: 'unknown',
    serviceLevelPct: 'unknown',
  })
  return {
    ...strip(q),
    trend: q.trend.map(strip),
    windows: {
      today: strip(q.windows.today),
      last15: strip(q.windows.last15),
      last60: strip(q.windows.last60),
    },
  }
}

describe('server restart in the middle of the day', () => {
  it('shows the same numbers after the restart, counts no call twice, and matches the simulator', async () => {
    const a = await startTelephony()
    await advanceTogether(sim, [a.bridge], 32 * 60_000, 250)
    // One call stays in progress across the restart.
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05329998877', answer: 2000, talkMs: 5 * 60_000 })
    await advanceTogether(sim, [a.bridge], 10_000, 250)
    a.bridge.tick()
    await a.service.recorder.whenIdle()
    const before = await getQueues()
    const agentsBefore = await getAgents()
    const storedBefore = await h.prisma.call.count()
    expect(byName(before, 'cagri-merkezi')?.offered).toBeGreaterThan(50)
    expect(byName(before, 'cagri-merkezi')?.abandoned).toBeGreaterThan(0)
    expect(byName(before, 'cagri-merkezi')?.agents.onCall).toBe(1)
    // Offered and answered count the call in progress from its join and its AgentConnect; it is not stored yet.
    expect(before.map((q) => q.waiting)).toEqual(before.map(() => 0))
    expect(storedBefore + 1).toBe(before.reduce((n, q) => n + q.offered, 0))

    await a.service.close()
    current = null
    const b = await startTelephony()
    const after = await getQueues()
    // The call taken over mid-talk is counted as offered and answered, but Asterisk does not say when it
    // was answered: until it ends its wait stays out of ASA and SL of its queue. Everything else is equal.
    expect(byName(after, 'santral')).toEqual(byName(before, 'santral'))
    expect(after.map(withoutWaitFigures)).toEqual(before.map(withoutWaitFigures))
    // Agents: same counts; an open pause restarts from Asterisk's LastPause (whole seconds).
    const agentsAfter = await getAgents()
    expect(agentsAfter.map((x) => [x.interface, x.answeredToday, x.missedToday, x.talkSecToday])).toEqual(
      agentsBefore.map((x) => [x.interface, x.answeredToday, x.missedToday, x.talkSecToday]),
    )
    for (const [i, x] of agentsAfter.entries())
      expect(Math.abs(x.pausedSecToday - (agentsBefore[i]?.pausedSecToday ?? 0))).toBeLessThan(1.5)

    // The call that was in progress finishes under the new server and is stored once.
    await advanceTogether(sim, [b.bridge], 6 * 60_000, 500)
    b.bridge.tick()
    await b.service.recorder.whenIdle()
    expect(b.service.recorder.counters).toMatchObject({ callsInserted: 1, callsDuplicate: 0 })
    const final = await getQueues()
    // Its end changes neither offered nor answered (the stored call replaces the call in progress), and
    // with its wait known again today's ASA and SL are those from before the restart.
    const todayFigures = (q: QueueView | undefined) => [
      q?.offered,
      q?.answered,
      q?.asaSec,
      q?.serviceLevelPct,
    ]
    expect(todayFigures(byName(final, 'cagri-merkezi'))).toEqual(
      todayFigures(byName(before, 'cagri-merkezi')),
    )

    // Equal to what the simulator did, call by call stored once.
    const truth = sim.groundTruth()
    for (const name of ['cagri-merkezi', 'santral']) {
      const t = truth.byQueue[name]
      const q = byName(final, name)
      expect(t?.inProgress).toBe(0)
      expect([q?.offered, q?.answered, q?.abandoned, q?.timedOut, q?.transferred]).toEqual([
        t?.offered,
        t?.answered,
        t?.abandoned,
        t?.timeout,
        t?.transferred,
      ])
    }
    const rows = await h.prisma.call.findMany({ select: { callKey: true, linkedId: true } })
    expect(rows).toHaveLength(truth.calls.length)
    expect(new Set(rows.map((r) => r.linkedId))).toEqual(new Set(truth.calls.map((c) => c.linkedid)))
  }, 240_000)
})
