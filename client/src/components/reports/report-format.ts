/**
 * Pure helpers of the Raporlar screen: the quick date ranges (Europe/Istanbul days, weeks from Monday),
 * Turkish number and duration formatting and table sorting. No DOM, so unit tests cover them.
 */
import type { ColumnKind, ReportCell, ReportColumn } from '../../../../server/contract/reports.ts'
import { ISTANBUL_OFFSET_MS } from '../../../../server/contract/time-zone.ts'
import { formatDate, formatSeconds } from '../../lib/format.ts'

const DAY_MS = 86_400_000

export type QuickPick = 'bugun' | 'dun' | 'bu-hafta' | 'gecen-hafta' | 'bu-ay'

export const QUICK_PICK_LABELS: Record<QuickPick, string> = {
  bugun: 'Bugün',
  dun: 'Dün',
  'bu-hafta': 'Bu hafta',
  'gecen-hafta': 'Geçen hafta',
  'bu-ay': 'Bu ay',
}

export interface DateRange {
  from: string
  to: string
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The Istanbul calendar date at `now`, as YYYY-MM-DD. */
export function istanbulToday(now: Date): string {
  return iso(now.getTime() + ISTANBUL_OFFSET_MS)
}

/** Quick ranges; weeks run Monday to Sunday, "bu hafta" and "bu ay" end today. */
export function quickRange(pick: QuickPick, now: Date): DateRange {
  const today = istanbulToday(now)
  const t = Date.parse(`${today}T00:00:00Z`)
  const mondayOffset = (new Date(t).getUTCDay() + 6) % 7
  switch (pick) {
    case 'bugun':
      return { from: today, to: today }
    case 'dun':
      return { from: iso(t - DAY_MS), to: iso(t - DAY_MS) }
    case 'bu-hafta':
      return { from: iso(t - mondayOffset * DAY_MS), to: today }
    case 'gecen-hafta':
      return { from: iso(t - (mondayOffset + 7) * DAY_MS), to: iso(t - (mondayOffset + 1) * DAY_MS) }
    case 'bu-ay':
      return { from: `${today.slice(0, 8)}01`, to: today }
  }
}

export function pickOf(range: DateRange, now: Date): QuickPick | null {
  for (const pick of Object.keys(QUICK_PICK_LABELS) as QuickPick[]) {
    const r = quickRange(pick, now)
    if (r.from === range.from && r.to === range.to) return pick
  }
  return null
}

const INT = new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 0 })
const DEC = new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 1 })

/** `1.234`, `16,3`, `%60` (Turkish puts the percent sign first), `1:23` for seconds, `—` for no value. */
export function formatCell(value: ReportCell | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return kind === 'date' ? formatDate(value) : value
  switch (kind) {
    case 'int':
      return INT.format(value)
    case 'pct':
      return `%${DEC.format(value)}`
    case 'dec':
      return DEC.format(value)
    case 'sec':
      return formatSeconds(value)
    case 'text':
      return String(value)
    case 'date':
      return formatDate(String(value))
  }
}

/**
 * A column's header on screen. The server names a seconds column with its unit (`Ort. cevaplama süresi (sn)`,
 * server/services/reports/call-report.ts) because the CSV holds plain seconds; the screen writes the
 * same cells as `1:23`, so the unit is left off there.
 */
export function columnLabel(column: Pick<ReportColumn, 'label' | 'kind'>): string {
  return column.kind === 'sec' ? column.label.replace(/\s*\(sn\)$/, '') : column.label
}

export type SortDirection = 'asc' | 'desc'

/** Sorted copy: numbers numerically, text in Turkish order, empty cells last either way. */
export function sortRows<R extends Readonly<Record<string, ReportCell>>>(
  rows: readonly R[],
  key: string,
  direction: SortDirection,
): R[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = a[key]
    const y = b[key]
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1
    if (y === null || y === undefined) return -1
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y)
    return sign * String(x).localeCompare(String(y), 'tr')
  })
}

export function csvUrl(tableId: string, range: DateRange): string {
  return `/api/v1/reports/${tableId}.csv?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`
}

/** A ticket's number as the server writes it (server/domain/ticket-number.ts), inside a cell's text. */
const TICKET_NUMBER = /\b20\d\d-\d{6,12}\b/g

/** A text cell cut into plain text and ticket numbers, so each number can open its ticket. */
export function ticketNumberParts(text: string): Array<{ text: string; ticket: boolean }> {
  const parts: Array<{ text: string; ticket: boolean }> = []
  let at = 0
  for (const m of text.matchAll(TICKET_NUMBER)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), ticket: false })
    parts.push({ text: m[0], ticket: true })
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), ticket: false })
  return parts
}
