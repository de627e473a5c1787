/**
 * `npm run bench -- failover [--calls 24] [--nodes 3]`: the same scripted traffic twice on a PBX
 * simulator with a fixed seed, each time through N Pano node processes on a fresh PostgreSQL database
 * and Redis (docs/cluster.md). In the second run the node holding the PBX is killed with SIGKILL while
 * calls are in progress. Prints one JSON line:
 *   {"bench":"failover","takeover_ms","calls","lost_calls","duplicate_calls","duplicate_pops","stats_equal",…}
 * takeover_ms: SIGKILL → another node's health says it holds the PBX and the connection is live.
 * lost_calls: calls the PBX finished that are not stored; duplicate_calls: stored more than once;
 * duplicate_pops: ring pops an agent's screen got more than once for one call; stats_equal: every
 * surviving node's queue counters equal the run without failover and the PBX's own tally.
 */
import { parseArgs } from 'node:util'
import { io, type Socket } from 'socket.io-client'
import type { HealthView } from '../server/http/routes/health.ts'
import { createPbxSimulator, type PbxSimulator } from '../telephony/index.ts'
import {
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../test/support/process-cluster.ts'
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.ts'

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '24' }, nodes: { type: 'string', default: '3' } },
})
const CALLS = Number(values.calls)
const NODES = Number(values.nodes)
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'
const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5']

interface Counters {
  offered: number
  answered: number
  abandoned: number
}
interface RunResult {
  calls: number
  stored: number
  lost: number
  lostDetail: unknown[]
  duplicates: number
  duplicatePops: number
  takeoverMs: number | null
  stats: Record<string, Counters[]>
  truth: Record<string, Counters>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    try {
      const v = await read()
      if (ok(v)) return v
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await sleep(50)
  }
}

async function signIn(node: NodeProcess, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (res.status !== 204) throw new Error(`sign-in ${username}: ${res.status}`)
  return (
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('pano_session='))
      ?.split(';')[0] ?? ''
  )
}

async function health(node: NodeProcess, cookie: string): Promise<HealthView> {
  const r = await fetch(`${node.url}/api/v1/health`, { headers: { cookie } })
  return (await r.json()) as HealthView
}

const liveHolder = (v: HealthView) => v.pbx[0]?.state === 'connected' && v.pbx[0]?.cluster?.thisNode === true

/** The scripted traffic: answered calls spread over the agents, and callers who give up. */
function placeCalls(sim: PbxSimulator, tag: number): void {
  for (let i = 0; i < CALLS; i++) {
    const abandon = i % 4 === 3
    setTimeout(() => {
      sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: `0532${String(tag)}${String(i).padStart(5, '0')}`,
        ringMember: `Local/100${(i % 5) + 1}@agents/n`,
        ...(abandon
          ? { answer: false, patienceMs: 2_500 }
          : { answer: 800 + (i % 3) * 400, talkMs: 3_000 + (i % 4) * 500 }),
      })
    }, i * 500).unref()
  }
}

