/**
 * Queue alerts with two Pano node processes over one PBX simulator, one PostgreSQL database and Redis
 * (docs/alerts.md §7, ADR 021), with the demo's rule (the call centre alerts at 4 waiting): the müdür is
 * told once whichever node their page is on, and when the node holding the PBX is killed while the
 * queue is still red, the node that takes over does not tell it again; it clears it when the callers go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueAlertHistoryView, QueueAlertView } from '../../../server/contract/queue-alerts.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import {
  simulatorPbx,
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../../support/process-cluster.ts'
import { get, holderOf, signIn } from '../../support/node-http.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'
import { REDIS_URL } from '../realtime/two-nodes-harness.ts'

const LONG = 60_000

let db: TestDatabase
let sim: PbxSimulator
let cluster: ProcessCluster
const sockets: TestSocket[] = []

function alertsOn(socket: TestSocket) {
  const seen = { raised: [] as QueueAlertView[], cleared: [] as QueueAlertView[] }
  const on = (event: string, listener: (a: QueueAlertView) => void) =>
    (socket.on as (this: TestSocket, e: string, l: (a: QueueAlertView) => void) => unknown).call(
      socket,
      event,
      listener,
    )
  on('queue-alert:raised', (a) => seen.raised.push(a))
  on('queue-alert:cleared', (a) => seen.cleared.push(a))
  return seen
}

beforeAll(async () => {
  db = await createTestDatabase()
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 33, noise: 'none' })
  cluster = startProcessCluster({
    databaseUrl: db.url,
    redisUrl: REDIS_URL,
    pbxs: [simulatorPbx(sim)],
    env: { PBX_LEASE_TTL_MS: '3000' },
  })
  await cluster.start('A')
  await cluster.start('B')
}, 120_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await cluster?.close()
  await sim?.close()
  await db?.drop()
}, 60_000)

describe('queue alerts on two nodes', () => {
  it(
    'tell the müdür once, on either node, and not again after the holder dies',
    async () => {
      const nodes = [...cluster.nodes]
      const admin = await signIn(nodes[0] as NodeProcess, 'admin')
      const holder = await holderOf(nodes, admin)
      const follower = nodes.find((n) => n !== holder) as NodeProcess
      const onFollower = alertsOn(
        await openTestSocket(follower.url, { cookie: (await signIn(follower, 'mudur')).cookie }, sockets),
      )
      const onHolder = alertsOn(
        await openTestSocket(holder.url, { cookie: (await signIn(holder, 'mudur')).cookie }, sockets),
      )

      const callers = [1, 2, 3, 4].map((i) =>
        sim.placeCall({
          queue: 'cagri-merkezi',
          callerNumber: `05324440${i}00`,
          answer: false,
          patienceMs: 80_000,
        }),
      )
      await until(
        () => [onFollower.raised, onHolder.raised],
        (lists) => lists.every((l) => l.length > 0),
        'both pages to be told',
        LONG,
      )
      const mudur = await signIn(follower, 'mudur')
      const history = await get<QueueAlertHistoryView>(follower, '/queue-alerts', mudur)
      expect(history.items.map((a) => [a.queue, a.metric, a.value])).toEqual([
        ['cagri-merkezi', 'waiting', 4],
      ])

      // The holder dies while the queue is still red; the follower takes the PBX over.
      await cluster.kill(holder, 'SIGKILL')
      expect(await holderOf([follower], admin)).toBe(follower)
      for (const c of callers) sim.hangup(c.channel)
      await until(
        () => onFollower.cleared,
        (c) => c.length > 0,
        'the alert to clear',
        LONG,
      )
      expect(onFollower.raised).toHaveLength(1)
      const after = await get<QueueAlertHistoryView>(follower, '/queue-alerts', mudur)
      expect(after.items).toHaveLength(1)
      expect(after.items[0]?.clearedAt).not.toBeNull()
    },
    LONG * 3,
  )
})
