/** Instants as a Turkish reader expects them in an answer or a CSV: Istanbul time, `05.12.2026 14:03:09`. */
import { ISTANBUL_OFFSET_MS as OFFSET_MS } from '../../contract/istanbul.ts'
import { istanbulDate } from '../../domain/calendar/istanbul-time.ts'

/** `05.12.2026` (Istanbul day). */
export function dayText(instant: Date): string {
  const d = istanbulDate(instant)
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`
}

/** `05.12.2026 14:03:09` (Istanbul wall clock; fixed UTC+3 since 2016, istanbul-time.ts). */
export function dateTimeText(instant: Date): string {
  return `${dayText(instant)} ${new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 19)}`
}
