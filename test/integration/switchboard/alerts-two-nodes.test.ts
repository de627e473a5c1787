/**
 * A transfer's alert reaches the operator who started it and nobody else, on whichever node their
 * browser is (docs/cluster.md): two Pano nodes over the real Redis, the transfer made over HTTP on node
 * A (the node that follows it), the operator's console socket on node B. Another operator's sockets on
 * both nodes receive no alert, and neither their sync nor the müdür's holds it. An alert about a caller
 * still on the line ("… cevaplamadı. Çağrı sizde.") is cleared for its operator when their next
 * transfer of the call succeeds, or when the call ends. An alert is also kept in Redis: the operator
 * whose browser reconnects to the other node, or to a node started afterwards, finds it there and can
 * dismiss it there, and then it is gone on every node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../../server/contract/events.ts'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardSnapshot,
  type TransferAlertView,
} from '../../../server/contract/switchboard.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { until, type TestSocket } from '../realtime/live-harness.ts'
import { signIn, startCluster, type Cluster, type PanoNode } from '../realtime/two-nodes-harness.ts'

type Session = { cookie: string; csrfToken: string }

let db: TestDatabase
let cluster: Cluster
let a: PanoNode
let b: PanoNode
const who: Record<'santral1' | 'santral2' | 'mudur', Session> = {} as never
/** Every alert event each socket received, in order. */
const heard = new Map<TestSocket, Array<{ event: string; payload: unknown }>>()
let santral1OnB: TestSocket
let santral2OnA: TestSocket
let santral2OnB: TestSocket
let mudurOnA: TestSocket

async function listening(node: PanoNode, session: Session): Promise<TestSocket> {
  const socket = await cluster.socket(node, { cookie: session.cookie })
  const got: Array<{ event: string; payload: unknown }> = []
  heard.set(socket, got)
  for (const event of [SWITCHBOARD_EVENTS.alert, SWITCHBOARD_EVENTS.alertCleared])
    (socket.on as (e: string, l: (p: unknown) => void) => void)(event, (payload) =>
      got.push({ event, payload }),
    )
  return socket
}

beforeAll(async () => {
  db = await createTestDatabase()
  cluster = await startCluster(db)
  // Node A's PBX runs twice as fast: a consult nobody answers gives up after 7.5 s instead of 15 s.
  a = await cluster.start('A', { seedDemo: true, sim: { speed: 2 } })
  b = await cluster.start('B', { sim: { seed: 11 } })
  a.sim.setExtensionBehaviour('2004', 'never-answer')
  for (const username of ['santral1', 'santral2', 'mudur'] as const) who[username] = await signIn(a, username)
  santral1OnB = await listening(b, who.santral1)
  santral2OnA = await listening(a, who.santral2)
  santral2OnB = await listening(b, who.santral2)
  mudurOnA = await listening(a, who.mudur)
})

afterAll(async () => {
  await cluster?.close()
  await db?.drop()
})

