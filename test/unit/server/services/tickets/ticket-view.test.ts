import { describe, expect, it } from 'vitest'
import { createWorkingCalendar } from '../../../../../server/domain/calendar/working-days.ts'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import {
  deadlineBadge,
  ticketCitizenView,
  toLinkedCallView,
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
