/**
 * Queue alerts with two Pano node processes over one PBX simulator, one PostgreSQL database and Redis
 * (docs/alerts.md §7, ADR 021), with the demo's rule (the call centre alerts at 4 waiting): the müdür is
 * told once whichever node their page is on, and when the node holding the PBX is killed while the
 * queue is still red, the node that takes over does not tell it again; it clears it when the callers go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueAlertHistoryView, QueueAlertView } from '../../../server/contract/queue-alerts.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import {
  simulatorPbx,
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../../support/process-cluster.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'
import { REDIS_URL } from '../realtime/two-nodes-harness.ts'

const LONG = 60_000

let db: TestDatabase
let sim: PbxSimulator
let cluster: ProcessCluster
const sockets: TestSocket[] = []

async function cookieOn(node: NodeProcess, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (res.status !== 204) throw new Error(`sign-in as ${username}: ${res.status}`)
  return (
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('pano_session='))
      ?.split(';')[0] ?? ''
  )
}

async function get<T>(node: NodeProcess, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${node.url}/api/v1${path}`, { headers: { cookie } })
  if (!res.ok) throw new Error(`GET ${path} on ${node.name}: ${res.status}`)
  return (await res.json()) as T
}

/** Polls (every 200 ms) until `predicate` holds. */
async function eventually<T>(read: () => Promise<T>, predicate: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + LONG
  for (;;) {
    try {
      const v = await read()
      if (predicate(v)) return v
    } catch {
      // a node taking over: ask again
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The node every given node names as the live holder of the PBX. */
async function holderOf(nodes: readonly NodeProcess[], cookie: string): Promise<NodeProcess> {
  const views = await eventually(
    () => Promise.all(nodes.map((n) => get<HealthView>(n, '/health', cookie))),
    (vs) =>
      vs.every((v) => v.pbx[0]?.state === 'connected') &&
      vs.filter((v) => v.pbx[0]?.cluster?.thisNode === true).length === 1,
    'one live holder',
  )
  const holder = nodes[views.findIndex((v) => v.pbx[0]?.cluster?.thisNode === true)]
  if (holder === undefined) throw new Error('no holder')
  return holder
}

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
      const adminCookie = await cookieOn(nodes[0] as NodeProcess, 'admin')
      const holder = await holderOf(nodes, adminCookie)
      const follower = nodes.find((n) => n !== holder) as NodeProcess
      const onFollower = alertsOn(
        await openTestSocket(follower.url, { cookie: await cookieOn(follower, 'mudur') }, sockets),
      )
      const onHolder = alertsOn(
        await openTestSocket(holder.url, { cookie: await cookieOn(holder, 'mudur') }, sockets),
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
      const cookie = await cookieOn(follower, 'mudur')
      const history = await get<QueueAlertHistoryView>(follower, '/queue-alerts', cookie)
      expect(history.items.map((a) => [a.queue, a.metric, a.value])).toEqual([
        ['cagri-merkezi', 'waiting', 4],
      ])

      // The holder dies while the queue is still red; the follower takes the PBX over.
      await cluster.kill(holder, 'SIGKILL')
      expect(await holderOf([follower], adminCookie)).toBe(follower)
      for (const c of callers) sim.hangup(c.channel)
      await until(
        () => onFollower.cleared,
        (c) => c.length > 0,
        'the alert to clear',
        LONG,
      )
      expect(onFollower.raised).toHaveLength(1)
      const after = await get<QueueAlertHistoryView>(follower, '/queue-alerts', cookie)
      expect(after.items).toHaveLength(1)
      expect(after.items[0]?.clearedAt).not.toBeNull()
    },
    LONG * 3,
  )
})
