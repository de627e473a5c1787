import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  istanbulDate,
  istanbulMinuteOfDay,
} from '../../../../../server/domain/calendar/istanbul-time.ts'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import { createWorkingCalendar } from '../../../../../server/domain/calendar/working-days.ts'
import { dueAfter } from '../../../../../server/domain/legal-clock.ts'

const cal = createWorkingCalendar(TURKISH_HOLIDAYS)
const receivedAt = fc.date({
  min: new Date('2025-01-01T00:00:00+03:00'),
  max: new Date('2027-10-31T23:59:59+03:00'),
  noInvalidDate: true,
})
const CLOSE = [17 * 60 + 30, 13 * 60]

describe('working-day invariants over 2025–2027', () => {
  it('the n-th working day is a working day with exactly n working days after the receipt day', () => {
    fc.assert(
      fc.property(receivedAt, fc.integer({ min: 1, max: 40 }), (at, n) => {
        const due = cal.addWorkingDays(at, n)
        expect(cal.isWorkingDay(due)).toBe(true)
        expect(cal.workingDaysUntil(at, due)).toBe(n)
        expect(istanbulMinuteOfDay(due)).toBe(cal.isHalfDay(due) ? 13 * 60 : 17 * 60 + 30)
      }),
      { numRuns: 500 },
    )
  })

  it('a calendar-day deadline is the receipt day + n, or the first working day after it', () => {
    fc.assert(
      fc.property(receivedAt, fc.integer({ min: 1, max: 40 }), (at, n) => {
        const { dueAt, lastDayMovedFrom } = dueAfter(at, { days: n, unit: 'calendar' }, cal)
        const lastDay = addDays(istanbulDate(at), n)
        const dueDay = istanbulDate(dueAt)
        expect(cal.isWorkingDay(dueDay)).toBe(true)
        expect(CLOSE).toContain(istanbulMinuteOfDay(dueAt))
        if (dueDay === lastDay) {
          expect(lastDayMovedFrom).toBeUndefined()
        } else {
          expect(lastDayMovedFrom).toBe(lastDay)
          for (let d = lastDay; d < dueDay; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })
})
