import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addComment,
  answerTicket,
  notifyCitizen,
  returnTicket,
  routeTicket,
  transitionTicket,
} from '../../../server/services/tickets/ticket-actions.ts'
import { linkCallToTicket } from '../../../server/services/tickets/ticket-calls.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { getTicketDetail, listTickets } from '../../../server/services/tickets/ticket-queries.ts'
import { notifyWorklist } from '../../../server/services/tickets/worklists.ts'
import { createCitizen } from '../../../server/services/citizens/citizen-records.ts'
import { createTicketFixture, recordCall, type TicketFixture } from './ticket-fixture.ts'

let f: TicketFixture
let citizenId: number
beforeAll(async () => {
  f = await createTicketFixture()
  const created = await createCitizen(f.deps, f.actors.agent, {
    fullName: 'Ayşe Yılmaz',
    phones: [{ number: '0532 123 45 67' }],
    email: 'ayse@example.com',
    address: 'Cemal Gürsel Cd. 1',
    mahalle: 'Bostanlı',
    kvkkNoticeGiven: true,
  })
  citizenId = created.citizen.id
})
afterAll(async () => {
  await f.drop()
})

async function open(unitId: number | null = null) {
  const callId = await recordCall(f.prisma, '+905321234567', '2026-03-02T06:55:00Z', citizenId)
  return createTicket(f.deps, f.actors.agent, {
    type: 'ISTEK',
    channel: 'CAGRI_MERKEZI',
    subject: 'Sokak lambası yanmıyor',
    description: 'Bostanlı 1234. sokakta lamba yanmıyor.',
    citizenId,
    unitId,
    callId,
  })
}

