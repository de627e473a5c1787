/**
 * The santral's directory over two nodes (docs/cluster.md, "What an admin changes"): a unit's search
 * words saved by an admin on one node, and a presence note an operator leaves there, reach the console
 * of an operator whose browser is on the other node, without a restart. Two node processes over one PBX
 * simulator, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchDirectory, type DirectoryView } from '../../../server/contract/switchboard.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import { eventually, get, signIn, write } from '../../support/node-http.ts'
import {
  simulatorPbx,
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../../support/process-cluster.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { REDIS_URL } from '../realtime/two-nodes-harness.ts'

let db: TestDatabase
let sim: PbxSimulator
let cluster: ProcessCluster

beforeAll(async () => {
  db = await createTestDatabase()
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 52, noise: 'none' })
  cluster = startProcessCluster({ databaseUrl: db.url, redisUrl: REDIS_URL, pbxs: [simulatorPbx(sim)] })
  await cluster.start('A')
  await cluster.start('B')
}, 120_000)

afterAll(async () => {
  await cluster?.close()
  await sim?.close()
  await db?.drop()
}, 60_000)

describe('the santral directory on two nodes', () => {
  it('shows an edit made through one node on the other node’s console', { timeout: 90_000 }, async () => {
    const a = cluster.nodes[0] as NodeProcess
    const b = cluster.nodes[1] as NodeProcess
    const onA = await signIn(a, 'santral1')
    const adminOnB = await signIn(b, 'admin')
    const directoryOnA = () => get<DirectoryView>(a, '/directory', onA)
    const temizlik = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'temizlik-isleri' } })
    const line = await db.prisma.extension.findFirstOrThrow({ where: { number: '2003' } })
    // Node A has read the directory already: what follows must reach it, not be read for the first time.
    expect(searchDirectory((await directoryOnA()).entries, 'çöp')[0]?.id).toBe(line.id)

    const saved = await write(b, 'PATCH', `/directory/units/${temizlik.id}`, adminOnB, {
      searchWords: 'pet şişe, çöp',
    })
    expect(saved.status).toBe(200)
    await eventually(
      directoryOnA,
      (d) => searchDirectory(d.entries, 'pet şi')[0]?.id === line.id,
      'the new search word on node A',
    )

    const noted = await write(b, 'PUT', `/directory/extensions/${line.id}/presence`, adminOnB, {
      note: 'Öğle arası, 13:30’da dönecek',
    })
    expect(noted.status).toBe(204)
    await eventually(
      directoryOnA,
      (d) => d.entries.find((e) => e.id === line.id)?.presenceNote === 'Öğle arası, 13:30’da dönecek',
      'the presence note on node A',
    )
  })
})
