/** Instants as a Turkish reader expects them in an answer or a CSV: Istanbul time, `05.12.2026 14:03:09`. */
import { istanbulClock, istanbulDate, turkishDay } from '../../domain/calendar/istanbul-time.ts'

/** `05.12.2026` (Istanbul day). */
export function dayText(instant: Date): string {
  return turkishDay(istanbulDate(instant))
}

/** `05.12.2026 14:03:09` (Istanbul wall clock). */
export function dateTimeText(instant: Date): string {
  return `${dayText(instant)} ${istanbulClock(instant)}`
}
