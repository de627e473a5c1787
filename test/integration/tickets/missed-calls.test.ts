import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCitizen } from '../../../server/services/citizens/citizen-records.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { missedCallsWorklist, recordCallbackAttempt } from '../../../server/services/tickets/worklists.ts'
import { createTicketFixture, type TicketFixture } from './ticket-fixture.ts'

let f: TicketFixture
beforeAll(async () => {
  f = await createTicketFixture('2026-03-02T09:00:00Z')
})
afterAll(async () => {
  await f.drop()
})

async function missed(
  phoneE164: string,
  at: string,
  reason: 'ABANDONED' | 'OUT_OF_HOURS' = 'ABANDONED',
  calls = 1,
) {
  return f.prisma.callback.create({
    data: {
      phoneE164,
      reason,
      dueAt: new Date(new Date(at).getTime() + 3_600_000),
      firstCallAt: new Date(at),
      lastCallAt: new Date(at),
      callCount: calls,
    },
  })
}

describe('missed-call worklist', () => {
  it('folds a caller’s callbacks into one row with their open tickets; reaching them closes the row', async () => {
    const { citizen } = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Kemal Sunal',
      phones: [{ number: '0532 765 43 21' }],
    })
    const ticket = await createTicket(f.deps, f.actors.agent, {
      type: 'SIKAYET',
      channel: 'CAGRI_MERKEZI',
      subject: 'Su birikintisi',
      description: 'x',
      citizenId: citizen.id,
      unitId: f.units.fen.id,
    })
    const first = await missed('+905327654321', '2026-03-01T19:00:00Z', 'OUT_OF_HOURS', 2)
    const second = await missed('+905327654321', '2026-03-02T06:40:00Z')
    const other = await missed('+905550001122', '2026-03-02T07:00:00Z')

    const list = await missedCallsWorklist(f.deps, f.actors.agent)
    expect(list.map((i) => i.phoneE164)).toEqual(['+905327654321', '+905550001122'])
    expect(list[0]).toMatchObject({
      id: first.id,
      callbackIds: [first.id, second.id],
      phone: '0532 765 43 21',
      reasons: ['OUT_OF_HOURS', 'ABANDONED'],
      callCount: 3,
      firstCallAt: '2026-03-01T19:00:00.000Z',
      lastCallAt: '2026-03-02T06:40:00.000Z',
      citizens: [{ id: citizen.id, fullName: 'Kemal Sunal' }],
      openTickets: [{ id: ticket.id, number: ticket.number, status: 'BIRIME_HAVALE' }],
      attempts: [],
    })
    expect(list[1]).toMatchObject({ id: other.id, citizens: [], openTickets: [] })

    await recordCallbackAttempt(f.deps, f.actors.agent, first.id, { outcome: 'ULASILAMADI', note: 'Meşgul' })
    const afterMiss = await missedCallsWorklist(f.deps, f.actors.agent)
    expect(afterMiss[0]?.attempts).toMatchObject([
      { outcome: 'ULASILAMADI', note: 'Meşgul', by: 'Test agent1' },
    ])

    const reached = await recordCallbackAttempt(f.deps, f.actors.agent, first.id, { outcome: 'ULASILDI' })
    expect(reached.closed).toEqual([first.id, second.id])
    expect((await missedCallsWorklist(f.deps, f.actors.agent)).map((i) => i.phoneE164)).toEqual([
      '+905550001122',
    ])
    await expect(
      recordCallbackAttempt(f.deps, f.actors.agent, second.id, { outcome: 'ULASILDI' }),
    ).rejects.toMatchObject({
      status: 409,
    })
    await expect(missedCallsWorklist(f.deps, f.actors.fen)).rejects.toMatchObject({ status: 403 })
  })
})
