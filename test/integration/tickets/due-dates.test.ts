import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extendTicket } from '../../../server/services/tickets/ticket-actions.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { previewDueDate } from '../../../server/services/tickets/ticket-deadlines.ts'
import { getTicketDetail, listTickets } from '../../../server/services/tickets/ticket-queries.ts'
import { createTicketFixture, type TicketFixture } from './ticket-fixture.ts'

let f: TicketFixture
beforeAll(async () => {
  f = await createTicketFixture()
})
afterAll(async () => {
  await f.drop()
})

describe('due dates from the legal clocks on the Holiday table', () => {
  it('a CİMER petition: 30 days; the application number is required', async () => {
    f.clock.set('2026-03-05T07:00:00Z')
    const petition = {
      type: 'SIKAYET',
      channel: 'CIMER',
      subject: 'Park',
      description: 'Park bakımsız',
    } as const
    await expect(createTicket(f.deps, f.actors.agent, petition)).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: 'externalRef' })],
    })
    const { id } = await createTicket(f.deps, f.actors.agent, { ...petition, externalRef: '2600123456' })
    const detail = await getTicketDetail(f.deps, f.actors.agent, id)
    // Thursday 5 March + 30 days = Saturday 4 April → Monday 6 April, end of office hours.
    expect(detail).toMatchObject({
      legalTrack: 'CIMER',
      externalRef: '2600123456',
      dueAt: '2026-04-06T14:30:00.000Z',
      extensionNoticeDueAt: null,
    })
    expect(detail.history[0]?.data).toMatchObject({ rule: '30 gün' })
  })

  it('a 4982 request across Kurban Bayramı 2026, extended inside the notice period', async () => {
    f.clock.set('2026-05-15T07:00:00Z')
    const request = {
      type: 'BILGI_EDINME',
      channel: 'BILGI_EDINME',
      subject: 'İhale',
      description: 'Bilgi',
    } as const
    expect(await previewDueDate(f.deps, request)).toEqual({
      legalTrack: 'BILGI_EDINME_4982',
      dueAt: '2026-06-11T14:30:00.000Z',
      extensionNoticeDueAt: '2026-06-11T14:30:00.000Z',
      rule: '15 iş günü (30 iş gününe uzatılabilir)',
      warnings: [],
    })
    const { id } = await createTicket(f.deps, f.actors.agent, request)
    expect((await getTicketDetail(f.deps, f.actors.agent, id)).dueAt).toBe('2026-06-11T14:30:00.000Z')

    f.clock.set('2026-06-01T08:00:00Z')
    await expect(extendTicket(f.deps, f.actors.agent, id, { reason: ' ' })).rejects.toMatchObject({
      status: 409,
    })
    await extendTicket(f.deps, f.actors.agent, id, { reason: 'Bilgi başka bir birimden (İmar) istendi.' })
    const detail = await getTicketDetail(f.deps, f.actors.agent, id)
    // 30 iş günü from 15 May: 11 June was the 15th; 15 more working days → Thursday 2 July.
    expect(detail).toMatchObject({
      dueAt: '2026-07-02T14:30:00.000Z',
      originalDueAt: '2026-06-11T14:30:00.000Z',
      extendedDueAt: '2026-07-02T14:30:00.000Z',
    })
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'EXTENDED',
      note: 'Bilgi başka bir birimden (İmar) istendi.',
    })
    expect(detail.allowed.extend).toBe(false)
    await expect(extendTicket(f.deps, f.actors.agent, id, { reason: 'tekrar' })).rejects.toMatchObject({
      status: 409,
      code: 'extension_already_granted',
    })
  })

  it('no extension once the 15 iş günü notice period has passed', async () => {
    f.clock.set('2026-05-15T07:00:00Z')
    const { id } = await createTicket(f.deps, f.actors.agent, {
      type: 'BILGI_EDINME',
      channel: 'EPOSTA',
      subject: 'Bütçe',
      description: 'Bilgi',
    })
    f.clock.set('2026-06-12T06:00:00Z')
    await expect(extendTicket(f.deps, f.actors.agent, id, { reason: 'geç' })).rejects.toMatchObject({
      status: 409,
      code: 'extension_notice_period_passed',
    })
    const detail = await getTicketDetail(f.deps, f.actors.agent, id)
    expect(detail).toMatchObject({ deadline: 'overdue', extendedDueAt: null })
    expect((await listTickets(f.deps, f.actors.agent, { overdue: true })).items.map((t) => t.id)).toContain(
      id,
    )
  })

  it('a day the admin adds to the Holiday table (idari izin) moves the next due dates', async () => {
    f.clock.set('2026-03-02T07:00:00Z')
    const request = { type: 'ISTEK', channel: 'WEB', subject: 'Ağaç', description: 'Budama' } as const
    expect((await previewDueDate(f.deps, request)).dueAt).toBe('2026-03-09T14:30:00.000Z')
    await f.prisma.holiday.create({
      data: { date: new Date('2026-03-04T00:00:00Z'), name: 'İdari izin', kind: 'FULL' },
    })
    f.deps.calendar.invalidate()
    expect((await previewDueDate(f.deps, request)).dueAt).toBe('2026-03-10T14:30:00.000Z')
  })

  it('the list is sorted by the deadline in force and filters due-soon tickets', async () => {
    f.clock.set('2026-06-09T07:00:00Z')
    const page = await listTickets(f.deps, f.actors.supervisor, { pageSize: 100 })
    const dues = page.items.map((t) => t.dueAt)
    expect(dues).toEqual([...dues].sort())
    const soon = await listTickets(f.deps, f.actors.supervisor, { dueSoon: true })
    // Only the unextended 4982 request (due Thursday 11 June) is two working days away; the CİMER petition
    // is overdue and the extended request is due in July.
    expect(soon.items.map((t) => [t.dueAt, t.deadline])).toEqual([['2026-06-11T14:30:00.000Z', 'due-soon']])
  })
})
