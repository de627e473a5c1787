/**
 * Two node processes over one PBX simulator (docs/cluster.md, "Wallboards"; ADR 023): the node holding
 * the PBX draws the boards once and both nodes' screens show its one numbered stream, the same board;
 * a threshold saved and an agent's interface changed through the other node reach the holder's boards;
 * a web application taken by the other node is on the holder's board at once; a Redis restart under
 * both; the holder killed, the board on the
 * survivor moves to the new holder's stream and goes on counting.
 */
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ViewFeed } from '../../../client/src/lib/live/view-feed.ts'
import type { Ack, LiveViewData, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import type { QueueThresholdsView } from '../../../server/contract/events.ts'
import type { PowChallenge } from '../../../server/contract/intake.ts'
import { solveChallenge } from '../../../server/domain/intake/proof-of-work.ts'
import type { AgentView, QueueView } from '../../../server/contract/views.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import type { PbxSimulator } from '../../../telephony/index.ts'
import { eventually, get, holderOf, signIn, write, type Session } from '../../support/node-http.ts'
import type { NodeProcess, PrivateRedis, ProcessCluster } from '../../support/process-cluster.ts'
import { startSimulatedCluster, type SimulatedCluster } from '../../support/simulated-cluster.ts'
import { VALID_FIELDS } from '../intake/public-form-support.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'

let c: SimulatedCluster
let redis: PrivateRedis
let sim: PbxSimulator
let cluster: ProcessCluster
let nodes: NodeProcess[]
let admin: Session
const sockets: TestSocket[] = []
const LONG = 90_000

beforeAll(async () => {
  c = await startSimulatedCluster({ seed: 33, nodes: ['A', 'B'], env: { PBX_LEASE_TTL_MS: '3000' } })
  ;({ redis, sim, cluster, nodes } = c)
  admin = await signIn(nodes[0] as NodeProcess, 'admin')
}, 120_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await c?.close()
}, 60_000)

interface Board {
  feed: ViewFeed<'wallboard'>
  data: () => LiveViewData['wallboard'] | null
  deltas: ViewDelta[]
}

/** The müdür's queue board on `node`, as the browser keeps it (the client's own ViewFeed). */
async function openBoard(node: NodeProcess, who: Session | { token: string }): Promise<Board> {
  const auth = 'token' in who ? { token: who.token } : { cookie: who.cookie }
  const socket = await openTestSocket(node.url, auth, sockets)
  let data: LiveViewData['wallboard'] | null = null
  const deltas: ViewDelta[] = []
  const feed = new ViewFeed(socket, 'wallboard', {
    onData: (u) => (data = u.data),
    onDelta: (d) => deltas.push(d),
  })
  feed.start()
  await until(
    () => feed.status,
    (s) => s === 'live',
    `the board on ${node.name} to be live`,
  )
  return { feed, data: () => data, deltas }
}

/** The stream and number a fresh subscriber on `node` is given. */
async function streamOn(node: NodeProcess, session: Session): Promise<ViewSnapshot> {
  const socket = await openTestSocket(node.url, { cookie: session.cookie }, sockets)
  const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view: 'wallboard' })
  socket.disconnect()
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.data
}

const callCentre = (board: Board): QueueView | undefined =>
  board.data()?.queues.find((q) => q.name === 'cagri-merkezi')

function placeAnsweredCalls(tag: string, count: number): void {
  for (let i = 0; i < count; i++)
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: `0532${tag}${i}`, answer: 300, talkMs: 300 })
}

