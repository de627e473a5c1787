/** Human-readable ticket numbers: `2026-000123` (year of receipt in Europe/Istanbul, yearly sequence). */
import { istanbulYear } from './calendar/istanbul-time.ts'

export const TICKET_SEQ_DIGITS = 6
const MAX_SEQ_DIGITS = 12

export interface TicketNumberParts {
  readonly year: number
  readonly seq: number
}

function assertParts(year: number, seq: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new RangeError(`Geçersiz talep yılı: ${year}`)
  if (!Number.isInteger(seq) || seq < 1 || String(seq).length > MAX_SEQ_DIGITS) {
    throw new RangeError(`Geçersiz talep sıra numarası: ${seq}`)
  }
}

/** `formatTicketNumber(2026, 123)` → `2026-000123`; sequences past 999999 simply get longer. */
export function formatTicketNumber(year: number, seq: number): string {
  assertParts(year, seq)
  return `${year}-${String(seq).padStart(TICKET_SEQ_DIGITS, '0')}`
}

/**
 * Reads a ticket number as users type it: `2026-000123`, `2026-123`, `2026/123`, `2026 123`.
 * Returns null for anything else.
 */
export function parseTicketNumber(input: string): TicketNumberParts | null {
  if (typeof input !== 'string') return null
  const m = /^(\d{4})\s*[-/ ]\s*(\d{1,12})$/.exec(input.trim())
  if (!m) return null
  const year = Number(m[1])
  const seq = Number(m[2])
  if (year < 2000 || seq < 1) return null
  return { year, seq }
}

/** The numbering year of a ticket received at `receivedAt` (Istanbul new year, not UTC's). */
export function ticketNumberYear(receivedAt: Date): number {
  return istanbulYear(receivedAt)
}
