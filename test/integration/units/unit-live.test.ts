/**
 * Unit staff see new tickets arrive live (docs/messaging.md §8): two Pano nodes on one PostgreSQL
 * database and the real Redis (the socket.io Redis adapter); a unit user's socket on one node receives
 * the ticket an agent routes on the other, with the unit's new count; another unit's staff do not; the
 * counts follow when the ticket is taken into work; the overdue board is the müdür's and a TV link's,
 * and a late ticket leaves its unit's row there once the unit has answered it.
 */
import { randomUUID } from 'node:crypto'
import { connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import {
  AWAITING_NOTICE_LABEL,
  type OverdueBoardView,
  type UnitTicketCounts,
} from '../../../server/contract/unit-board.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { until } from '../realtime/live-harness.ts'
import { ask, listenAsUnit, signIn, ticketForUnit, type UnitSocket } from './unit-harness.ts'

const REDIS_URL = 'redis://127.0.0.1:6379'
let db: TestDatabase
let nodeA: RunningPano
let nodeB: RunningPano
const sockets: UnitSocket[] = []

function startNode(seedDemo: boolean, keyPrefix: string): Promise<RunningPano> {
  return startPano(
    loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL,
      PORT: '0',
      SIMULATOR: 'off',
      MESSAGING_DEMO_SINKS: 'off',
      UNIT_ALERTS_CHECK_SEC: '0',
    }),
    {
      logger: captureLogger().logger,
      seedDemo,
      clientDir: null,
      print: () => undefined,
      redisKeyPrefix: keyPrefix,
    },
  )
}

beforeAll(async () => {
  db = await createTestDatabase()
  const prefix = `pano-test:${randomUUID()}:`
  nodeA = await startNode(true, prefix)
  nodeB = await startNode(false, prefix)
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await nodeA.close()
  await nodeB.close()
  await db.drop()
})

