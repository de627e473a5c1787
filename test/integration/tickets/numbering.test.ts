import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createTicketFixture, type TicketFixture } from './ticket-fixture.ts'

let f: TicketFixture
beforeAll(async () => {
  f = await createTicketFixture()
})
afterAll(async () => {
  await f.drop()
})

const body = {
  type: 'ISTEK',
  channel: 'CAGRI_MERKEZI',
  subject: 'Çukur',
  description: 'Yolda çukur var',
} as const

describe('ticket numbers', () => {
  it('20 tickets opened at the same moment get 20 distinct, consecutive numbers', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, () => createTicket(f.deps, f.actors.agent, body)),
    )
    const numbers = created.map((c) => c.number).sort()
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`))
    expect(await f.prisma.ticketSequence.findUnique({ where: { year: 2026 } })).toEqual({
      year: 2026,
      last: 20,
    })
  })

  it('a creation that fails gives its number back (no gap)', async () => {
    await expect(createTicket(f.deps, f.actors.agent, { ...body, unitId: 999_999 })).rejects.toMatchObject({
      status: 400,
    })
    await expect(createTicket(f.deps, f.actors.agent, { ...body, callId: 999_999 })).rejects.toMatchObject({
      status: 400,
    })
    const next = await createTicket(f.deps, f.actors.agent, body)
    expect(next.number).toBe('2026-000021')
  })

  it('the year follows Istanbul time: 31 Dec 21:30 UTC is already the new year', async () => {
    f.clock.set('2026-12-31T21:30:00Z')
    const first = await createTicket(f.deps, f.actors.agent, body)
    expect(first.number).toBe('2027-000001')
    f.clock.set('2026-03-02T07:00:00Z')
  })
})
