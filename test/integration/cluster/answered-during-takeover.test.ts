/**
 * A caller answered and finished while no node watches the PBX: the holder stalls (its process
 * stopped, so its lease runs out instead of being freed), the call is answered and ends, then the
 * holder dies and the other node takes over. The new holder's resync finds the caller gone; the PBX's
 * own counters (QueueParams `Completed`) say it was answered (telephony/state/resync-outcomes.ts), so
 * the call is stored once as ANSWERED, with nothing invented: no agent, answer time or talk, and the
 * day's figures keep counting it as the PBX does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, get, holderOf, signIn } from '../../support/node-http.ts'
import type { NodeProcess } from '../../support/process-cluster.ts'
import { startSimulatedCluster, type SimulatedCluster } from '../../support/simulated-cluster.ts'
import { until } from '../realtime/live-harness.ts'

let c: SimulatedCluster
const QUEUE = 'cagri-merkezi'

beforeAll(async () => {
  // The lease long enough that the call below starts and ends before the stalled holder's runs out.
  c = await startSimulatedCluster({ seed: 17, nodes: ['A', 'B'], env: { PBX_LEASE_TTL_MS: '8000' } })
}, 120_000)

afterAll(async () => {
  await c?.close()
}, 60_000)

type QueueFigures = { name: string; offered: number; answered: number; waiting: number }

describe('a call answered and ended while the holder stalls', () => {
  it('is stored once as ANSWERED without agent or times, and the figures equal the PBX', async () => {
    const { db, sim, cluster, nodes } = c
    const admin = await signIn(nodes[0] as NodeProcess, 'admin')
    const holder = await holderOf(nodes, admin)
    const other = nodes.find((n) => n !== holder) as NodeProcess
    const figures = async (): Promise<QueueFigures | undefined> =>
      (await get<{ queues: QueueFigures[] }>(other, '/queues', admin)).queues.find((q) => q.name === QUEUE)

    const placed = sim.placeCall({ queue: QUEUE, callerNumber: '05327770011', answer: 1_500, talkMs: 1_000 })
    // The other node has seen the caller waiting: the stall begins before the answer.
    const seen = await eventually(figures, (q) => q?.waiting === 1, 'the caller waiting', 10_000)
    holder.child.kill('SIGSTOP')
    await until(
      () => sim.channels().length,
      (n) => n === 0,
      'the call answered and over',
      10_000,
    )
    expect(sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)?.outcome).toBe('answered')
    await cluster.kill(holder, 'SIGKILL')

    await eventually(
      () => db.prisma.call.count({ where: { linkedId: placed.linkedid } }),
      (n) => n > 0,
      'the call stored',
    )
    const rows = await db.prisma.call.findMany({ where: { linkedId: placed.linkedid } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      outcome: 'ANSWERED',
      callerNumber: '+905327770011',
      answeredAt: null,
      talkSec: null,
      agentInterface: null,
    })
    // Its wait is only the part Pano saw, up to the last event before the stall: never more than the
    // 1.5 s it really waited.
    expect(rows[0]?.waitSec).toBeGreaterThanOrEqual(0)
    expect(rows[0]?.waitSec).toBeLessThan(1.5)

    const tally = sim.groundTruth().byQueue[QUEUE]
    expect(tally).toMatchObject({ offered: seen?.offered, answered: (seen?.answered ?? 0) + 1 })
    // Every node that is left counts it as the PBX did: offered once, answered once.
    const after = await eventually(figures, (q) => q?.waiting === 0, 'the figures after the takeover')
    expect(after).toMatchObject({ offered: tally?.offered, answered: tally?.answered })
  }, 90_000)
})
