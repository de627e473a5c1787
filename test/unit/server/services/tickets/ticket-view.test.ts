import { describe, expect, it } from 'vitest'
import { createWorkingCalendar } from '../../../../../server/domain/calendar/working-days.ts'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import {
  deadlineBadge,
  ticketCitizenView,
  toLinkedCallView,
  toTicketListItem,
} from '../../../../../server/services/tickets/ticket-view.ts'

const calendar = createWorkingCalendar(TURKISH_HOLIDAYS)
const citizen = { id: 7, fullName: 'Ayşe Yılmaz', mahalle: 'Bostanlı', phones: [{ e164: '+905321234567' }] }

describe('ticketCitizenView (KVKK masking per role)', () => {
  it.each(['agent', 'operator', 'supervisor', 'admin'] as const)(
    '%s sees the name and the full number',
    (role) => {
      expect(ticketCitizenView(citizen, role)).toEqual({
        id: 7,
        fullName: 'Ayşe Yılmaz',
        phone: '0532 123 45 67',
        phoneMasked: false,
        mahalle: 'Bostanlı',
      })
    },
  )

  it('unit staff see no name, no id and a masked number', () => {
    expect(ticketCitizenView(citizen, 'unit')).toEqual({
      id: null,
      fullName: null,
      phone: '0532 *** ** 67',
      phoneMasked: true,
      mahalle: 'Bostanlı',
    })
  })

  it('a ticket without a citizen shows none', () => {
    expect(ticketCitizenView(null, 'agent')).toBeNull()
  })
})

describe('linked call numbers', () => {
  const link = {
    linkedAt: new Date('2026-03-02T08:00:00Z'),
    call: {
      id: 3,
      direction: 'INBOUND' as const,
      queue: 'cagri-merkezi',
      callerNumber: '+905321234567',
      agentName: 'Temsilci',
      enteredAt: new Date('2026-03-02T07:58:00Z'),
      answeredAt: new Date('2026-03-02T07:58:12Z'),
      waitSec: 12,
      talkSec: 80,
      outcome: 'ANSWERED',
      recordingFile: 'r.wav',
      recordingDeletedAt: null,
    },
  }
  it('are masked for unit staff and shown to agents', () => {
    expect(toLinkedCallView(link, 'unit').callerNumber).toBe('0532 *** ** 67')
    expect(toLinkedCallView(link, 'agent').callerNumber).toBe('0532 123 45 67')
  })
  it('tell only the müdür and the data officer that the call was recorded', () => {
    expect(toLinkedCallView(link, 'supervisor').recording).toEqual({ state: 'available' })
    for (const role of ['agent', 'operator', 'unit', 'admin'] as const)
      expect(toLinkedCallView(link, role).recording).toBeNull()
  })
})

describe('deadlineBadge', () => {
  // Due Wednesday 2026-03-04 17:30 Istanbul.
  const due = new Date('2026-03-04T14:30:00Z')
  it.each([
    ['2026-02-25T09:00:00Z', 'ok'],
    ['2026-03-02T09:00:00Z', 'due-soon'],
    ['2026-03-04T06:00:00Z', 'due-today'],
    ['2026-03-04T15:00:00Z', 'overdue'],
  ] as const)('at %s an open ticket is %s', (now, badge) => {
    expect(deadlineBadge('ISLEMDE', due, new Date(now), calendar)).toBe(badge)
  })

  it('a notified or closed ticket is closed, however late', () => {
    expect(deadlineBadge('VATANDASA_BILDIRILDI', due, new Date('2026-04-01T00:00:00Z'), calendar)).toBe(
      'closed',
    )
    expect(deadlineBadge('KAPANDI', due, new Date('2026-04-01T00:00:00Z'), calendar)).toBe('closed')
  })
})

describe('toTicketListItem deadline', () => {
  const row = {
    id: 1,
    number: '2026-000001',
    type: 'ISTEK' as const,
    channel: 'CAGRI_MERKEZI' as const,
    legalTrack: 'INTERNAL' as const,
    category: null,
    subject: 'Çukur',
    status: 'YANITLANDI' as const,
    priority: 'NORMAL' as const,
    // Due Tuesday 2026-03-24 17:30 Istanbul.
    dueAt: new Date('2026-03-24T14:30:00Z'),
    extendedDueAt: null,
    createdAt: new Date('2026-03-17T08:00:00Z'),
    unit: { id: 2, name: 'Fen İşleri' },
    citizen: null,
  }
  // Monday 2026-03-30 10:00 Istanbul: four working days later.
  const now = new Date('2026-03-30T07:00:00Z')

  it('says how long ago a passed deadline passed', () => {
    expect(toTicketListItem({ ...row, status: 'ISLEMDE' }, 'unit', now, calendar)).toMatchObject({
      deadline: 'overdue',
      overdueBy: { amount: 4, unit: 'working-day' },
      withDirectorate: false,
    })
    expect(
      toTicketListItem({ ...row, status: 'ISLEMDE' }, 'agent', new Date('2026-03-24T17:45:00Z'), calendar),
    ).toMatchObject({ deadline: 'overdue', overdueBy: { amount: 3, unit: 'hour' } })
  })

  it('tells unit staff that an answered ticket waits with the directorate; the directorate still sees it late', () => {
    expect(toTicketListItem(row, 'unit', now, calendar)).toMatchObject({
      deadline: 'overdue',
      withDirectorate: true,
    })
    for (const role of ['agent', 'supervisor'] as const)
      expect(toTicketListItem(row, role, now, calendar)).toMatchObject({
        deadline: 'overdue',
        overdueBy: { amount: 4, unit: 'working-day' },
        withDirectorate: false,
      })
  })

  it('has nothing to say while the deadline holds', () => {
    expect(
      toTicketListItem({ ...row, status: 'ISLEMDE' }, 'unit', new Date('2026-03-23T07:00:00Z'), calendar),
    ).toMatchObject({ deadline: 'due-soon', overdueBy: null, withDirectorate: false })
  })
})
