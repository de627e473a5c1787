import { describe, expect, it } from 'vitest'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import { createWorkingCalendar } from '../../../../../server/domain/calendar/working-days.ts'

const cal = createWorkingCalendar(TURKISH_HOLIDAYS)
/** An Istanbul wall-clock time as an instant. */
const ist = (local: string): Date => new Date(`${local}+03:00`)

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-16', true, 'an ordinary Monday'],
    ['2026-03-14', false, 'Saturday'],
    ['2026-03-15', false, 'Sunday'],
    ['2026-03-19', true, 'Ramazan Bayramı arifesi is a (half) working day'],
    ['2026-03-20', false, 'Ramazan Bayramı 1. gün'],
    ['2026-05-26', true, 'Kurban Bayramı arifesi'],
    ['2026-05-27', false, 'Kurban Bayramı 1. gün'],
    ['2026-05-29', false, 'Kurban Bayramı 3. gün (Friday)'],
    ['2026-01-01', false, 'Yılbaşı'],
    ['2026-10-28', true, 'Cumhuriyet Bayramı arifesi'],
    ['2026-10-29', false, 'Cumhuriyet Bayramı'],
    ['2026-07-15', false, 'Demokrasi ve Milli Birlik Günü'],
  ] as const)('%s → %s (%s)', (date, expected, _why) => {
    expect(cal.isWorkingDay(date)).toBe(expected)
  })

  it('reads an instant in Istanbul time, not UTC', () => {
    // 2026-03-19 22:30 UTC is already 20 March (bayram) in Istanbul.
    expect(cal.isWorkingDay(new Date('2026-03-19T20:30:00Z'))).toBe(true)
    expect(cal.isWorkingDay(new Date('2026-03-19T21:30:00Z'))).toBe(false)
  })

  it('accepts holidays as database dates (UTC midnight) as well as strings', () => {
    const fromDb = createWorkingCalendar([
      { date: new Date('2026-06-10T00:00:00Z'), kind: 'FULL', name: 'İdari izin' },
    ])
    expect(fromDb.isWorkingDay('2026-06-10')).toBe(false)
    expect(fromDb.holidayName('2026-06-10')).toBe('İdari izin')
    expect(fromDb.isWorkingDay('2026-06-11')).toBe(true)
  })

  it('treats a day listed as both FULL and HALF_DAY as a full holiday', () => {
    const c = createWorkingCalendar([
      { date: '2026-06-10', kind: 'HALF_DAY' },
      { date: '2026-06-10', kind: 'FULL' },
    ])
    expect(c.isWorkingDay('2026-06-10')).toBe(false)
    expect(c.isHalfDay('2026-06-10')).toBe(false)
  })
})

describe('endOfWorkingDay and startOfWorkingDay', () => {
  it('closes at 17:30 Istanbul on a full day and 13:00 on an arife', () => {
    expect(cal.endOfWorkingDay('2026-03-18').toISOString()).toBe('2026-03-18T14:30:00.000Z')
    expect(cal.endOfWorkingDay('2026-03-19').toISOString()).toBe('2026-03-19T10:00:00.000Z')
    expect(cal.startOfWorkingDay('2026-03-19').toISOString()).toBe('2026-03-19T05:30:00.000Z')
  })

  it('uses configured office hours', () => {
    const c = createWorkingCalendar(TURKISH_HOLIDAYS, {
      officeHours: { start: '08:00', end: '17:00', halfDayEnd: '12:30' },
    })
    expect(c.endOfWorkingDay('2026-03-18').toISOString()).toBe('2026-03-18T14:00:00.000Z')
    expect(c.endOfWorkingDay('2026-05-26').toISOString()).toBe('2026-05-26T09:30:00.000Z')
  })

  it('refuses a weekend or holiday with a clear error', () => {
    expect(() => cal.endOfWorkingDay('2026-03-20')).toThrow(/iş günü değil/)
    expect(() => cal.startOfWorkingDay('2026-03-21')).toThrow(/iş günü değil/)
  })
})