async function post(path: string, session: Session, body: unknown, node: PanoNode = a) {
  const res = await fetch(`${node.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> }
}

async function extensionId(number: string): Promise<number> {
  return (await db.prisma.extension.findFirstOrThrow({ where: { number } })).id
}

/** A console sync on `node` by `session`'s user: the alerts it brings. */
async function syncedAlerts(node: PanoNode, session: Session): Promise<TransferAlertView[]> {
  const socket = await cluster.socket(node, { cookie: session.cookie })
  const answer = (await (socket.emitWithAck as (e: string) => Promise<unknown>)(
    SWITCHBOARD_EVENTS.sync,
  )) as Ack<SwitchboardSnapshot>
  socket.disconnect()
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.data.alerts
}

/** Syncs the console on `node` every 100 ms until its alerts satisfy `ok` (10 s at most). */
async function alertsUntil(
  node: PanoNode,
  session: Session,
  ok: (alerts: TransferAlertView[]) => boolean,
): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!ok(await syncedAlerts(node, session))) {
    if (Date.now() > deadline) throw new Error(`alerts on node ${node.name} never as expected`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** santral1's consult from node A to 2004, which never answers: the caller comes back to santral1. */
async function unansweredConsult(callerNumber: string) {
  const placed = a.sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: 'Local/3001@operators/n',
    answer: 100,
    talkMs: 600_000,
  })
  const key = `${await until(
    () => a.pano.switchboard?.snapshot().calls.find((c) => c.callId === placed.linkedid),
    (c) => c?.state === 'talking',
    'santral1 talking',
  ).then((c) => c?.key)}`
  const started = await post('/switchboard/transfers', who.santral1, {
    call: key,
    extensionId: await extensionId('2004'),
    kind: 'attended',
  })
  expect(started.status).toBe(200)
  const transferId = (started.body['transfer'] as { id: number }).id
  const heardOnB = heard.get(santral1OnB) ?? []
  const alert = await until(
    () =>
      heardOnB.find(
        (h) =>
          h.event === SWITCHBOARD_EVENTS.alert &&
          (h.payload as TransferAlertView).transferId === transferId &&
          (h.payload as TransferAlertView).message.endsWith('Çağrı sizde.'),
      ),
    (h) => h !== undefined,
    'santral1’s alert on node B',
    20_000,
  )
  return { placed, key, transferId, alert: alert?.payload as TransferAlertView }
}

const clearedOn = (socket: TestSocket, transferId: number) => () =>
  (heard.get(socket) ?? []).some(
    (h) =>
      h.event === SWITCHBOARD_EVENTS.alertCleared &&
      (h.payload as { transferId: number }).transferId === transferId,
  )

describe('a transfer’s alert across two nodes', () => {
  it('reaches its operator on the other node, and no one else', async () => {
    const { transferId, alert } = await unansweredConsult('05321118001')
    expect(alert.message).toContain('aktarılan çağrıyı cevaplamadı')
    expect((await syncedAlerts(a, who.santral1)).map((x) => x.transferId)).toContain(transferId)
    // The room's update that carries the outcome has reached santral2 and the müdür by now.
    for (const [socket, session] of [
      [santral2OnA, who.santral2],
      [mudurOnA, who.mudur],
    ] as const) {
      expect(await syncedAlerts(a, session)).toEqual([])
      expect(heard.get(socket)).toEqual([])
    }
    expect(heard.get(santral2OnB)).toEqual([])
  }, 40_000)

  it('about a caller still on the line, goes when the operator’s next transfer of it succeeds', async () => {
    const { placed, key, transferId } = await unansweredConsult('05321118002')
    const again = await post('/switchboard/transfers', who.santral1, {
      call: key,
      extensionId: await extensionId('2002'),
      kind: 'blind',
    })
    expect(again.status).toBe(200)
    await until(clearedOn(santral1OnB, transferId), Boolean, 'the alert cleared on node B')
    // The caller is still there (now with Zabıta): it was the new transfer that cleared it.
    expect(a.sim.channels()).toContain(placed.channel)
    expect((await syncedAlerts(a, who.santral1)).map((x) => x.transferId)).not.toContain(transferId)
  }, 40_000)

  it('about a caller still on the line, goes when that call ends', async () => {
    const { placed, transferId } = await unansweredConsult('05321118003')
    a.sim.hangup(placed.channel)
    await until(clearedOn(santral1OnB, transferId), Boolean, 'the alert cleared on node B')
    expect((await syncedAlerts(a, who.santral1)).map((x) => x.transferId)).not.toContain(transferId)
    expect(heard.get(santral2OnA)).toEqual([])
    expect(heard.get(santral2OnB)).toEqual([])
  }, 40_000)

  it('is found by its operator on another node, and dismissed there for every node', async () => {
    const { transferId } = await unansweredConsult('05321118004')
    // A node that did not follow the transfer has it from Redis: at once, or once started.
    await alertsUntil(b, who.santral1, (list) => list.some((x) => x.transferId === transferId))
    const c = await cluster.start('C', { sim: { seed: 13 } })
    const onC = await syncedAlerts(c, who.santral1)
    expect(onC.find((x) => x.transferId === transferId)?.message).toContain('aktarılan çağrıyı cevaplamadı')
    // Still only its own operator's.
    expect(await syncedAlerts(b, who.santral2)).toEqual([])

    const dismissed = await post(`/switchboard/alerts/${transferId}/dismiss`, who.santral1, {}, b)
    expect(dismissed.status).toBe(204)
    await until(clearedOn(santral1OnB, transferId), Boolean, 'the dismissal told to the operator')
    for (const node of [a, b, c])
      await alertsUntil(node, who.santral1, (list) => !list.some((x) => x.transferId === transferId))
    expect(await cluster.keys('switchboard:alert:*')).toEqual([])
  }, 60_000)
})
