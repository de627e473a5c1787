/**
 * The setup most tests of several nodes share: a database of their own, a private Redis, one PBX
 * simulator with a fixed seed and real time, and node processes started on them: the first alone (it
 * seeds the demo users), the others together. `close` stops everything in the reverse order.
 *
 *   const c = await startSimulatedCluster({ seed: 17, nodes: ['A', 'B'], env: { PBX_LEASE_TTL_MS: '3000' } })
 */
import { createPbxSimulator, type PbxSimulator } from '../../telephony/index.ts'
import {
  simulatorPbx,
  startPrivateRedis,
  startProcessCluster,
  type NodeProcess,
  type PrivateRedis,
  type ProcessCluster,
} from './process-cluster.ts'
import { createTestDatabase, type TestDatabase } from './test-database.ts'

export interface SimulatedCluster {
  readonly db: TestDatabase
  readonly redis: PrivateRedis
  readonly sim: PbxSimulator
  readonly cluster: ProcessCluster
  /** The nodes in the order they were named. */
  readonly nodes: NodeProcess[]
  close(): Promise<void>
}

export async function startSimulatedCluster(options: {
  seed: number
  nodes: readonly string[]
  env?: Record<string, string>
}): Promise<SimulatedCluster> {
  const [db, redis, sim] = await Promise.all([
    createTestDatabase(),
    startPrivateRedis(),
    createPbxSimulator({ clock: 'real', speed: 1, seed: options.seed, noise: 'none' }),
  ])
  const cluster = startProcessCluster({
    databaseUrl: db.url,
    redisUrl: redis.url,
    pbxs: [simulatorPbx(sim)],
    ...(options.env === undefined ? {} : { env: options.env }),
  })
  const [first, ...rest] = options.nodes
  const nodes: NodeProcess[] = first === undefined ? [] : [await cluster.start(first)]
  nodes.push(...(await Promise.all(rest.map((name) => cluster.start(name)))))
  return {
    db,
    redis,
    sim,
    cluster,
    nodes,
    async close() {
      await cluster.close()
      await sim.close()
      await redis.stop()
      await db.drop()
    },
  }
}