describe('addWorkingDays', () => {
  it('counts 15 iş günü across the 2026 Ramazan Bayramı (arife counts, bayram days do not)', () => {
    // Day 1 = Tue 17 Mar, arife 19 Mar = day 3, 20 Mar skipped, … day 15 = Tue 7 Apr.
    expect(cal.addWorkingDays(ist('2026-03-16T10:00'), 15).toISOString()).toBe('2026-04-07T14:30:00.000Z')
  })

  it('ends at 13:00 when the last working day is an arife', () => {
    expect(cal.addWorkingDays(ist('2026-03-18T09:00'), 1).toISOString()).toBe('2026-03-19T10:00:00.000Z')
    expect(cal.addWorkingDays(ist('2026-05-25T09:00'), 1).toISOString()).toBe('2026-05-26T10:00:00.000Z')
  })

  it('skips the whole 2026 Kurban Bayramı and the weekend after it', () => {
    // 27–30 May bayram, 31 May Sunday: the day after the arife is Monday 1 June.
    expect(cal.addWorkingDays(ist('2026-05-25T09:00'), 2).toISOString()).toBe('2026-06-01T14:30:00.000Z')
  })

  it('starts counting on the next working day for an arife afternoon, an evening or a weekend', () => {
    expect(cal.nthWorkingDayAfter(ist('2026-03-19T15:00'), 1)).toBe('2026-03-23')
    expect(cal.nthWorkingDayAfter(ist('2026-03-19T09:00'), 1)).toBe('2026-03-23')
    expect(cal.nthWorkingDayAfter(ist('2026-03-21T11:00'), 1)).toBe('2026-03-23')
    expect(cal.nthWorkingDayAfter(ist('2026-03-17T22:00'), 1)).toBe('2026-03-18')
  })

  it('crosses the year end and Yılbaşı', () => {
    expect(cal.nthWorkingDayAfter(ist('2025-12-31T16:00'), 1)).toBe('2026-01-02')
    expect(cal.nthWorkingDayAfter(ist('2025-12-31T16:00'), 2)).toBe('2026-01-05')
    expect(cal.nthWorkingDayAfter(ist('2026-12-31T10:00'), 1)).toBe('2027-01-04')
  })

  it('takes the receipt day in Istanbul time at month edges', () => {
    // 2026-03-31 20:59 UTC is 23:59 Tuesday 31 March in Istanbul; one minute later it is 1 April.
    expect(cal.nthWorkingDayAfter(new Date('2026-03-31T20:59:00Z'), 1)).toBe('2026-04-01')
    expect(cal.nthWorkingDayAfter(new Date('2026-03-31T21:00:00Z'), 1)).toBe('2026-04-02')
  })

  it.each([0, -1, 1.5, Number.NaN])('rejects %s working days', (n) => {
    expect(() => cal.addWorkingDays(ist('2026-03-16T10:00'), n)).toThrow(RangeError)
  })

  it('rejects an invalid start instant', () => {
    expect(() => cal.addWorkingDays(new Date('nope'), 1)).toThrow(/Geçersiz zaman/)
  })
})

describe('addCalendarDays and workingDaysUntil', () => {
  it('adds whole days keeping the Istanbul wall-clock time across the year end', () => {
    expect(cal.addCalendarDays(ist('2026-12-20T10:15'), 30).toISOString()).toBe(
      ist('2027-01-19T10:15').toISOString(),
    )
  })

  it('counts working days after a day up to and including the target', () => {
    expect(cal.workingDaysUntil('2026-03-18', '2026-03-23')).toBe(2) // 19 (arife), 23
    expect(cal.workingDaysUntil('2026-05-22', '2026-06-01')).toBe(3) // 25, 26, 1 June
    expect(cal.workingDaysUntil('2026-06-01', '2026-05-22')).toBe(0)
  })

  it('knows which years have holiday data', () => {
    expect([2025, 2026, 2027].every((y) => cal.hasHolidaysFor(y))).toBe(true)
    expect(cal.hasHolidaysFor(2028)).toBe(false)
  })
})

describe('invalid configuration', () => {
  it('rejects a malformed holiday date', () => {
    expect(() => createWorkingCalendar([{ date: '2026-02-30', kind: 'FULL' }])).toThrow(/Geçersiz tarih/)
    expect(() => createWorkingCalendar([{ date: '30.03.2026', kind: 'FULL' }])).toThrow(/Geçersiz tarih/)
  })

  it('rejects inconsistent office hours', () => {
    expect(() =>
      createWorkingCalendar([], { officeHours: { start: '17:30', end: '08:30', halfDayEnd: '13:00' } }),
    ).toThrow(/Mesai/)
    expect(() =>
      createWorkingCalendar([], { officeHours: { start: '8:30', end: '17:30', halfDayEnd: '13:00' } }),
    ).toThrow(/Geçersiz saat/)
  })
})
