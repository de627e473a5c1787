/**
 * A santral call transferred while it still rings, by an operator whose browser is on the node that does
 * NOT hold the PBX (docs/cluster.md): the Redirect goes to the PBX through the holder, whose AMI client
 * notes it in the feed (telephony/connection/redirect-note.ts), so the holder records the call
 * TRANSFERRED and both nodes' santral figures count it transferred, not timed out nor abandoned. Two node
 * processes over one PBX simulator, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import type { QueueView } from '../../../server/contract/views.ts'
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
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 41, noise: 'none' })
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

describe('a ringing santral call transferred from the node that does not hold the PBX', () => {
  it('is recorded and counted as transferred on every node', { timeout: 90_000 }, async () => {
    const nodes = [...cluster.nodes]
    const admin = await signIn(nodes[0] as NodeProcess, 'admin')
    const holder = await holderOf(nodes, admin)
    const follower = nodes.find((n) => n !== holder) as NodeProcess
    const santral1 = await signIn(follower, 'santral1')
    const zabita = await db.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })

    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05321114002',
      ringMember: 'Local/3001@operators/n',
      answer: false,
      talkMs: 60_000,
    })
    const key = `demo/${placed.linkedid}`
    await eventually(
      () => get<SwitchboardSnapshot>(follower, '/switchboard', santral1),
      (s) => s.calls.some((c) => c.key === key && c.state === 'ringing' && c.transferable),
      'the call ringing santral1 on the follower',
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

    const row = await eventually(
      () => db.prisma.call.findFirst({ where: { linkedId: placed.linkedid } }),
      (r) => r !== null,
      'the stored call',
    )
    expect(row).toMatchObject({ queue: 'santral', outcome: 'TRANSFERRED', transferredTo: '2002' })
    for (const node of nodes) {
      const santral = await eventually(
        () => get<{ queues: QueueView[] }>(node, '/queues', admin),
        (b) =>
          b.queues.some((q) => q.name === 'santral' && q.offered === 1 && q.waitingNow + q.decidingNow === 0),
        `the santral figures on ${node.name}`,
      )
      expect(santral.queues.find((q) => q.name === 'santral')).toMatchObject({
        offered: 1,
        transferred: 1,
        abandoned: 0,
        timedOut: 0,
      })
    }
  })
})
