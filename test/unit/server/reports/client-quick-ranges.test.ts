/** The Raporlar screen's pure helpers (client/src/components/reports/report-format.ts). */
import { describe, expect, it } from 'vitest'
import {
  columnLabel,
  formatCell,
  pickOf,
  quickRange,
  sortRows,
} from '../../../../client/src/components/reports/report-format.ts'

// Sunday 1 March 2026, 01:00 in Istanbul (still Saturday 28 February in UTC).
const SUNDAY = new Date('2026-02-28T22:00:00Z')

describe('quick ranges (Istanbul days, weeks from Monday)', () => {
  it('reads "today" in Istanbul, not UTC', () => {
    expect(quickRange('bugun', SUNDAY)).toEqual({ from: '2026-03-01', to: '2026-03-01' })
    expect(quickRange('dun', SUNDAY)).toEqual({ from: '2026-02-28', to: '2026-02-28' })
  })

  it('starts this week on Monday and last week runs Monday to Sunday', () => {
    expect(quickRange('bu-hafta', SUNDAY)).toEqual({ from: '2026-02-23', to: '2026-03-01' })
    expect(quickRange('gecen-hafta', SUNDAY)).toEqual({ from: '2026-02-16', to: '2026-02-22' })
    const monday = new Date('2026-03-02T06:00:00Z')
    expect(quickRange('bu-hafta', monday)).toEqual({ from: '2026-03-02', to: '2026-03-02' })
  })

  it('starts this month on the 1st and recognises a range as its quick pick', () => {
    expect(quickRange('bu-ay', new Date('2026-03-17T10:00:00Z'))).toEqual({
      from: '2026-03-01',
      to: '2026-03-17',
    })
    expect(pickOf({ from: '2026-02-16', to: '2026-02-22' }, SUNDAY)).toBe('gecen-hafta')
    expect(pickOf({ from: '2026-02-16', to: '2026-02-21' }, SUNDAY)).toBeNull()
  })
})

describe('cells and sorting', () => {
  it('formats numbers the Turkish way', () => {
    expect(formatCell(1234, 'int')).toBe('1.234')
    expect(formatCell(16.25, 'dec')).toBe('16,3')
    expect(formatCell(83.4, 'sec')).toBe('1:23')
    expect(formatCell(3725, 'sec')).toBe('1:02:05')
    expect(formatCell(null, 'sec')).toBe('—')
    expect(formatCell(60, 'pct')).toBe('%60')
    expect(formatCell(null, 'pct')).toBe('—')
  })

  it('heads a seconds column without the CSV’s unit, since the screen writes m:ss', () => {
    expect(columnLabel({ label: 'ASA (sn)', kind: 'sec' })).toBe('ASA')
    expect(columnLabel({ label: 'Mola: Yemek (sn)', kind: 'sec' })).toBe('Mola: Yemek')
    expect(columnLabel({ label: 'Servis seviyesi eşiği (sn)', kind: 'int' })).toBe(
      'Servis seviyesi eşiği (sn)',
    )
  })

  it('sorts numbers numerically and Turkish text in Turkish order, empty cells last', () => {
    const rows = [
      { u: 'Zabıta', n: 2 },
      { u: 'Çevre', n: 10 },
      { u: 'Cenaze', n: null },
      { u: 'Şehir', n: 1 },
    ]
    expect(sortRows(rows, 'n', 'desc').map((r) => r.n)).toEqual([10, 2, 1, null])
    expect(sortRows(rows, 'n', 'asc').map((r) => r.n)).toEqual([1, 2, 10, null])
    expect(sortRows(rows, 'u', 'asc').map((r) => r.u)).toEqual(['Cenaze', 'Çevre', 'Şehir', 'Zabıta'])
  })
})
