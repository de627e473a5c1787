/**
 * A santral transfer outlives the node it was started on (docs/cluster.md): the operator's browser is
 * on the node that does not hold the PBX, which follows the transfer; that node is killed (SIGKILL)
 * while the unit still rings. The other node takes the transfer on once its lease runs out, sees the
 * unit answer, and records the outcome, so the day's list and the unit figures do not keep it open for
 * ever. Two node processes over one PBX simulator, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import {
  simulatorPbx,
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../../support/process-cluster.ts'
import { eventually, get, holderOf, signIn } from '../../support/node-http.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { REDIS_URL } from '../realtime/two-nodes-harness.ts'

let db: TestDatabase
let sim: PbxSimulator
let cluster: ProcessCluster

beforeAll(async () => {
  db = await createTestDatabase()
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 43, noise: 'none' })
  cluster = startProcessCluster({
    databaseUrl: db.url,
    redisUrl: REDIS_URL,
    pbxs: [simulatorPbx(sim)],
  })
  await cluster.start('A')
  await cluster.start('B')
}, 120_000)

afterAll(async () => {
  await cluster?.close()
  await sim?.close()
  await db?.drop()
}, 60_000)

describe('a santral transfer whose node dies', () => {
  it('is followed on by the other node and decided there', { timeout: 90_000 }, async () => {
    const nodes = [...cluster.nodes]
    const admin = await signIn(nodes[0] as NodeProcess, 'admin')
    const holder = await holderOf(nodes, admin)
    const follower = nodes.find((n) => n !== holder) as NodeProcess
    const santral1 = await signIn(follower, 'santral1')
    const mudur = await signIn(holder, 'mudur')
    const zabita = await db.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    // Zabıta picks up 8 s after its phone starts ringing: after the follower is gone.
    sim.setExtensionBehaviour('2002', 'answer', { answerAfterMs: 8_000, talkMs: 60_000 })

    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05321114003',
      ringMember: 'Local/3001@operators/n',
      answer: 100,
      talkMs: 120_000,
    })
    const key = `demo/${placed.linkedid}`
    await eventually(
      () => get<SwitchboardSnapshot>(follower, '/switchboard', santral1),
      (s) => s.calls.some((c) => c.key === key && c.state === 'talking' && c.transferable),
      'santral1 talking to the caller, seen on the follower',
    )
    const res = await fetch(`${follower.url}/api/v1/switchboard/transfers`, {
      method: 'POST',
      headers: {
        cookie: santral1.cookie,
        'x-csrf-token': santral1.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ call: key, extensionId: zabita.id, kind: 'blind' }),
    })
    expect(res.status).toBe(200)
    const transferId = ((await res.json()) as { transfer: { id: number } }).transfer.id
    await cluster.kill(follower, 'SIGKILL')
    expect(await db.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } })).toMatchObject({
      outcome: 'PENDING',
    })

    const row = await eventually(
      () => db.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } }),
      (t) => t.outcome !== 'PENDING',
      'the transfer decided by the surviving node',
    )
    expect(row.outcome).toBe('ANSWERED')
    expect(row.answeredAt).not.toBeNull()
    // The müdür's console on the surviving node says so too.
    const console = await eventually(
      () => get<SwitchboardSnapshot>(holder, '/switchboard', mudur),
      (s) => s.transfers.some((t) => t.id === transferId && t.outcome === 'ANSWERED'),
      'the answered transfer on the surviving node',
    )
    expect(console.transfers.find((t) => t.id === transferId)).toMatchObject({ targetExten: '2002' })
  })
})
