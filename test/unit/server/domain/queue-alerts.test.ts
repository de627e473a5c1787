/**
 * When a queue alert is raised: on the turn to red only, inside the rule's hours (office hours of the
 * directorate's calendar, or a daily from–to), not again within the quiet period, and cleared when the
 * tile leaves red.
 */
import { describe, expect, it } from 'vitest'
import { createWorkingCalendar } from '../../../../server/domain/calendar/working-days.ts'
import {
  isRed,
  stepAlerts,
  withinHours,
  type AlertRule,
  type AlertSample,
} from '../../../../server/domain/queue-alerts.ts'

const calendar = createWorkingCalendar([
  { date: '2026-10-29', kind: 'FULL', name: 'Cumhuriyet Bayramı' },
  { date: '2026-10-28', kind: 'HALF_DAY', name: 'Cumhuriyet Bayramı arifesi' },
])
/** 2026-11-24 is a Tuesday; Istanbul is UTC+3. */
const istanbul = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`)
const TUESDAY_NOON = istanbul('2026-11-24', '12:00')

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  enabled: true,
  quietMinutes: 30,
  hours: 'ALWAYS',
  from: null,
  to: null,
  ...over,
})
const sample = (red: boolean, r: AlertRule | null = rule(), key = '1/waiting'): AlertSample<null> => ({
  key,
  red,
  rule: r,
  data: null,
})
const none = (): number | undefined => undefined

describe('isRed', () => {
  it('is red exactly where the tile is: at or past red, either way round; no value is never red', () => {
    const waiting = { amber: 3, red: 6, higherIsWorse: true }
    const sl = { amber: 80, red: 60, higherIsWorse: false }
    expect([5, 6, 9].map((v) => isRed(v, waiting))).toEqual([false, true, true])
    expect([61, 60, 12].map((v) => isRed(v, sl))).toEqual([false, true, true])
    expect(isRed(null, sl)).toBe(false)
    expect(isRed(9, undefined)).toBe(false)
  })
})

describe('stepAlerts', () => {
  const at = TUESDAY_NOON
  const step = (previous: Map<string, boolean>, samples: AlertSample<null>[], last = none) =>
    stepAlerts(previous, samples, { at, calendar, lastRaisedAt: last })

  it('raises on the turn to red, not while it stays red, and clears when it leaves red', () => {
    const first = step(new Map([['1/waiting', false]]), [sample(true)])
    expect(first.raise.map((s) => s.key)).toEqual(['1/waiting'])
    const still = step(first.next, [sample(true)])
    expect(still.raise).toEqual([])
    expect(still.clear).toEqual([])
    const back = step(still.next, [sample(false)])
    expect(back.clear.map((s) => s.key)).toEqual(['1/waiting'])
    expect(step(back.next, [sample(false)]).clear).toEqual([])
  })

  it('a metric it knew nothing of (a start, a lease taken over) is tried both ways; the database decides', () => {
    expect(step(new Map(), [sample(true)]).raise).toHaveLength(1)
    expect(step(new Map(), [sample(false)]).clear).toHaveLength(1)
  })

  it('within the quiet period a second turn to red raises nothing; after it, it does', () => {
    const raisedAt = at.getTime() - 29 * 60_000
    const quiet = step(new Map([['1/waiting', false]]), [sample(true)], () => raisedAt)
    expect(quiet.raise).toEqual([])
    expect(quiet.held.map((h) => h.why)).toEqual(['quiet'])
    // Still red afterwards, so the end of the quiet period alone does not raise it.
    expect(step(quiet.next, [sample(true)]).raise).toEqual([])
    const later = step(new Map([['1/waiting', false]]), [sample(true)], () => at.getTime() - 31 * 60_000)
    expect(later.raise).toHaveLength(1)
  })

  it('a rule that is off, or missing, raises nothing but still clears', () => {
    const off = step(new Map([['1/waiting', false]]), [sample(true, rule({ enabled: false }))])
    expect(off.raise).toEqual([])
    expect(off.held.map((h) => h.why)).toEqual(['off'])
    expect(step(new Map([['1/waiting', true]]), [sample(false, null)]).clear).toHaveLength(1)
  })

  it('outside the rule’s hours a turn to red raises nothing', () => {
    const closed = rule({ hours: 'CUSTOM', from: '13:00', to: '14:00' })
    const held = step(new Map([['1/waiting', false]]), [sample(true, closed)])
    expect(held.raise).toEqual([])
    expect(held.held.map((h) => h.why)).toEqual(['hours'])
  })
})

describe('withinHours', () => {
  const office = { hours: 'OFFICE' as const, from: null, to: null }
  it('office hours: working days from opening to closing, the arife until its early closing, no holidays', () => {
    expect(withinHours(office, TUESDAY_NOON, calendar)).toBe(true)
    expect(withinHours(office, istanbul('2026-11-24', '08:29'), calendar)).toBe(false)
    expect(withinHours(office, istanbul('2026-11-24', '08:30'), calendar)).toBe(true)
    expect(withinHours(office, istanbul('2026-11-24', '17:30'), calendar)).toBe(false)
    expect(withinHours(office, istanbul('2026-11-28', '12:00'), calendar)).toBe(false) // Saturday
    expect(withinHours(office, istanbul('2026-10-29', '12:00'), calendar)).toBe(false) // holiday
    expect(withinHours(office, istanbul('2026-10-28', '12:30'), calendar)).toBe(true) // arife morning
    expect(withinHours(office, istanbul('2026-10-28', '13:30'), calendar)).toBe(false) // arife afternoon
  })

  it('a daily from–to, also over midnight; always is always', () => {
    const day = { hours: 'CUSTOM' as const, from: '08:00', to: '20:00' }
    const night = { hours: 'CUSTOM' as const, from: '20:00', to: '08:00' }
    expect(withinHours(day, istanbul('2026-11-28', '19:59'), calendar)).toBe(true)
    expect(withinHours(day, istanbul('2026-11-28', '20:00'), calendar)).toBe(false)
    expect(withinHours(night, istanbul('2026-11-28', '23:00'), calendar)).toBe(true)
    expect(withinHours(night, istanbul('2026-11-29', '07:59'), calendar)).toBe(true)
    expect(withinHours(night, TUESDAY_NOON, calendar)).toBe(false)
    expect(
      withinHours({ hours: 'ALWAYS', from: null, to: null }, istanbul('2026-10-29', '03:00'), calendar),
    ).toBe(true)
  })
})