describe('boards over two nodes and one PBX', () => {
  it(
    'are drawn by the holder once: one stream on both nodes, the same board, thresholds saved anywhere',
    async () => {
      const holder = await holderOf(nodes, admin)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const mudur = await signIn(other, 'mudur')
      const [onHolder, onOther] = [await openBoard(holder, mudur), await openBoard(other, mudur)]
      const [fromHolder, fromOther] = [await streamOn(holder, mudur), await streamOn(other, mudur)]
      expect(fromOther.stream).toBe(fromHolder.stream)
      // Health says which node draws them, and that the other asked it for its subscribers' versions.
      const [healthHolder, healthOther] = await Promise.all(
        [holder, other].map((n) => get<HealthView>(n, '/health', admin)),
      )
      expect(healthHolder?.realtime.boards).toMatchObject({ drawnHere: true, snapshotsFailed: 0 })
      expect(healthHolder?.realtime.boards?.snapshotsGiven).toBeGreaterThanOrEqual(2)
      expect(healthOther?.realtime.boards).toMatchObject({ drawnHere: false, snapshotsFailed: 0 })
      expect(healthOther?.realtime.boards?.snapshotsAsked).toBeGreaterThanOrEqual(2)

      const before = callCentre(onHolder)?.offered ?? 0
      placeAnsweredCalls('4440', 3)
      await until(
        () => [callCentre(onHolder), callCentre(onOther)],
        (qs) => qs.every((q) => q?.offered === before + 3 && q.answered >= 3 && q.waiting === 0),
        'three answered calls on both boards',
        LONG,
      )
      // Both screens applied the same numbered deltas of one stream, none skipped, none refused.
      for (const board of [onHolder, onOther]) {
        expect(new Set(board.deltas.map((d) => d.stream))).toEqual(new Set([fromHolder.stream]))
        expect(board.feed.stats.gaps).toBe(0)
      }
      // Numbers and boards read in one turn: a delta arriving between two reads (the 5 s refresh moves
      // the PBX's event age) would compare one number's board with the next one's.
      const same = await until(
        () => ({
          seqs: [onHolder.feed.seq, onOther.feed.seq],
          holder: onHolder.data(),
          other: onOther.data(),
        }),
        (s) => s.seqs[0] === s.seqs[1],
        'both boards at the same number',
      )
      expect(same.other).toEqual(same.holder)
      const served = await get<{ queues: QueueView[] }>(holder, '/queues', admin)
      expect(callCentre(onOther)?.offered).toBe(
        served.queues.find((q) => q.name === 'cagri-merkezi')?.offered,
      )

      // An admin on the node that does not hold the PBX changes a threshold: every board shows it.
      const otherAdmin = await signIn(other, 'admin')
      const { items } = await get<{ items: QueueThresholdsView[] }>(other, '/queue-thresholds', otherAdmin)
      const queue = items.find((q) => q.name === 'cagri-merkezi') as QueueThresholdsView
      const saved = await write(other, 'PUT', `/queue-thresholds/${queue.id}`, otherAdmin, {
        thresholds: { waiting: { amber: 7, red: 13 } },
      })
      expect(saved.status).toBe(200)
      for (const board of [onHolder, onOther])
        await until(
          () => callCentre(board)?.thresholds?.waiting,
          (t) => t?.amber === 7 && t.red === 13,
          'the new threshold on the board',
        )
    },
    LONG,
  )

  it(
    'name the agent the admin moved on the other node, as the holder maps interfaces to users now',
    async () => {
      const holder = await holderOf(nodes, admin)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const otherAdmin = await signIn(other, 'admin')
      const { items } = await get<{ items: Array<{ id: number; username: string }> }>(
        other,
        '/users',
        otherAdmin,
      )
      const agent1 = items.find((u) => u.username === 'agent1') as { id: number }
      const answering = async (iface: string) =>
        (await get<{ agents: AgentView[] }>(holder, '/agents', admin)).agents.find(
          (a) => a.interface === iface,
        )?.userId
      expect(await answering('Local/1001@agents/n')).toBe(agent1.id)

      const moved = await write(other, 'PATCH', `/users/${agent1.id}`, otherAdmin, { memberInterfaces: [] })
      expect(moved.status).toBe(200)
      await eventually(
        () => answering('Local/1001@agents/n'),
        (id) => id === null,
        'the holder to forget agent1 on 1001',
      )
    },
    LONG,
  )

  it(
    'carry on after a Redis restart: a TV on the other node takes a fresh snapshot and counts on',
    async () => {
      const holder = await holderOf(nodes, admin)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const created = await write(holder, 'POST', '/kiosk-tokens', admin, {
        label: 'Koridor',
        boards: ['queues'],
      })
      expect(created.status).toBe(201)
      const { token } = (await created.json()) as { token: string }
      const tv = await openBoard(other, { token })
      const before = callCentre(tv)?.offered ?? 0

      await redis.stop()
      await redis.start()
      // Sessions lived in Redis, which kept nothing: this and the next checks sign in again.
      admin = await eventually(
        () => signIn(nodes[0] as NodeProcess, 'admin'),
        () => true,
        'sign-in after the restart',
      )
      placeAnsweredCalls('6660', 2)
      // The nodes may settle the lease more than once after the restart, and the TV follows each new
      // stream with a snapshot: it is live again, with the calls, once they have settled.
      await until(
        () => ({ queue: callCentre(tv), status: tv.feed.status }),
        ({ queue, status }) => queue?.offered === before + 2 && queue.waiting === 0 && status === 'live',
        'the calls after the restart on the live TV',
        LONG,
      )
    },
    LONG,
  )

  it(
    'count a web application that arrived on the other node: it tells the drawing node at once',
    async () => {
      const holder = await holderOf(nodes, admin)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const heard: string[] = []
      const listener = createClient({ url: redis.url })
      await listener.connect()
      await listener.pSubscribe('*notice:inbox-written', (sender) => heard.push(sender))
      try {
        const board = await openBoard(holder, await signIn(holder, 'mudur'))
        const web = () => board.data()?.written.find((w) => w.channel === 'WEB')?.waiting
        const before = await until(web, (n) => n !== undefined, 'the web count on the holder’s board')

        const { challenge, bits } = (await (
          await fetch(`${other.url}/api/v1/public/challenge`)
        ).json()) as PowChallenge
        const form = new FormData()
        for (const [k, v] of Object.entries({
          ...VALID_FIELDS,
          challenge,
          counter: solveChallenge(challenge, bits),
        }))
          form.append(k, v)
        const sent = await fetch(`${other.url}/api/v1/public/applications`, { method: 'POST', body: form })
        expect(sent.status).toBe(201)

        // The node that took it says so on the bus (the holder re-reads the count on that word, not only
        // at its next 5 s read), and the holder's board counts it.
        await until(
          () => heard.length,
          (n) => n > 0,
          'the other node’s word on the bus',
        )
        await until(web, (n) => n === (before ?? 0) + 1, 'the application on the holder’s board')
      } finally {
        await listener.quit()
      }
    },
    LONG,
  )

  it(
    'go on from the new holder when the holder dies: the survivor’s board takes its stream and counts on',
    async () => {
      const holder = await holderOf(nodes, admin)
      const other = nodes.find((n) => n !== holder) as NodeProcess
      const mudur = await signIn(other, 'mudur')
      const board = await openBoard(other, mudur)
      const oldStream = (await streamOn(other, mudur)).stream

      await cluster.kill(holder, 'SIGKILL')
      nodes = nodes.filter((n) => n !== holder)
      const survivor = await holderOf(nodes, admin)
      expect(survivor).toBe(other)
      const before = await until(
        () => (board.feed.status === 'live' ? callCentre(board)?.offered : undefined),
        (n) => n !== undefined && board.deltas.some((d) => d.stream !== oldStream),
        'the board on the new holder’s stream',
        LONG,
      )
      const newStream = (await streamOn(other, mudur)).stream
      expect(newStream).not.toBe(oldStream)

      placeAnsweredCalls('5550', 2)
      await until(
        () => callCentre(board),
        (q) => q?.offered === (before ?? 0) + 2 && q.waiting === 0,
        'two more calls on the survivor’s board',
        LONG,
      )
      expect(board.feed.status).toBe('live')
    },
    LONG,
  )
})
