/**
 * How every screen writes numbers, percentages, dates and phone numbers (Turkish conventions, Istanbul
 * time, whatever the browser's language or time zone). One place, so a number never reads two ways on
 * two screens (docs/glossary.md lists the words).
 */

import { ISTANBUL_TIME_ZONE as TIME_ZONE, ISTANBUL_UTC_OFFSET } from '../../../server/contract/time-zone.ts'

const INT = new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 0 })
const DEC = new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 1 })

/** `1.234`; `—` for no value. */
export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : INT.format(value)
}

/** `16,3`; `—` for no value. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : DEC.format(value)
}

/** `%87` (Turkish puts the sign first); `digits` 1 gives `%87,5`; `—` for no value. */
export function formatPercent(value: number | null | undefined, digits: 0 | 1 = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `%${digits === 0 ? INT.format(Math.round(value)) : DEC.format(value)}`
}

/**
 * `+905321112233` → `0532 111 22 33` (every Turkish 10-digit number, mobile or fixed); `+904441575` →
 * `444 1 575`; a number already written for people (or masked, `0532 *** ** 67`) stays as it is;
 * null or empty → `Gizli numara`.
 */
export function formatPhone(value: string | null | undefined): string {
  if (value === null || value === undefined || value.trim() === '') return 'Gizli numara'
  const national = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(value)
  if (national !== null) return `0${national[1]} ${national[2]} ${national[3]} ${national[4]}`
  const uan = /^\+90(444)(\d)(\d{3})$/.exec(value)
  if (uan !== null) return `${uan[1]} ${uan[2]} ${uan[3]}`
  const bare = /^0?(5\d{2}|[2-4]\d{2}|8\d{2})(\d{3})(\d{2})(\d{2})$/.exec(value)
  if (bare !== null) return `0${bare[1]} ${bare[2]} ${bare[3]} ${bare[4]}`
  return value
}

/** `05.12.2026` from an ISO date (`2026-12-05`) or instant. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-')
    return `${d}.${m}.${y}`
  }
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return '—'
  return at.toLocaleDateString('tr-TR', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  })
}

/** `05.12.2026 14:05` (Istanbul). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return '—'
  return at.toLocaleString('tr-TR', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** `14:05` (Istanbul). */
export function formatTime(value: string | number | Date): string {
  return new Date(value).toLocaleTimeString('tr-TR', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** `1:15`, `1:02:05` from whole seconds (no sign, hours only when there are some). */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const sec = String(seconds % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

/**
 * A running clock: 75 → `1:15`, 3725 → `1:02:05`; null → `—`. Floors, so a clock never shows a second
 * that has not passed yet.
 */
export function formatDuration(totalSec: number | null | undefined): string {
  if (totalSec === null || totalSec === undefined || !Number.isFinite(totalSec)) return '—'
  return clock(Math.max(0, Math.floor(totalSec)))
}

/**
 * A measured length of time (an average, a total, a longest wait) as people read it, to the nearest
 * second: 83.4 → `1:23`, 59.6 → `1:00`, 3725 → `1:02:05`; null, undefined or not a number → `—`.
 * Every duration on the Raporlar screen goes through it (its CSV keeps plain seconds, headed `(sn)`).
 */
export function formatSeconds(totalSec: number | null | undefined): string {
  if (totalSec === null || totalSec === undefined || !Number.isFinite(totalSec)) return '—'
  return clock(Math.max(0, Math.round(totalSec)))
}

/** 5400 → `1 sa 30 dk`, 240 → `4 dk`. */
export function formatMinutes(totalSec: number): string {
  const m = Math.floor(Math.max(0, totalSec) / 60)
  return m >= 60 ? `${Math.floor(m / 60)} sa ${m % 60} dk` : `${m} dk`
}

/**
 * Said at a field where a day is typed (Pano's day fields are text, not `type="date"`, which Chromium
 * writes in the browser's language: client/src/views/admin/kvkk/AccessLog.svelte) when parseDate cannot
 * read it.
 */
export const DAY_FORMAT_MESSAGE = 'Geçerli bir gün yazın: GG.AA.YYYY (ör. 05.12.2026).'

/**
 * A typed day: `05.12.2026`, `5.12.2026`, `05/12/2026`, `05122026` (digits only, as typed on a number
 * pad) or `2026-12-05` → `2026-12-05`; null when it is not a real calendar day.
 */
export function parseDate(text: string): string | null {
  const t = text.trim()
  const tr = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(t)
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  const [y, m, d] = tr !== null ? [tr[3], tr[2], tr[1]] : iso !== null ? [iso[1], iso[2], iso[3]] : []
  if (y === undefined || m === undefined || d === undefined) return null
  const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  const check = new Date(`${out}T12:00:00Z`)
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === out ? out : null
}

/**
 * Said at a field where a time of day is typed (office hours: client/src/views/admin/calendar/
 * OfficeHoursForm.svelte; text, not `type="time"`, which Chromium writes as `08:00 AM` on an English
 * system) when parseTime cannot read it.
 */
export const TIME_FORMAT_MESSAGE = 'Geçerli bir saat yazın: SS:DD (ör. 08:30 ya da 17:30).'

/**
 * A typed time of day on the 24-hour clock: `08:30`, `8:30`, `8.30`, `0830` or `830` (digits only, as
 * typed on a number pad) → `08:30`; null when it is not a time on the clock (`24:00`, `9:60`, `9`).
 */
export function parseTime(text: string): string | null {
  const t = text.trim()
  const parts = /^(\d{1,2})[:.](\d{2})$/.exec(t) ?? /^(\d{1,2})(\d{2})$/.exec(t)
  if (parts === null) return null
  const [hh = '', mm = ''] = [parts[1], parts[2]]
  return Number(hh) <= 23 && Number(mm) <= 59 ? `${hh.padStart(2, '0')}:${mm}` : null
}

/**
 * Said at a field where a day and a time are typed together (client/src/components/desk/
 * ScheduledCallbackFields.svelte, client/src/views/admin/tokens/ApiTokensPanel.svelte) when
 * parseDateTime cannot read it.
 */
export const DATE_TIME_FORMAT_MESSAGE =
  'Geçerli bir gün ve saat yazın: GG.AA.YYYY SS:DD (ör. 05.12.2026 09:30).'

/**
 * A typed day and time on Istanbul's clock, the day as parseDate reads it and the time as parseTime
 * does, with a space between: `05.12.2026 09:30`, `5.12.2026 9:30`, `05122026 0930`, or
 * `2026-12-05T09:30` as a `datetime-local` field wrote it → `2026-12-05T09:30`; null when either part
 * is not real. istanbulInstant makes it an instant, formatDateTime writes that back as Pano shows it.
 */
export function parseDateTime(text: string): string | null {
  const parts = /^(.+?),?(?:\s+|T)(\S+)$/.exec(text.trim())
  if (parts === null) return null
  const day = parseDate(parts[1] ?? '')
  const time = parseTime(parts[2] ?? '')
  return day === null || time === null ? null : `${day}T${time}`
}

/**
 * The instant of an Istanbul wall-clock time as parseDateTime returns it (`2026-12-05T09:30` →
 * 06:30 UTC), whatever the browser's own time zone: Istanbul is UTC+3 all year
 * (server/contract/time-zone.ts), so the offset is written, never looked up.
 */
export function istanbulInstant(local: string): Date {
  return new Date(`${local}:00${ISTANBUL_UTC_OFFSET}`)
}
