import { describe, expect, it } from 'vitest'
import {
  formatTicketNumber,
  parseTicketNumber,
  ticketNumberYear,
} from '../../../../server/domain/ticket-number.ts'

describe('ticket numbers', () => {
  it.each([
    [2026, 1, '2026-000001'],
    [2026, 123, '2026-000123'],
    [2027, 999_999, '2027-999999'],
    [2027, 1_000_000, '2027-1000000'],
  ])('formats %i/%i as %s and reads it back', (year, seq, text) => {
    expect(formatTicketNumber(year, seq)).toBe(text)
    expect(parseTicketNumber(text)).toEqual({ year, seq })
  })

  it.each([
    [0, 1],
    [2026, 0],
    [2026, -5],
    [2026, 1.5],
    [1999, 1],
    [10000, 1],
  ])('refuses year %i and sequence %i', (year, seq) => {
    expect(() => formatTicketNumber(year, seq)).toThrow(RangeError)
  })

  it.each([
    ['2026-123', { year: 2026, seq: 123 }],
    [' 2026/000123 ', { year: 2026, seq: 123 }],
    ['2026 45', { year: 2026, seq: 45 }],
  ])('reads what users type: %j', (text, parts) => {
    expect(parseTicketNumber(text)).toEqual(parts)
  })

  it.each(['', '2026', '2026-', '26-000123', '2026-000000', '2026-12a', 'A2026-1', '2026--1', '1999-000001'])(
    'rejects %j',
    (text) => {
      expect(parseTicketNumber(text)).toBeNull()
    },
  )

  it('takes the year in Istanbul: 31 Dec 21:30 UTC is already the new year', () => {
    expect(ticketNumberYear(new Date('2026-12-31T20:59:59Z'))).toBe(2026)
    expect(ticketNumberYear(new Date('2026-12-31T21:00:00Z'))).toBe(2027)
  })
})
