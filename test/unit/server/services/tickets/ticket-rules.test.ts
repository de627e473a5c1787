import { describe, expect, it } from 'vitest'
import { createWorkingCalendar } from '../../../../../server/domain/calendar/working-days.ts'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import type { Actor } from '../../../../../server/services/audit/actor.ts'
import { allowedActions, assertCanSeeTicket } from '../../../../../server/services/tickets/ticket-access.ts'
import { channelIssues } from '../../../../../server/services/tickets/ticket-create.ts'
import { planDeadlines } from '../../../../../server/services/tickets/ticket-deadlines.ts'

const calendar = createWorkingCalendar(TURKISH_HOLIDAYS)
const settings = { internalSla: {}, acikKapi: undefined }
const base = { type: 'ISTEK', subject: 's', description: 'd' } as const
const actor = (role: Actor['role'], unitId: number | null = null): Actor => ({
  userId: 1,
  role,
  unitId,
  ip: null,
})

describe('channel rules of the new-ticket form', () => {
  it('a desk ticket needs its desk, a CİMER ticket its application number', () => {
    expect(channelIssues({ ...base, channel: 'MASA' }).map((i) => i.path)).toEqual(['deskId'])
    expect(channelIssues({ ...base, channel: 'CIMER', externalRef: '  ' }).map((i) => i.path)).toEqual([
      'externalRef',
    ])
    expect(channelIssues({ ...base, channel: 'CIMER', externalRef: '2600012345' })).toEqual([])
    expect(channelIssues({ ...base, channel: 'CAGRI_MERKEZI', deskId: 2 }).map((i) => i.code)).toEqual([
      'not_allowed',
    ])
  })
})

describe('planDeadlines', () => {
  it('a CİMER petition gets 30 days; a last day on Saturday moves to Monday', () => {
    // Thursday 2026-03-05 10:00 Istanbul + 30 days = Saturday 2026-04-04 → Monday 2026-04-06 17:30.
    const plan = planDeadlines(
      { ...base, channel: 'CIMER', type: 'SIKAYET' },
      new Date('2026-03-05T07:00:00Z'),
      calendar,
      settings,
    )
    expect(plan.track).toBe('CIMER')
    expect(plan.dueAt.toISOString()).toBe('2026-04-06T14:30:00.000Z')
    expect(plan.extensionNoticeDueAt).toBeNull()
  })

  it('a 4982 application received before Kurban Bayramı 2026 counts 15 iş günü around the holidays', () => {
    // Friday 2026-05-15: 19 May and 27–29 May are holidays, 26 May (arife) still counts → Thursday 11 June.
    const plan = planDeadlines(
      { ...base, channel: 'BILGI_EDINME', type: 'BILGI_EDINME' },
      new Date('2026-05-15T07:00:00Z'),
      calendar,
      settings,
    )
    expect(plan.track).toBe('BILGI_EDINME_4982')
    expect(plan.dueAt.toISOString()).toBe('2026-06-11T14:30:00.000Z')
    expect(plan.extensionNoticeDueAt?.toISOString()).toBe('2026-06-11T14:30:00.000Z')
  })

  it('a bilgi edinme question by phone runs on the internal clock with a warning', () => {
    const plan = planDeadlines(
      { ...base, channel: 'CAGRI_MERKEZI', type: 'BILGI_EDINME' },
      new Date('2026-03-02T07:00:00Z'),
      calendar,
      settings,
    )
    expect(plan.track).toBe('INTERNAL')
    expect(plan.warnings).toContain('BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION')
  })

  it('uses the admin’s internal SLA for a type', () => {
    const plan = planDeadlines({ ...base, channel: 'WEB' }, new Date('2026-03-02T07:00:00Z'), calendar, {
      internalSla: { ISTEK: { days: 1, unit: 'working' } },
      acikKapi: undefined,
    })
    expect(plan.dueAt.toISOString()).toBe('2026-03-03T14:30:00.000Z')
  })
})

describe('who may do what on a ticket', () => {
  const ticket = {
    status: 'BIRIME_HAVALE' as const,
    unitId: 4,
    legalTrack: 'INTERNAL',
    extendedDueAt: null,
    extensionNoticeDueAt: null,
  }
  const now = new Date('2026-03-02T07:00:00Z')

  it('unit staff of another unit are refused, their own unit is not', () => {
    expect(() => assertCanSeeTicket(actor('unit', 5), ticket)).toThrow(
      expect.objectContaining({ status: 403 }),
    )
    expect(() => assertCanSeeTicket(actor('unit', null), ticket)).toThrow(
      expect.objectContaining({ status: 403 }),
    )
    expect(() => assertCanSeeTicket(actor('unit', 4), ticket)).not.toThrow()
    expect(() => assertCanSeeTicket(actor('agent'), ticket)).not.toThrow()
  })

  it('the unit answers and returns; the agent routes but does not answer', () => {
    const unit = allowedActions(actor('unit', 4), ticket, now)
    expect(unit).toMatchObject({ answer: true, return: true, route: false, notify: false, linkCall: false })
    expect(unit.transitions.map((t) => t.to)).toEqual(['ISLEMDE'])
    const agent = allowedActions(actor('agent'), ticket, now)
    expect(agent).toMatchObject({ answer: false, return: false, route: true })
  })

  it('an answered ticket offers the agent "notify", the müdür also "answer not sufficient"', () => {
    const answered = { ...ticket, status: 'YANITLANDI' as const }
    expect(allowedActions(actor('agent'), answered, now)).toMatchObject({ notify: true, transitions: [] })
    expect(allowedActions(actor('supervisor'), answered, now).transitions).toEqual([
      { to: 'ISLEMDE', label: 'Yanıt yetersiz: birime geri gönder', needsReason: true },
    ])
  })

  it('a 4982 ticket can be extended only until its notice deadline, and only once', () => {
    const info = {
      ...ticket,
      legalTrack: 'BILGI_EDINME_4982',
      extensionNoticeDueAt: new Date('2026-03-20T14:30:00Z'),
    }
    expect(allowedActions(actor('agent'), info, now).extend).toBe(true)
    expect(allowedActions(actor('agent'), info, new Date('2026-03-21T00:00:00Z')).extend).toBe(false)
    expect(allowedActions(actor('agent'), { ...info, extendedDueAt: new Date() }, now).extend).toBe(false)
    expect(allowedActions(actor('unit', 4), info, now).extend).toBe(false)
  })
})
