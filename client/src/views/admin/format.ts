/** Dates and times in Yönetim, as the directorate reads them (Istanbul). Pure. */
import { ISTANBUL_TIME_ZONE } from '../../../../server/contract/time-zone.ts'

const DATE_TIME = new Intl.DateTimeFormat('tr-TR', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: ISTANBUL_TIME_ZONE,
})
const DAY = new Intl.DateTimeFormat('tr-TR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  weekday: 'long',
  timeZone: 'UTC',
})

export function formatDateTime(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : DATE_TIME.format(at)
}

/** `2027-01-01` → `1 Ocak 2027 Cuma` (a calendar day: no time zone shift). */
export function formatDay(date: string): string {
  const at = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(at.getTime()) ? date : DAY.format(at)
}