describe('the closed loop: directorate → unit → answer → citizen', () => {
  it('route, answer, notify worklist, notify, closed: every step in the history', async () => {
    const { id, number } = await open()
    await routeTicket(f.deps, f.actors.agent, id, { unitId: f.units.fen.id })

    const unitList = await listTickets(f.deps, f.actors.fen, {})
    expect(unitList.items.map((t) => t.number)).toContain(number)
    const seenByUnit = unitList.items.find((t) => t.id === id)
    expect(seenByUnit?.citizen).toEqual({
      id: null,
      fullName: null,
      phone: '0532 *** ** 67',
      phoneMasked: true,
      mahalle: 'Bostanlı',
    })
    expect((await listTickets(f.deps, f.actors.zabita, {})).items.map((t) => t.id)).not.toContain(id)

    f.clock.set('2026-03-02T09:00:00Z')
    await transitionTicket(f.deps, f.actors.fen, id, { to: 'ISLEMDE' })
    f.clock.set('2026-03-03T11:00:00Z')
    await answerTicket(f.deps, f.actors.fen, id, { answer: 'Lamba 3 Mart’ta değiştirildi.' })

    const worklist = await notifyWorklist(f.deps, f.actors.agent)
    const item = worklist.find((w) => w.ticket.id === id)
    expect(item).toMatchObject({
      unitAnswer: 'Lamba 3 Mart’ta değiştirildi.',
      answeredAt: '2026-03-03T11:00:00.000Z',
      attempts: [],
    })
    expect(item?.ticket.citizen).toMatchObject({ fullName: 'Ayşe Yılmaz', phone: '0532 123 45 67' })

    f.clock.set('2026-03-03T12:00:00Z')
    await notifyCitizen(f.deps, f.actors.agent, id, { outcome: 'ULASILAMADI', note: 'Açmadı' })
    const stillThere = (await notifyWorklist(f.deps, f.actors.agent)).find((w) => w.ticket.id === id)
    expect(stillThere?.attempts).toEqual([
      { outcome: 'ULASILAMADI', note: 'Açmadı', at: '2026-03-03T12:00:00.000Z', by: 'Test agent1' },
    ])

    f.clock.set('2026-03-03T14:00:00Z')
    await notifyCitizen(f.deps, f.actors.agent, id, { outcome: 'ULASILDI', close: true })
    expect((await notifyWorklist(f.deps, f.actors.agent)).map((w) => w.ticket.id)).not.toContain(id)

    const detail = await getTicketDetail(f.deps, f.actors.agent, id)
    expect(detail.status).toBe('KAPANDI')
    expect(detail.closedAt).toBe('2026-03-03T14:00:00.000Z')
    expect(detail.deadline).toBe('closed')
    expect(detail.history.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['CREATED', null, 'YENI'],
      ['CALL_LINKED', null, null],
      ['ROUTED', 'YENI', 'BIRIME_HAVALE'],
      ['STATUS_CHANGED', 'BIRIME_HAVALE', 'ISLEMDE'],
      ['UNIT_ANSWERED', 'ISLEMDE', 'YANITLANDI'],
      ['CITIZEN_NOTIFIED', null, null],
      ['CITIZEN_NOTIFIED', 'YANITLANDI', 'VATANDASA_BILDIRILDI'],
      ['STATUS_CHANGED', 'VATANDASA_BILDIRILDI', 'KAPANDI'],
    ])
    expect(detail.history.map((e) => e.actor?.displayName)).toEqual([
      'Test agent1',
      'Test agent1',
      'Test agent1',
      'Test fen',
      'Test fen',
      'Test agent1',
      'Test agent1',
      'Test agent1',
    ])
    expect(detail.calls).toHaveLength(1)
    expect(detail.calls[0]?.callerNumber).toBe('0532 123 45 67')
  })

  it('reopen: a closed ticket goes back to the unit with a reason, and closedAt is cleared', async () => {
    const { id } = await open(f.units.fen.id)
    await answerTicket(f.deps, f.actors.fen, id, { answer: 'Yapıldı' })
    await notifyCitizen(f.deps, f.actors.agent, id, { outcome: 'MESAJ_BIRAKILDI', close: true })
    await expect(transitionTicket(f.deps, f.actors.agent, id, { to: 'BIRIME_HAVALE' })).rejects.toMatchObject(
      {
        status: 400,
      },
    )
    await transitionTicket(f.deps, f.actors.agent, id, {
      to: 'BIRIME_HAVALE',
      note: 'Vatandaş lambanın yine yanmadığını söyledi',
    })
    const detail = await getTicketDetail(f.deps, f.actors.fen, id)
    expect(detail).toMatchObject({ status: 'BIRIME_HAVALE', closedAt: null })
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'REOPENED',
      fromStatus: 'KAPANDI',
      toStatus: 'BIRIME_HAVALE',
      note: 'Vatandaş lambanın yine yanmadığını söyledi',
    })
    expect(detail.allowed.answer).toBe(true)
  })

  it('return: the unit sends a ticket back with a reason; it leaves the unit and waits to be re-routed', async () => {
    const { id } = await open(f.units.fen.id)
    await expect(returnTicket(f.deps, f.actors.fen, id, { reason: '  ' })).rejects.toMatchObject({
      status: 400,
    })
    await returnTicket(f.deps, f.actors.fen, id, { reason: 'Konu Zabıta’nın görev alanında' })
    const ticket = await f.prisma.ticket.findUniqueOrThrow({ where: { id } })
    expect(ticket).toMatchObject({ status: 'YENI', unitId: null })
    await expect(getTicketDetail(f.deps, f.actors.fen, id)).rejects.toMatchObject({ status: 403 })
    const history = (await getTicketDetail(f.deps, f.actors.agent, id)).history
    expect(history.at(-1)).toMatchObject({
      kind: 'RETURNED',
      note: 'Konu Zabıta’nın görev alanında',
      data: { unitId: f.units.fen.id, unitName: 'Fen İşleri Müdürlüğü' },
    })
    await routeTicket(f.deps, f.actors.agent, id, { unitId: f.units.zabita.id })
    expect((await listTickets(f.deps, f.actors.zabita, {})).items.map((t) => t.id)).toContain(id)
  })

  it('a unit cannot act on another unit’s ticket, nor answer before it is routed', async () => {
    const { id } = await open(f.units.fen.id)
    await expect(answerTicket(f.deps, f.actors.zabita, id, { answer: 'x' })).rejects.toMatchObject({
      status: 403,
      code: 'ticket_other_unit',
    })
    await expect(addComment(f.deps, f.actors.zabita, id, { text: 'x' })).rejects.toMatchObject({
      status: 403,
    })
    await expect(notifyCitizen(f.deps, f.actors.agent, id, { outcome: 'ULASILDI' })).rejects.toMatchObject({
      status: 409,
      code: 'ticket_not_answered',
    })
    await expect(transitionTicket(f.deps, f.actors.fen, id, { to: 'KAPANDI' })).rejects.toMatchObject({
      status: 409,
    })
    await expect(transitionTicket(f.deps, f.actors.fen, id, { to: 'YANITLANDI' })).rejects.toMatchObject({
      status: 409,
      code: 'use_action',
    })
  })

  it('calls link many-to-many and idempotently', async () => {
    const a = await open()
    const b = await open()
    const callId = await recordCall(f.prisma, '+905321234567', '2026-03-02T10:00:00Z', citizenId)
    expect(await linkCallToTicket(f.deps, f.actors.agent, callId, a.id)).toEqual({ linked: true })
    expect(await linkCallToTicket(f.deps, f.actors.agent, callId, a.id)).toEqual({ linked: false })
    expect(await linkCallToTicket(f.deps, f.actors.agent, callId, b.id)).toEqual({ linked: true })
    const detailA = await getTicketDetail(f.deps, f.actors.agent, a.id)
    expect(detailA.calls.map((c) => c.callId)).toContain(callId)
    expect(detailA.history.filter((e) => e.kind === 'CALL_LINKED')).toHaveLength(2)
    expect(await f.prisma.callTicket.count({ where: { callId } })).toBe(2)
    await expect(linkCallToTicket(f.deps, f.actors.fen, callId, a.id)).rejects.toMatchObject({ status: 403 })
  })
})
