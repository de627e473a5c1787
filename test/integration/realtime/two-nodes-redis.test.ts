/**
 * Two Pano nodes with REDIS_URL set, on one PostgreSQL database and the real Redis, each following its
 * own PBX simulator (ADR 006, "Several nodes"): a session made on one node works on the other, a kiosk
 * revoked through one node leaves the other, a screen pop made on one node reaches the agent's socket
 * on the other, and wallboard deltas stay per node — one stream, numbered without gaps, per node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScreenPop } from '../../../server/contract/agent-desk.ts'
import type { Ack, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { until, type TestSocket } from './live-harness.ts'
import { nextEvent, signIn, startCluster, type Cluster, type PanoNode } from './two-nodes-harness.ts'

let db: TestDatabase
let cluster: Cluster
let a: PanoNode
let b: PanoNode

beforeAll(async () => {
  db = await createTestDatabase()
  cluster = await startCluster(db)
  a = await cluster.start('A', { seedDemo: true })
  // Its own Uniqueids (`<epoch>.<seq>`): the two simulators must not name different calls alike.
  b = await cluster.start('B', { sim: { seed: 11, startAt: Date.now() - 3_600_000 } })
})

afterAll(async () => {
  await cluster?.close()
  await db?.drop()
})

/** Screen pops sent to `socket` (desk events are not in the live views' event map). */
function popsOn(socket: TestSocket): ScreenPop[] {
  const pops: ScreenPop[] = []
  ;(socket.on as (event: string, listener: (pop: ScreenPop) => void) => unknown)('desk:pop', (pop) => {
    pops.push(pop)
  })
  return pops
}

