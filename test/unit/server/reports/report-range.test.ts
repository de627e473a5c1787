import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../../server/errors.ts'
import { parseReportRange, rangeSlug } from '../../../../server/services/reports/report-range.ts'

// 00:30 on 11 March 2026 in Istanbul is still 10 March in UTC.
const NOW = new Date('2026-03-10T21:30:00Z')

describe('report range', () => {
  it('defaults to today in Istanbul, from its midnight up to now', () => {
    const r = parseReportRange({}, NOW)
    expect([r.from, r.to]).toEqual(['2026-03-11', '2026-03-11'])
    expect(new Date(r.fromMs).toISOString()).toBe('2026-03-10T21:00:00.000Z')
    expect(r.toMs).toBe(NOW.getTime())
  })

  it('covers whole past days up to the next Istanbul midnight', () => {
    const r = parseReportRange({ from: '2026-02-27', to: '2026-03-02' }, NOW)
    expect(new Date(r.fromMs).toISOString()).toBe('2026-02-26T21:00:00.000Z')
    expect(new Date(r.toMs).toISOString()).toBe('2026-03-02T21:00:00.000Z')
    expect(r.dayList).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
    expect(rangeSlug(r)).toBe('2026-02-27_2026-03-02')
  })

  it('takes one date as a one-day range', () => {
    const r = parseReportRange({ from: '2026-03-01' }, NOW)
    expect([r.from, r.to, rangeSlug(r)]).toEqual(['2026-03-01', '2026-03-01', '2026-03-01'])
  })

  it('refuses bad, reversed and over-long ranges with a field error', () => {
    for (const q of [
      { from: '2026-02-30' },
      { from: '01.03.2026' },
      { from: ['2026-03-01'] },
      { from: '2026-03-05', to: '2026-03-04' },
      { from: '2025-01-01', to: '2026-03-01' },
    ]) {
      expect(() => parseReportRange(q, NOW), JSON.stringify(q)).toThrow(ValidationError)
    }
  })
})