async function run(kill: boolean): Promise<RunResult> {
  const db: TestDatabase = await createTestDatabase()
  const sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 42, noise: 'none' })
  let cluster: ProcessCluster | undefined
  const sockets: Socket[] = []
  try {
    cluster = startProcessCluster({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      pbxs: [
        {
          id: 'demo',
          host: sim.host,
          port: sim.port,
          username: 'dashboard',
          secret: 'dashboard-secret',
          auth: 'plain',
        },
      ],
      env: { PBX_LEASE_TTL_MS: '3000', LOG_LEVEL: 'error' },
    })
    const nodes = [await cluster.start('n0')]
    for (let i = 1; i < NODES; i++) nodes.push(await cluster.start(`n${i}`))
    const admin = await signIn(nodes[0] as NodeProcess, 'admin')
    const holderOf = async () => {
      const views = await Promise.all(nodes.map((n) => health(n, admin)))
      return nodes[views.findIndex(liveHolder)]
    }
    const holder = await eventually(holderOf, (h) => h !== undefined, 'a live holder')
    // Each agent's screen on a node that is not the holder (the pops cross the Redis adapter).
    const followers = nodes.filter((n) => n !== holder)
    const pops = new Map<string, number>()
    for (const [i, agent] of AGENTS.entries()) {
      const node = followers[i % followers.length] ?? holder
      if (node === undefined) throw new Error('no node for the agent')
      const socket = io(node.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: await signIn(node, agent) },
      })
      socket.on('desk:pop', (p: { popId: string; phase: string; match: string }) => {
        if (p.phase === 'ringing' && p.match === 'pending') pops.set(p.popId, (pops.get(p.popId) ?? 0) + 1)
      })
      sockets.push(socket)
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    }
    const start = Date.now()
    placeCalls(sim, kill ? 1 : 2)
    let takeoverMs: number | null = null
    let killedAt: number | undefined
    if (kill && holder !== undefined) {
      await sleep(CALLS * 250)
      killedAt = Date.now()
      await cluster.kill(holder, 'SIGKILL')
      nodes.splice(nodes.indexOf(holder), 1)
      const cookie = await signIn(nodes[0] as NodeProcess, 'admin')
      await eventually(
        async () => (await Promise.all(nodes.map((n) => health(n, cookie)))).some(liveHolder),
        (ok) => ok,
        'a new holder',
      )
      takeoverMs = Date.now() - killedAt
    }
    await sleep(Math.max(0, CALLS * 500 + 1_000 - (Date.now() - start)))
    // Each call rings one given agent of five, so beyond about 24 calls the agents fall behind and the
    // PBX needs longer than the placing to finish them (96 calls: 143 s in all, 49 s of placing).
    await eventually(
      () => Promise.resolve(sim.channels().length),
      (n) => n === 0,
      'every call over',
      Math.max(60_000, CALLS * 1_500),
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}; ${sim.channels().length} channels still up on the PBX`)
    })
    const truthCalls = sim.groundTruth().calls.filter((c) => c.endedAt !== undefined)
    const cookie = await signIn(nodes[0] as NodeProcess, 'admin')
    await eventually(
      () => db.prisma.call.count(),
      (n) => n >= truthCalls.length,
      'stored calls',
      15_000,
    ).catch(() => 0)
    await sleep(1_000)
    const rows = await db.prisma.call.findMany({ select: { linkedId: true } })
    const stored = new Set(rows.map((r) => r.linkedId))
    const stats: Record<string, Counters[]> = {}
    for (const n of nodes) {
      const r = await fetch(`${n.url}/api/v1/queues`, { headers: { cookie } })
      const { queues } = (await r.json()) as { queues: Array<Counters & { name: string }> }
      for (const q of queues)
        (stats[q.name] ??= []).push({ offered: q.offered, answered: q.answered, abandoned: q.abandoned })
    }
    const truth: Record<string, Counters> = {}
    for (const [name, t] of Object.entries(sim.groundTruth().byQueue))
      truth[name] = { offered: t.offered, answered: t.answered, abandoned: t.abandoned }
    return {
      calls: truthCalls.length,
      stored: rows.length,
      lost: truthCalls.filter((c) => !stored.has(c.linkedid)).length,
      lostDetail: truthCalls
        .filter((c) => !stored.has(c.linkedid))
        .map((c) => ({
          outcome: c.outcome,
          joined: c.joinedAt - (killedAt ?? start),
          ended: (c.endedAt ?? 0) - (killedAt ?? start),
        })),
      duplicates: rows.length - stored.size,
      duplicatePops: [...pops.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      takeoverMs,
      stats,
      truth,
    }
  } finally {
    for (const s of sockets) s.disconnect()
    await cluster?.close()
    await sim.close()
    await db.drop()
  }
}

const baseline = await run(false)
const failover = await run(true)
const same = (a: Counters | undefined, b: Counters | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.offered === b.offered &&
  a.answered === b.answered &&
  a.abandoned === b.abandoned
const statsEqual = Object.entries(failover.truth).every(
  ([queue, t]) =>
    same(t, baseline.truth[queue]) &&
    (failover.stats[queue] ?? []).every((s) => same(s, t)) &&
    (baseline.stats[queue] ?? []).every((s) => same(s, t)),
)
console.log(
  JSON.stringify({
    bench: 'failover',
    takeover_ms: failover.takeoverMs,
    calls: failover.calls,
    lost_calls: failover.lost,
    duplicate_calls: failover.duplicates,
    duplicate_pops: failover.duplicatePops,
    lost: failover.lostDetail,
    stats_equal: statsEqual,
    nodes: NODES,
    baseline: { calls: baseline.calls, lost_calls: baseline.lost, duplicate_pops: baseline.duplicatePops },
    truth: failover.truth,
    stats: failover.stats,
  }),
)
process.exit(0)
