/**
 * Refused socket handshakes are counted in Redis when it is configured (server/auth/auth-stores.ts):
 * an address that spreads random TV keys over two nodes behind the load balancer is stopped after
 * HANDSHAKE_FAILURES_PER_MINUTE refusals in all, not that many on each node, and then neither node reads
 * another key from it; the counter lives under the run's Redis prefix like every other shared key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HANDSHAKE_FAILURES_PER_MINUTE } from '../../../server/realtime/auth-guard.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { startCluster, type Cluster, type PanoNode } from './two-nodes-harness.ts'

let db: TestDatabase
let cluster: Cluster
let a: PanoNode
let b: PanoNode

beforeAll(async () => {
  db = await createTestDatabase()
  cluster = await startCluster(db)
  a = await cluster.start('A', { seedDemo: true })
  b = await cluster.start('B', { sim: { seed: 11, startAt: Date.now() - 3_600_000 } })
}, 60_000)

afterAll(async () => {
  await cluster?.close()
  await db?.drop()
})

/** 'connected' or the code of the refusal a TV key gets from `node`. */
async function handshakeCode(node: PanoNode, token: string): Promise<string> {
  try {
    await cluster.socket(node, { token })
    return 'connected'
  } catch (err) {
    return (err as Error & { data?: { code?: string } }).data?.code ?? (err as Error).message
  }
}

const badKey = (i: number) => `bogus-tv-key-${String(i).padStart(8, '0')}`

describe('refused handshakes over two nodes', () => {
  it('stop an address after the limit counted on both nodes together', async () => {
    const half = HANDSHAKE_FAILURES_PER_MINUTE / 2
    for (let i = 0; i < half; i++) expect(await handshakeCode(a, badKey(i))).toBe('unauthorized')
    for (let i = half; i < HANDSHAKE_FAILURES_PER_MINUTE; i++)
      expect(await handshakeCode(b, badKey(i))).toBe('unauthorized')

    // Each node saw only half the limit; together they have seen all of it.
    expect(await handshakeCode(a, badKey(1000))).toBe('too_many_attempts')
    expect(await handshakeCode(b, badKey(1001))).toBe('too_many_attempts')
    expect(await cluster.keys('socket-handshake*')).toHaveLength(1)
  })
})
