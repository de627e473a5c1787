/**
 * Calendar days in Yönetim, written out in words. Pure. Dates with a time use lib/format.ts
 * formatDateTime (GG.AA.YYYY SS:DD), as every table does.
 */

const DAY = new Intl.DateTimeFormat('tr-TR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  weekday: 'long',
  timeZone: 'UTC',
})

/** `2027-01-01` → `1 Ocak 2027 Cuma` (a calendar day: no time zone shift). */
export function formatDay(date: string): string {
  const at = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(at.getTime()) ? date : DAY.format(at)
}