describe('a session', () => {
  it('made on node A works on node B, lives in Redis, and signing out on B ends it on A', async () => {
    const { cookie, csrfToken } = await signIn(a, 'mudur')
    const me = await fetch(`${b.url}/api/v1/auth/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { username: string }).username).toBe('mudur')
    const socket = await cluster.socket(b, { cookie })
    const identity = await socket.emitWithAck('session:identify')
    expect(identity).toMatchObject({ ok: true, data: { kind: 'user', role: 'supervisor' } })

    expect(await cluster.keys('session:*')).not.toEqual([])
    expect(await db.prisma.session.count()).toBe(0)

    const out = await fetch(`${b.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    })
    expect(out.status).toBe(204)
    expect((await fetch(`${a.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401)
  })
})

describe('a kiosk token revoked through node A', () => {
  it('disconnects the TV connected to node B at once and keeps it out', async () => {
    const admin = await signIn(a, 'admin')
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }
    const created = await fetch(`${a.url}/api/v1/kiosk-tokens`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Koridor TV', boards: ['queues'] }),
    })
    expect(created.status).toBe(201)
    const { id, token } = (await created.json()) as { id: number; token: string }
    const tv = await cluster.socket(b, { token })
    expect(await tv.emitWithAck('view:subscribe', { view: 'wallboard' })).toMatchObject({ ok: true })

    const gone = nextEvent<string>(tv, 'disconnect')
    const revoked = await fetch(`${a.url}/api/v1/kiosk-tokens/${id}`, { method: 'DELETE', headers })
    expect(revoked.status).toBe(200)
    expect(await gone).toBe('io server disconnect')
    await expect(cluster.socket(b, { token })).rejects.toThrow(/Oturum/)
  })
})

describe('a screen pop', () => {
  it('made by node A (its PBX rang the agent) reaches the agent signed in on node B', async () => {
    const { cookie } = await signIn(a, 'agent1')
    const desk = await cluster.socket(b, { cookie })
    const pops = popsOn(desk)

    a.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321112233',
      ringMember: 'Local/1001@agents/n',
      answer: 2_000,
      talkMs: 300,
    })
    const pop = await until(
      () => pops.find((p) => p.callerNumber === '+905321112233'),
      (p) => p !== undefined,
      'the pop on node B',
    )
    expect(pop?.queue).toBe('cagri-merkezi')
  })
})

describe('a node shutting down', () => {
  it("leaves the other nodes' clients connected", async () => {
    const c = await cluster.start('C', { sim: { seed: 13, startAt: Date.now() - 7_200_000 } })
    const { cookie } = await signIn(c, 'agent2')
    const desk = await cluster.socket(b, { cookie })
    const onC = await cluster.socket(c, { cookie })
    const reasons: string[] = []
    desk.on('disconnect', (reason) => reasons.push(reason))
    const pops = popsOn(desk)

    await cluster.stop(c)
    expect(onC.connected).toBe(false)
    // A push from node A through Redis after C's shutdown: by the time it arrives on this socket, B has
    // handled anything C published while closing.
    a.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05324445566',
      ringMember: 'Local/1002@agents/n',
      answer: 2_000,
      talkMs: 300,
    })
    await until(
      () => pops.some((p) => p.callerNumber === '+905324445566') || reasons.length > 0,
      (done) => done,
      'the pop on node B, or a disconnect',
    )
    expect(reasons).toEqual([])
    expect(desk.connected).toBe(true)
  })
})

/** A wallboard client: its snapshot and every delta it was sent after it. */
interface Board {
  readonly name: string
  readonly socket: TestSocket
  readonly snapshot: ViewSnapshot<'wallboard'>
  readonly deltas: ViewDelta<'wallboard'>[]
}

async function openBoard(name: string, node: PanoNode, cookie: string): Promise<Board> {
  const socket = await cluster.socket(node, { cookie })
  const deltas: ViewDelta<'wallboard'>[] = []
  socket.on('wallboard:changed', (d) => deltas.push(d))
  const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view: 'wallboard' })
  if (!answer.ok) throw new Error(answer.error.message)
  return { name, socket, snapshot: answer.data as ViewSnapshot<'wallboard'>, deltas }
}

/** An answered call on each node's PBX; resolves once each node has seen its call answered and ended. */
async function callOnBoth(tag: string): Promise<void> {
  await Promise.all(
    [a, b].map(async (node, i) => {
      node.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: `0532${tag}${i}`,
        answer: 800,
        talkMs: 1_000,
      })
      const mine = () => node.pano.telephony?.calls().find((c) => c.callerNumber === `+90532${tag}${i}`)
      await until(mine, (c) => c?.answeredAt != null, `the call answered on node ${node.name}`)
      await until(mine, (c) => c === undefined, `the call ended on node ${node.name}`)
    }),
  )
}

/** Waits until `board` has the delta carrying the room's current number on `node`. */
async function caughtUp(board: Board, node: PanoNode): Promise<void> {
  const broadcaster = node.pano.realtime.broadcaster()
  if (!broadcaster) throw new Error(`node ${node.name} has no broadcaster`)
  await until(
    () => board.deltas.filter((d) => d.stream === board.snapshot.stream).at(-1)?.seq ?? board.snapshot.seq,
    (seq) => seq === broadcaster.snapshotFor('wallboard', 'full').seq,
    `a board on node ${node.name} to catch up`,
  )
}

/** Every delta is from the snapshot's stream, numbered snapshot.seq + 1, + 2, … */
function expectOwnStreamWithoutGaps(board: Board): void {
  expect(board.deltas.length, board.name).toBeGreaterThan(1)
  expect(new Set(board.deltas.map((d) => d.stream)), board.name).toEqual(new Set([board.snapshot.stream]))
  const numbers = board.deltas.map((d) => d.seq)
  expect(numbers, board.name).toEqual(numbers.map((_, i) => board.snapshot.seq + 1 + i))
}

describe('wallboard deltas', () => {
  it("stay per node: each client gets its node's stream only, and a client moving to B restarts on B's", async () => {
    const { cookie } = await signIn(a, 'mudur')
    const onA = await openBoard('onA', a, cookie)
    const onB = await openBoard('onB', b, cookie)
    const mover = await openBoard('mover', a, cookie)
    expect(onA.snapshot.stream).not.toBe(onB.snapshot.stream)
    expect(mover.snapshot.stream).toBe(onA.snapshot.stream)

    await callOnBoth('111222')
    await Promise.all([caughtUp(onA, a), caughtUp(onB, b), caughtUp(mover, a)])
    for (const board of [onA, onB, mover]) expectOwnStreamWithoutGaps(board)

    // The load balancer sends the client to node B: a new stream there, then B's numbers only.
    mover.socket.disconnect()
    const seenOnB = onB.deltas.at(-1)?.seq ?? onB.snapshot.seq
    const moved = await openBoard('moved', b, cookie)
    expect(moved.snapshot.stream).toBe(onB.snapshot.stream)
    expect(moved.snapshot.seq).toBeGreaterThanOrEqual(seenOnB)
    const sentOnA = onA.deltas.length

    await callOnBoth('333444')
    await Promise.all([caughtUp(onA, a), caughtUp(onB, b), caughtUp(moved, b)])
    // Node A kept numbering its own stream meanwhile, and none of it reached the client now on B.
    expect(onA.deltas.length).toBeGreaterThan(sentOnA)
    for (const board of [onA, onB, moved]) expectOwnStreamWithoutGaps(board)
  })
})
