import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatInt,
  formatPercent,
  formatPhone,
  formatSeconds,
  istanbulInstant,
  parseDate,
  parseDateTime,
  parseTime,
} from '../../client/src/lib/format.ts'

describe('one way to write things on every screen', () => {
  it.each([
    ['+905321112233', '0532 111 22 33'],
    ['+902323681234', '0232 368 12 34'],
    ['+904441575', '444 1 575'],
    ['05321112233', '0532 111 22 33'],
    ['5321112233', '0532 111 22 33'],
    ['0532 111 22 33', '0532 111 22 33'],
    ['0532 *** ** 33', '0532 *** ** 33'],
    ['+4915112345678', '+4915112345678'],
    [null, 'Gizli numara'],
    ['', 'Gizli numara'],
  ])('phone %j → %s', (input, shown) => {
    expect(formatPhone(input)).toBe(shown)
  })

  it('writes numbers, percentages and times the Turkish way', () => {
    expect(formatInt(1234567)).toBe('1.234.567')
    expect(formatInt(null)).toBe('—')
    expect(formatPercent(87.46)).toBe('%87')
    expect(formatPercent(87.46, 1)).toBe('%87,5')
    expect(formatPercent(null)).toBe('—')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(75)).toBe('1:15')
  })

  it.each([
    [83.4, '1:23'],
    [83.5, '1:24'],
    [59.4, '0:59'],
    [59.6, '1:00'],
    [0, '0:00'],
    [0.4, '0:00'],
    [600, '10:00'],
    [3599.4, '59:59'],
    [3599.6, '1:00:00'],
    [3725, '1:02:05'],
    [36_000, '10:00:00'],
    [-3, '0:00'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('a measured duration %j reads %s (m:ss, h:mm:ss past an hour, nearest second)', (sec, shown) => {
    expect(formatSeconds(sec)).toBe(shown)
  })

  it('a running clock shows only seconds that have passed', () => {
    expect(formatDuration(59.6)).toBe('0:59')
    expect(formatDuration(null)).toBe('—')
  })

  it('writes days as GG.AA.YYYY in Istanbul time and reads them back', () => {
    expect(formatDate('2026-12-05')).toBe('05.12.2026')
    // 22:30 UTC on 4 December is already 5 December in Istanbul.
    expect(formatDate('2026-12-04T22:30:00Z')).toBe('05.12.2026')
    expect(formatDateTime('2026-12-04T22:30:00Z')).toBe('05.12.2026 01:30')
    expect(parseDate('05.12.2026')).toBe('2026-12-05')
    expect(parseDate('5.12.2026')).toBe('2026-12-05')
    expect(parseDate('2026-12-05')).toBe('2026-12-05')
    expect(parseDate(' 05/12/2026 ')).toBe('2026-12-05')
    expect(parseDate('05122026')).toBe('2026-12-05')
    expect(parseDate('31022026')).toBeNull()
    expect(parseDate('20261205')).toBeNull()
    expect(parseDate('31.02.2026')).toBeNull()
    expect(parseDate('12/05')).toBeNull()
  })

  it.each([
    ['08:30', '08:30'],
    ['8:30', '08:30'],
    ['8.30', '08:30'],
    ['0830', '08:30'],
    ['830', '08:30'],
    [' 17:05 ', '17:05'],
    ['0:00', '00:00'],
    ['23:59', '23:59'],
  ])('reads the time %j as %s', (typed, read) => {
    expect(parseTime(typed)).toBe(read)
  })

  it.each(['24:00', '9:60', '2400', '960', '9', '12', '08:3', '8:300', '08:30:00', '8 AM', '-1:00', ''])(
    'refuses %j as a time of day',
    (typed) => {
      expect(parseTime(typed)).toBeNull()
    },
  )

  it.each([
    ['05.12.2026 09:30', '2026-12-05T09:30'],
    ['5.12.2026 9:30', '2026-12-05T09:30'],
    ['05122026 0930', '2026-12-05T09:30'],
    ['05/12/2026  17.45', '2026-12-05T17:45'],
    ['5.12.2026, 9:30', '2026-12-05T09:30'],
    ['2026-12-05T09:30', '2026-12-05T09:30'],
  ])('reads the day and time %j as %s', (typed, read) => {
    expect(parseDateTime(typed)).toBe(read)
  })

  it.each([
    '31.02.2026 10:00',
    '29.02.2026 10:00',
    '05.12.2026 24:00',
    '05.12.2026 9:60',
    '05.12.2026',
    '09:30',
    '05.12.2026 09:30 PM',
    '12/05/2026 09:30 AM',
    '',
  ])('refuses %j as a day and time', (typed) => {
    expect(parseDateTime(typed)).toBeNull()
  })

  it('puts a typed day and time on Istanbul’s clock, whatever the machine’s zone, and writes it back', () => {
    // Istanbul is UTC+3 all year: 09:30 there is 06:30 UTC in December and in July alike.
    expect(istanbulInstant('2026-12-05T09:30').toISOString()).toBe('2026-12-05T06:30:00.000Z')
    expect(istanbulInstant('2026-07-01T00:15').toISOString()).toBe('2026-06-30T21:15:00.000Z')
    const typed = parseDateTime('5.12.2026 9:30')
    expect(formatDateTime(istanbulInstant(typed ?? ''))).toBe('05.12.2026 09:30')
  })
})
