/**
 * Three Pano node processes over one PBX simulator, one PostgreSQL database and a private Redis
 * (docs/cluster.md): one AMI login for all three; a screen pop reaches the agent once, whichever node
 * their browser is on; an operator's transfer sent to a node that does not hold the PBX reaches the PBX;
 * the holder killed with SIGKILL is replaced and no call is lost or doubled, and the statistics equal the
 * PBX's own; Redis restarted under the nodes, they carry on without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScreenPop } from '../../../server/contract/agent-desk.ts'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import type { PbxSimulator } from '../../../telephony/index.ts'
import type { NodeProcess, PrivateRedis, ProcessCluster } from '../../support/process-cluster.ts'
import { startSimulatedCluster, type SimulatedCluster } from '../../support/simulated-cluster.ts'
import { get, signIn, type Session } from '../../support/node-http.ts'
import type { TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'

let c: SimulatedCluster
let db: TestDatabase
let redis: PrivateRedis
let sim: PbxSimulator
let cluster: ProcessCluster
const sockets: TestSocket[] = []
const LONG = 60_000

/** Polls `read` (async) every 200 ms until `predicate` holds; throws naming `what` after `timeoutMs`. */
async function eventually<T>(
  read: () => Promise<T>,
  predicate: (v: T) => boolean,
  what: string,
  timeoutMs = LONG,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    try {
      last = await read()
      if (predicate(last)) return last
    } catch {
      // a node restarting or Redis away: ask again
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const health = async (node: NodeProcess, admin: Session) => get<HealthView>(node, '/health', admin)

/** Polls every node's health until all agree on one holder whose PBX is live; returns that holder. */
async function agreedHolder(admin: Session, nodes: readonly NodeProcess[]): Promise<NodeProcess> {
  const views = await eventually(
    () => Promise.all(nodes.map((n) => health(n, admin))),
    (views) => {
      const holders = new Set(views.map((v) => v.pbx[0]?.cluster?.holder ?? null))
      return (
        views.every((v) => v.pbx[0]?.state === 'connected') &&
        holders.size === 1 &&
        !holders.has(null) &&
        views.filter((v) => v.pbx[0]?.cluster?.thisNode === true).length === 1
      )
    },
    'every node to agree on one live holder',
  )
  const holder = nodes[views.findIndex((v) => v.pbx[0]?.cluster?.thisNode === true)]
  if (holder === undefined) throw new Error('no holder')
  return holder
}

function popsOn(socket: TestSocket): ScreenPop[] {
  const pops: ScreenPop[] = []
  ;(socket.on as (event: string, listener: (pop: ScreenPop) => void) => unknown)('desk:pop', (pop) => {
    pops.push(pop)
  })
  return pops
}

let admin: Session
let nodes: NodeProcess[]

beforeAll(async () => {
  // The demo directory's extensions belong to the PBX named `demo`, the simulator's.
  c = await startSimulatedCluster({ seed: 21, nodes: ['A', 'B', 'C'], env: { PBX_LEASE_TTL_MS: '3000' } })
  ;({ db, redis, sim, cluster, nodes } = c)
  admin = await signIn(nodes[0] as NodeProcess, 'admin')
}, 120_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await c?.close()
}, 60_000)

describe('three nodes over one PBX', () => {
  it(
    'make one AMI login between them, and every node serves the same live queues',
    async () => {
      await agreedHolder(admin, nodes)
      expect(sim.amiSessions()).toEqual({ logins: 1, loggedIn: 1 })
      for (const n of nodes) {
        const { queues } = await get<{ queues: Array<{ name: string; stale: boolean }> }>(n, '/queues', admin)
        expect(queues.map((q) => q.name).sort(), n.name).toEqual(['cagri-merkezi', 'santral'])
        expect(
          queues.every((q) => !q.stale),
          n.name,
        ).toBe(true)
      }
    },
    LONG,
  )

  it(
    'pop the call once on the agent’s screen, whichever node the agent is on',
    async () => {
      const holder = await agreedHolder(admin, nodes)
      for (const [i, node] of nodes
        .filter((n) => n !== holder)
        .concat(holder)
        .entries()) {
        const agent = await signIn(node, 'agent1')
        const socket = await openTestSocket(node.url, { cookie: agent.cookie }, sockets)
        const pops = popsOn(socket)
        const number = `053255500${i}0`
        sim.placeCall({
          queue: 'cagri-merkezi',
          callerNumber: number,
          ringMember: 'Local/1001@agents/n',
          answer: 1_500,
          talkMs: 400,
        })
        const e164 = `+90${number.slice(1)}`
        await until(
          () => pops.filter((p) => p.callerNumber === e164),
          (p) => p.some((x) => x.phase === 'wrap-up'),
          `the pop's wrap-up on ${node.name}`,
          LONG,
        )
        const mine = pops.filter((p) => p.callerNumber === e164)
        expect(new Set(mine.map((p) => p.popId)).size, node.name).toBe(1)
        expect(mine.filter((p) => p.phase === 'ringing' && p.match === 'pending').length, node.name).toBe(1)
        expect(mine.filter((p) => p.phase === 'wrap-up').length, node.name).toBe(1)
        socket.disconnect()
      }
    },
    LONG * 2,
  )

  it(
    "carry an operator's transfer from a node that does not hold the PBX to the PBX",
    async () => {
      const holder = await agreedHolder(admin, nodes)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const operator = await signIn(other, 'santral1')
      const placed = sim.placeCall({
        queue: 'santral',
        callerNumber: '05321234567',
        ringMember: 'Local/3001@operators/n',
        answer: 800,
        talkMs: 60_000,
      })
      const snap = await eventually(
        () => get<SwitchboardSnapshot>(other, '/switchboard', operator),
        (s) => s.calls.some((c) => c.callId === placed.linkedid && c.state === 'talking' && c.transferable),
        'the operator talking to the caller',
      )
      const call = snap.calls.find((c) => c.callId === placed.linkedid)
      const ext = await db.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
      const res = await fetch(`${other.url}/api/v1/switchboard/transfers`, {
        method: 'POST',
        headers: {
          cookie: operator.cookie,
          'x-csrf-token': operator.csrfToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ call: call?.key, extensionId: ext.id, kind: 'blind' }),
      })
      expect(res.status, await res.clone().text()).toBe(200)
      expect(((await res.json()) as { pbxMessage: string | null }).pbxMessage).toBe('Transfer succeeded')
      await until(
        () => sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)?.transfer,
        (t) => t !== undefined,
        'the PBX to transfer the call',
        LONG,
      )
      expect(sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)?.transfer).toMatchObject({
        kind: 'blind',
        target: '2002',
      })
    },
    LONG * 2,
  )

  it(
    'survive the holder’s SIGKILL: another node takes over, no call is lost or doubled, statistics equal the PBX',
    async () => {
      const holder = await agreedHolder(admin, nodes)
      const survivors = nodes.filter((n) => n !== holder)
      const survivorAdmin = await signIn(survivors[0] as NodeProcess, 'admin')
      for (let i = 0; i < 4; i++)
        sim.placeCall({
          queue: 'cagri-merkezi',
          callerNumber: `05329990${i}00`,
          answer: 600 + i * 300,
          talkMs: 4_000,
        })
      await until(
        () => sim.channels().length,
        (n) => n >= 4,
        'calls in progress',
        LONG,
      )
      await cluster.kill(holder, 'SIGKILL')
      nodes = survivors
      for (let i = 0; i < 3; i++)
        sim.placeCall({
          queue: 'cagri-merkezi',
          callerNumber: `05329991${i}00`,
          answer: 1_000,
          talkMs: 3_000,
        })
      const next = await agreedHolder(survivorAdmin, nodes)
      expect(next).not.toBe(holder)
      const view = await health(next, survivorAdmin)
      expect(view.pbx[0]?.cluster?.failovers).toBeGreaterThanOrEqual(1)

      const truthCalls = () =>
        sim.groundTruth().calls.filter((c) => c.queue === 'cagri-merkezi' && c.endedAt !== undefined)
      await until(
        () => sim.channels().length,
        (n) => n === 0,
        'every call over',
        LONG,
      )
      const expected = truthCalls().length
      await eventually(
        () => db.prisma.call.count({ where: { queue: 'cagri-merkezi' } }),
        (n) => n >= expected,
        `${expected} stored calls`,
        20_000,
      ).catch(() => undefined)
      const storedIds = new Set(
        (await db.prisma.call.findMany({ select: { linkedId: true } })).map((c) => c.linkedId),
      )
      expect(truthCalls().filter((c) => !storedIds.has(c.linkedid))).toEqual([])
      expect(await db.prisma.call.count({ where: { queue: 'cagri-merkezi' } })).toBe(expected)
      const keys = await db.prisma.call.findMany({
        select: { linkedId: true },
        where: { queue: 'cagri-merkezi' },
      })
      expect(new Set(keys.map((k) => k.linkedId)).size).toBe(keys.length)
      const tally = sim.groundTruth().byQueue['cagri-merkezi']
      for (const n of nodes) {
        const { queues } = await get<{ queues: Array<{ name: string; offered: number; answered: number }> }>(
          n,
          '/queues',
          survivorAdmin,
        )
        const q = queues.find((x) => x.name === 'cagri-merkezi')
        expect(q?.offered, n.name).toBe(tally?.offered)
        expect(q?.answered, n.name).toBe(tally?.answered)
      }
      expect(sim.amiSessions().loggedIn).toBe(1)
    },
    LONG * 3,
  )

  it(
    'recover from a Redis restart without restarting',
    async () => {
      await redis.stop()
      await redis.start()
      // Sessions lived in Redis, which kept nothing: sign in again once the node reaches it.
      const fresh = await eventually(
        () => signIn(nodes[0] as NodeProcess, 'admin'),
        () => true,
        'sign-in after the restart',
      )
      const holder = await agreedHolder(fresh, nodes)
      expect(nodes).toContain(holder)
      sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05327770000', answer: 500, talkMs: 500 })
      await eventually(
        () => db.prisma.call.count({ where: { callerNumber: '+905327770000' } }),
        (n) => n > 0,
        'the call after the restart stored',
      )
      expect(await db.prisma.call.count({ where: { callerNumber: '+905327770000' } })).toBe(1)
      expect(sim.amiSessions().loggedIn).toBe(1)
    },
    LONG * 2,
  )
})