describe('a unit’s staff see new tickets live', () => {
  it('delivers the routed ticket and the unit’s count to the unit’s sockets on every node, not to other units', async () => {
    const agent = await signIn(nodeA.url, 'agent1')
    const fen = await signIn(nodeB.url, 'fen')
    const zabita = await signIn(nodeB.url, 'zabita')
    const fenSocket = await listenAsUnit(nodeB.url, fen.cookie, sockets)
    const zabitaSocket = await listenAsUnit(nodeA.url, zabita.cookie, sockets)

    const before = await ask<UnitTicketCounts>(fenSocket.socket, 'unit:sync')
    if (!before.ok) throw new Error(before.error.message)

    const ticket = await ticketForUnit(agent, 'fen-isleri', 'Kaldırım taşları yerinden çıkmış')
    const arrival = await until(
      () => fenSocket.arrivals.find((a) => a.number === ticket.number),
      (a) => a !== undefined,
      'the arrival on the Fen İşleri socket',
    )
    expect(arrival).toMatchObject({ id: ticket.id, subject: 'Kaldırım taşları yerinden çıkmış' })
    expect(arrival?.counts.new).toBe(before.data.new + 1)
    expect(arrival?.counts.open).toBe(before.data.open + 1)

    // A number typed into the subject reaches the unit masked, as their ticket screens show it.
    const withNumber = await ticketForUnit(agent, 'fen-isleri', 'Ahmet Bey 0532 123 45 67 arayın')
    const masked = await until(
      () => fenSocket.arrivals.find((a) => a.number === withNumber.number),
      (a) => a !== undefined,
      'masked arrival',
    )
    expect(masked?.subject).not.toContain('123 45')
    expect(masked?.subject).toContain('Ahmet Bey')
    // A ticket for Zabıta next: once it has reached Zabıta's socket, Fen İşleri's ticket would have too.
    const other = await ticketForUnit(agent, 'zabita', 'Kaldırım işgali')
    await until(
      () => zabitaSocket.arrivals.map((a) => a.number),
      (n) => n.includes(other.number),
      'the arrival on the Zabıta socket',
    )
    expect(zabitaSocket.arrivals.map((a) => a.number)).toEqual([other.number])
    expect(fenSocket.arrivals.map((a) => a.number)).toEqual([ticket.number, withNumber.number])

    // Taken into work: no longer new, still open; the count follows on the unit's sockets (the ticket
    // with the number stays new).
    const taken = await fen.send('POST', `/tickets/${ticket.id}/transition`, { to: 'ISLEMDE' })
    expect(taken.status).toBe(200)
    const after = await until(
      () => fenSocket.counts.at(-1),
      (c) => c !== undefined && c.new === before.data.new + 1,
      'the counts after taking the ticket',
    )
    expect(after?.open).toBe(before.data.open + 2)
    const synced = await ask<UnitTicketCounts>(fenSocket.socket, 'unit:sync')
    expect(synced).toEqual({ ok: true, data: after })
  })

  it('answers the unit counts to unit staff only', async () => {
    const agent = await signIn(nodeA.url, 'agent1')
    const agentSocket = await listenAsUnit(nodeA.url, agent.cookie, sockets)
    const refused = await ask(agentSocket.socket, 'unit:sync')
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('shows the overdue board to the müdür and a TV link with the board, counts only', async () => {
    const agent = await signIn(nodeA.url, 'agent1')
    const late = await ticketForUnit(agent, 'zabita', 'Gecikmiş talep')
    await db.prisma.ticket.update({
      where: { id: late.id },
      data: { dueAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) },
    })
    const mudur = await signIn(nodeA.url, 'mudur')
    const board = await ask<OverdueBoardView>(
      (await listenAsUnit(nodeA.url, mudur.cookie, sockets)).socket,
      'units:overdue',
    )
    if (!board.ok) throw new Error(board.error.message)
    const units = (await agent.get<{ units: { id: number; code: string }[] }>('/units')).body.units
    const zabitaId = units.find((u) => u.code === 'zabita')?.id
    const zabita = board.data.units.find((u) => u.unitId === zabitaId)
    expect(zabita?.overdue).toBeGreaterThanOrEqual(1)
    expect(zabita?.oldestDays).toBeGreaterThanOrEqual(3)
    expect(JSON.stringify(board.data)).not.toContain(late.number)

    // Once Zabıta answers, the late ticket is no longer Zabıta's: it waits for the directorate to tell
    // the citizen, on a row of its own.
    const zabitaStaff = await signIn(nodeA.url, 'zabita')
    const answered = await zabitaStaff.send('POST', `/tickets/${late.id}/answer`, {
      answer: 'Denetim yapıldı, tutanak tutuldu.',
    })
    expect(answered.status).toBe(200)
    const after = await ask<OverdueBoardView>(
      (await listenAsUnit(nodeA.url, mudur.cookie, sockets)).socket,
      'units:overdue',
    )
    if (!after.ok) throw new Error(after.error.message)
    expect(after.data.units.find((u) => u.unitId === zabitaId)?.overdue ?? 0).toBe((zabita?.overdue ?? 0) - 1)
    expect(after.data.units.find((u) => u.unit === AWAITING_NOTICE_LABEL)?.overdue).toBeGreaterThanOrEqual(1)
    expect(after.data.total).toBe(board.data.total)

    const issued = await (
      await signIn(nodeA.url, 'admin')
    ).send<{ token: string }>('POST', '/kiosk-tokens', {
      label: 'Koridor TV',
      boards: ['overdue'],
    })
    expect(issued.status).toBe(201)
    const tv = connectKiosk(nodeB.url, issued.body.token)
    await new Promise<void>((resolve, reject) => {
      tv.once('connect', () => resolve())
      tv.once('connect_error', reject)
    })
    const seen = await ask<OverdueBoardView>(tv, 'units:overdue')
    expect(seen.ok && seen.data.total).toBe(board.data.total)

    const fen = await signIn(nodeA.url, 'fen')
    const refused = await ask((await listenAsUnit(nodeA.url, fen.cookie, sockets)).socket, 'units:overdue')
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('a node shutting down right after a change', () => {
  it('sends no late notice through its closed Redis: nothing is left as an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      // Each round: a ticket changed (the directorate is told within 150 ms), then the node stops.
      for (let round = 0; round < 6; round += 1) {
        const node = await startNode(false, `pano-test:${randomUUID()}:`)
        const agent = await signIn(node.url, 'agent1')
        await ticketForUnit(agent, 'fen-isleri', 'Kapanmadan hemen önce açılan talep')
        await new Promise((r) => setTimeout(r, round * 25))
        await node.close()
      }
      await new Promise((r) => setTimeout(r, 300))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

function connectKiosk(url: string, token: string): UnitSocket {
  const s: UnitSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  })
  sockets.push(s)
  return s
}
