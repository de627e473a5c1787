import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import { answerTicket, routeTicket } from '../../../server/services/tickets/ticket-actions.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createTicketFixture, type TicketFixture } from './ticket-fixture.ts'

let f: TicketFixture
beforeAll(async () => {
  f = await createTicketFixture()
})
afterAll(async () => {
  await f.drop()
})

const body = { type: 'SIKAYET', channel: 'WHATSAPP', subject: 'Gürültü', description: 'Gece inşaat' } as const

/** The same database, but every history write fails (a full disk, a lost connection mid-transaction…). */
function brokenHistory(prisma: PrismaClient): PrismaClient {
  return prisma.$extends({
    query: {
      ticketEvent: {
        createMany() {
          return Promise.reject(new Error('history write failed'))
        },
      },
    },
  }) as unknown as PrismaClient
}

describe('a ticket change and its history are stored together or not at all', () => {
  it('creation: when the history cannot be written, no ticket exists and the number is not used', async () => {
    const broken = { ...f.deps, prisma: brokenHistory(f.prisma) }
    await expect(createTicket(broken, f.actors.agent, body)).rejects.toThrow('history write failed')
    expect(await f.prisma.ticket.count()).toBe(0)
    expect(await f.prisma.ticketSequence.findUnique({ where: { year: 2026 } })).toBeNull()
  })

  it('an action: when its history cannot be written, the ticket keeps its status and answer', async () => {
    const { id } = await createTicket(f.deps, f.actors.agent, { ...body, unitId: f.units.zabita.id })
    const broken = { ...f.deps, prisma: brokenHistory(f.prisma) }
    await expect(answerTicket(broken, f.actors.zabita, id, { answer: 'Ekip gönderildi.' })).rejects.toThrow(
      'history write failed',
    )
    const ticket = await f.prisma.ticket.findUniqueOrThrow({ where: { id } })
    expect(ticket.status).toBe('BIRIME_HAVALE')
    expect(ticket.unitAnswer).toBeNull()
    const kinds = (
      await f.prisma.ticketEvent.findMany({ where: { ticketId: id }, orderBy: { id: 'asc' } })
    ).map((e) => e.kind)
    expect(kinds).toEqual(['CREATED', 'ROUTED'])
  })

  it('every successful change adds its history row with who, when and the status move', async () => {
    const { id } = await createTicket(f.deps, f.actors.agent, body)
    f.clock.set('2026-03-02T08:15:00Z')
    await routeTicket(f.deps, f.actors.operator, id, { unitId: f.units.fen.id, note: 'Fen İşleri konusu' })
    const last = await f.prisma.ticketEvent.findFirstOrThrow({
      where: { ticketId: id },
      orderBy: { id: 'desc' },
    })
    expect(last).toMatchObject({
      kind: 'ROUTED',
      fromStatus: 'YENI',
      toStatus: 'BIRIME_HAVALE',
      note: 'Fen İşleri konusu',
      actorId: f.actors.operator.userId,
      at: new Date('2026-03-02T08:15:00Z'),
    })
    expect(last.data).toMatchObject({ unitId: f.units.fen.id, unitName: 'Fen İşleri Müdürlüğü' })
  })

  it('history cannot be rewritten: the database refuses to update or delete a TicketEvent', async () => {
    const event = await f.prisma.ticketEvent.findFirstOrThrow()
    await expect(
      f.prisma.ticketEvent.update({ where: { id: event.id }, data: { note: 'değiştirildi' } }),
    ).rejects.toThrow(/append-only/)
  })
})
