/**
 * A report's date range: whole Europe/Istanbul days, `to` inclusive, default today. The instants run
 * from 00:00 Istanbul of `from` to 00:00 of the day after `to`, capped at `now` (a range that reaches
 * today ends now, so open pauses are counted up to now and not into the future).
 */
import { MAX_REPORT_DAYS, type ReportRangeView } from '../../contract/reports.ts'
import {
  addDays,
  daysBetween,
  isIsoDate,
  istanbulDate,
  istanbulInstant,
} from '../../domain/calendar/istanbul-time.ts'
import type { IsoDate } from '../../domain/calendar/turkish-holidays.ts'
import { ValidationError } from '../../errors.ts'

export interface ReportRange {
  readonly from: IsoDate
  readonly to: IsoDate
  /** Inclusive start (ms). */
  readonly fromMs: number
  /** Exclusive end (ms): the day after `to` at 00:00 Istanbul, or now when that is earlier. */
  readonly toMs: number
  /**
   * Exclusive end of the last day (ms), never capped at now: rows stamped by the PBX's clock (calls,
   * transfers) may run a few seconds ahead of this server's, and a call of today is still today's.
   */
  readonly dayEndMs: number
  /** Istanbul days in the range, in order. */
  readonly dayList: readonly IsoDate[]
}

function isoOrError(value: unknown, field: string): IsoDate | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !isIsoDate(value))
    throw new ValidationError([
      { path: field, message: 'Tarih YYYY-AA-GG biçiminde olmalı.', code: 'invalid_date' },
    ])
  return value
}

/** From `?from=&to=` (strings or absent). Throws ValidationError (400) for bad or reversed dates. */
export function parseReportRange(query: { from?: unknown; to?: unknown }, now: Date): ReportRange {
  const today = istanbulDate(now)
  const from = isoOrError(query.from, 'from') ?? isoOrError(query.to, 'to') ?? today
  const to = isoOrError(query.to, 'to') ?? (query.from === undefined || query.from === '' ? today : from)
  const span = daysBetween(from, to) + 1
  if (span < 1)
    throw new ValidationError([
      { path: 'to', message: 'Bitiş tarihi başlangıçtan önce olamaz.', code: 'range_reversed' },
    ])
  if (span > MAX_REPORT_DAYS)
    throw new ValidationError([
      {
        path: 'to',
        message: `Rapor aralığı en çok ${MAX_REPORT_DAYS} gün olabilir.`,
        code: 'range_too_long',
      },
    ])
  const fromMs = istanbulInstant(from, 0).getTime()
  const endMs = istanbulInstant(addDays(to, 1), 0).getTime()
  const toMs = Math.max(fromMs, Math.min(endMs, now.getTime()))
  const dayList: IsoDate[] = []
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) dayList.push(d)
  return { from, to, fromMs, toMs, dayEndMs: endMs, dayList }
}

export function rangeView(range: ReportRange): ReportRangeView {
  return {
    from: range.from,
    to: range.to,
    fromAt: new Date(range.fromMs).toISOString(),
    toAt: new Date(range.toMs).toISOString(),
    days: range.dayList.length,
  }
}

/** `2026-03-01_2026-03-31` (or one date), for file names. */
export function rangeSlug(range: Pick<ReportRange, 'from' | 'to'>): string {
  return range.from === range.to ? range.from : `${range.from}_${range.to}`
}
