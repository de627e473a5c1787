import { describe, expect, it } from 'vitest'
import { TURKISH_HOLIDAYS } from '../../../../../server/domain/calendar/turkish-holidays.ts'
import { addDays, isIsoDate } from '../../../../../server/domain/calendar/istanbul-time.ts'

const FIXED = ['01-01', '04-23', '05-01', '05-19', '07-15', '08-30', '10-29']

describe('TURKISH_HOLIDAYS', () => {
  it('has valid, unique, sorted dates (the Holiday table is keyed by date)', () => {
    const dates = TURKISH_HOLIDAYS.map((h) => h.date)
    expect(dates.every((d) => isIsoDate(d))).toBe(true)
    expect(new Set(dates).size).toBe(dates.length)
    expect([...dates].sort()).toEqual(dates)
    expect(TURKISH_HOLIDAYS.every((h) => h.name.length > 0)).toBe(true)
  })

  it.each([2025, 2026, 2027])('lists every fixed national day of %i as a full holiday', (year) => {
    for (const md of FIXED) {
      const h = TURKISH_HOLIDAYS.find((x) => x.date === `${year}-${md}`)
      expect(h?.kind, `${year}-${md}`).toBe('FULL')
    }
    expect(TURKISH_HOLIDAYS.find((x) => x.date === `${year}-10-28`)?.kind).toBe('HALF_DAY')
  })

  it.each([
    ['2025-03-29', 3, 'Ramazan'],
    ['2025-06-05', 4, 'Kurban'],
    ['2026-03-19', 3, 'Ramazan'],
    ['2026-05-26', 4, 'Kurban'],
    ['2027-03-08', 3, 'Ramazan'],
    ['2027-05-15', 4, 'Kurban'],
  ] as const)('%s is the half-day arife followed by %i days of %s Bayramı', (arife, days, bayram) => {
    expect(TURKISH_HOLIDAYS.find((h) => h.date === arife)).toMatchObject({ kind: 'HALF_DAY' })
    for (let i = 1; i <= days; i++) {
      const h = TURKISH_HOLIDAYS.find((x) => x.date === addDays(arife, i))
      expect(h?.kind).toBe('FULL')
      expect(h?.name).toContain(`${bayram} Bayramı ${i}. Gün`)
    }
    expect(
      TURKISH_HOLIDAYS.find((x) => x.date === addDays(arife, days + 1) && x.name.includes(bayram)),
    ).toBeUndefined()
  })

  it('keeps 19 Mayıs 2027 once, named for both holidays that fall on it', () => {
    const day = TURKISH_HOLIDAYS.filter((h) => h.date === '2027-05-19')
    expect(day).toHaveLength(1)
    expect(day[0]?.name).toMatch(/Kurban Bayramı 4\. Gün.*Gençlik ve Spor Bayramı/)
  })

  it('marks only arife days as half days', () => {
    const halves = TURKISH_HOLIDAYS.filter((h) => h.kind === 'HALF_DAY')
    expect(halves).toHaveLength(9)
    expect(halves.every((h) => h.name.endsWith('Arifesi'))).toBe(true)
  })
})
