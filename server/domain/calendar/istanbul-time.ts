/**
 * Europe/Istanbul wall-clock arithmetic. Türkiye has used a fixed UTC+03:00 with no DST since 2016-09-07,
 * so a constant offset is exact for every date this product handles; Intl is not needed.
 */
import { ISTANBUL_OFFSET_MS, ISTANBUL_UTC_OFFSET } from '../../contract/time-zone.ts'
import type { IsoDate } from './turkish-holidays.ts'

export { ISTANBUL_OFFSET_MINUTES, ISTANBUL_OFFSET_MS, ISTANBUL_TIME_ZONE } from '../../contract/time-zone.ts'

const OFFSET_MS = ISTANBUL_OFFSET_MS
const DAY_MS = 86_400_000

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/

/** A clock time of day, `HH:MM` (24 h). */
export type ClockTime = `${number}:${number}`

export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

export function assertIsoDate(value: string): IsoDate {
  if (!isIsoDate(value))
    throw new RangeError(`Geçersiz tarih (YYYY-AA-GG bekleniyor): ${JSON.stringify(value)}`)
  return value
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Geçersiz zaman değeri')
  }
}

/** Minutes after local midnight of an `HH:MM` string. */
export function clockMinutes(time: string): number {
  const m = HH_MM.exec(time)
  if (!m) throw new RangeError(`Geçersiz saat (SS:DD bekleniyor): ${JSON.stringify(time)}`)
  return Number(m[1]) * 60 + Number(m[2])
}

function utcMidnightMs(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`)
}

function isoFromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10) as IsoDate
}

/** The Istanbul calendar date of an instant. */
/** `2026-12-31` → `31.12.2026`, a day as Turkish screens and files write it. */
export function turkishDay(isoDate: string): string {
  return `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}`
}

export function istanbulDate(instant: Date): IsoDate {
  assertInstant(instant)
  return isoFromUtcMs(instant.getTime() + OFFSET_MS)
}

export function istanbulYear(instant: Date): number {
  return Number(istanbulDate(instant).slice(0, 4))
}

/** `HH:MM:SS` on Istanbul clocks. */
export function istanbulClock(instant: Date): string {
  assertInstant(instant)
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 19)
}

/**
 * ISO 8601 on Istanbul clocks with the offset, to the second: `2026-12-07T04:12:38+03:00` for the
 * instant `2026-12-07T01:12:38Z`. For documents a person reads (the KVKK export), where `…Z` would show
 * a time three hours off their own.
 */
export function istanbulIsoTime(instant: Date): string {
  return `${istanbulDate(instant)}T${istanbulClock(instant)}${ISTANBUL_UTC_OFFSET}`
}

/** Minutes after Istanbul midnight (0–1439). */
export function istanbulMinuteOfDay(instant: Date): number {
  assertInstant(instant)
  const local = instant.getTime() + OFFSET_MS
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000)
}

/** The instant at which Istanbul clocks show `date` `minutes` after midnight. */
export function istanbulInstant(date: IsoDate, minutes: number): Date {
  return new Date(utcMidnightMs(date) - OFFSET_MS + minutes * 60_000)
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Gün sayısı tam sayı olmalı: ${n}`)
  return isoFromUtcMs(utcMidnightMs(date) + n * DAY_MS)
}

/** 0 = Pazar … 6 = Cumartesi. */
export function weekday(date: IsoDate): number {
  return new Date(utcMidnightMs(date)).getUTCDay()
}

export function isWeekend(date: IsoDate): boolean {
  const d = weekday(date)
  return d === 0 || d === 6
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMidnightMs(to) - utcMidnightMs(from)) / DAY_MS)
}

/**
 * A holiday date from the database (`@db.Date` comes back as UTC midnight) or from the seed list.
 * A Date is read as its UTC calendar date, never shifted to Istanbul.
 */
export function holidayDateKey(value: string | Date): IsoDate {
  if (value instanceof Date) {
    assertInstant(value)
    return isoFromUtcMs(value.getTime())
  }
  return assertIsoDate(value)
}
