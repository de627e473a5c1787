/**
 * Nodes stopped (SIGTERM, as systemd or an operator's restart does) while their Redis is away still
 * stop, cleanly and at once. node-redis holds every command until Redis comes back, QUIT included, so
 * a shutdown that waited on a lease release, an unsubscribe or a QUIT never ended, and each node
 * reconnected forever until killed (server/main.ts, server/auth/redis-connection.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HealthView } from '../../../server/http/routes/health.ts'
import { get, signIn } from '../../support/node-http.ts'
import type { NodeProcess, PrivateRedis, ProcessCluster } from '../../support/process-cluster.ts'
import { startSimulatedCluster, type SimulatedCluster } from '../../support/simulated-cluster.ts'

let c: SimulatedCluster
let redis: PrivateRedis
let cluster: ProcessCluster

beforeAll(async () => {
  c = await startSimulatedCluster({ seed: 5, nodes: [] })
  ;({ redis, cluster } = c)
}, 120_000)

afterAll(async () => {
  await c?.close()
}, 60_000)

it('stop on SIGTERM with exit code 0 while Redis is away, the PBX holder and the other alike', async () => {
  const first = await cluster.start('A')
  const second = await cluster.start('B')
  const admin = await signIn(first, 'admin')
  // Both are running as a cluster: one of them holds the PBX through Redis.
  for (;;) {
    const views = await Promise.all([first, second].map((n) => get<HealthView>(n, '/health', admin)))
    if (views.filter((v) => v.pbx[0]?.cluster?.thisNode === true).length === 1) break
    await new Promise((r) => setTimeout(r, 200))
  }
  await redis.stop()
  let codes: (number | null)[]
  try {
    codes = await Promise.all(
      [first, second].map(async (node: NodeProcess) => {
        // cluster.kill sends SIGKILL after 15 s: a node still waiting on Redis then ends with no code.
        await cluster.kill(node, 'SIGTERM')
        return node.exited
      }),
    )
  } finally {
    // The harness's own clean-up (its keys in Redis) needs Redis back.
    await redis.start()
  }
  expect(codes).toEqual([0, 0])
}, 120_000)
