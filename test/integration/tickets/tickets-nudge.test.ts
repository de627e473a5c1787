/**
 * Talepler's list is live for the directorate, over real TCP on PostgreSQL: an agent's socket is nudged
 * with `tickets:changed` (the time only, no personal data) when a ticket is opened and when its unit
 * answers it, so the list the agent looks at reads itself again; a unit user's socket, which has its own
 * unit feed, never hears it.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ListChangedNotice } from '../../../server/contract/inbox.ts'
import type { RunningPano } from '../../../server/main.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { startMessagingPano } from '../messaging/messaging-harness.ts'
import { recordEvents, signIn, ticketForUnit } from '../units/unit-harness.ts'

/** Room to wait for a nudge on a shared two-core machine (the server sends it within 150 ms). */
const NUDGE = { timeout: 10_000 }
let db: TestDatabase
let pano: RunningPano
const sockets: Socket[] = []

beforeAll(async () => {
  db = await createTestDatabase()
  pano = await startMessagingPano({ DATABASE_URL: db.url })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await pano.close()
  await db.drop()
})

/** A websocket with the user's cookie that records the nudges it hears. */
const listen = async (username: string): Promise<ListChangedNotice[]> =>
  recordEvents<ListChangedNotice>(
    pano.url,
    (await signIn(pano.url, username)).cookie,
    'tickets:changed',
    sockets,
  )

describe('the directorate’s ticket list, live', () => {
  it('nudges agents when a ticket is opened and when the unit answers it, and never a unit user', async () => {
    const agent = await listen('agent2')
    const unit = await listen('fen')
    const opener = await signIn(pano.url, 'agent1')

    const ticket = await ticketForUnit(opener, 'fen-isleri', 'Kaldırımda çökme var')
    await vi.waitFor(() => expect(agent.length).toBeGreaterThanOrEqual(1), NUDGE)
    expect(Object.keys(agent[0] ?? {})).toEqual(['at'])
    const afterOpening = agent.length

    const fen = await signIn(pano.url, 'fen')
    const answered = await fen.send('POST', `/tickets/${ticket.id}/answer`, {
      answer: 'Ekip yarın sabah kaldırımı onaracak.',
    })
    expect(answered.status).toBe(200)
    await vi.waitFor(() => expect(agent.length).toBeGreaterThan(afterOpening), NUDGE)
    // Emitted to one room at once: had the unit's socket been in it, it would have heard it by now.
    expect(unit).toEqual([])
  })
})
