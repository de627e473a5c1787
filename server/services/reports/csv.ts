/**
 * A report table as CSV that Turkish Excel opens correctly by double-click: UTF-8 with a BOM, `;` as
 * the separator (Excel's list separator in the tr-TR locale, where `,` is the decimal mark), CRLF line
 * ends, Turkish headers, numbers with a decimal comma and no thousands separator. Text cells that
 * contain `;`, `"`, CR or LF are quoted with doubled quotes; text that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) gets a leading apostrophe.
 */
import type { ReportCell, ReportColumn, ReportTable } from '../../contract/reports.ts'
import { turkishDay } from '../../domain/calendar/istanbul-time.ts'

export const CSV_BOM = '\uFEFF'
export const CSV_SEPARATOR = ';'

/** `12.5` → `12,5`; integers stay as they are; null/undefined → empty. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return ''
  return String(value).replace('.', ',')
}

export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function csvCell(value: ReportCell | undefined, kind: ReportColumn['kind']): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' && kind !== 'text') return csvNumber(value)
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return turkishDay(value)
  return csvText(String(value))
}

export function tableToCsv(table: Pick<ReportTable, 'columns' | 'rows' | 'total'>): string {
  const lines = [table.columns.map((c) => csvText(c.label)).join(CSV_SEPARATOR)]
  const rows = table.total === null ? table.rows : [...table.rows, table.total]
  for (const row of rows)
    lines.push(table.columns.map((c) => csvCell(row[c.key], c.kind)).join(CSV_SEPARATOR))
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}
