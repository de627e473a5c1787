/**
 * The working-day calendar as the legal clocks need it: built from the Holiday table, so a day the admin
 * adds (an idari izin bridge day) counts from the next ticket on. The table is a few dozen rows; it is
 * re-read at most once per `maxAgeMs` (default one minute) and at once after `invalidate()`.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { createWorkingCalendar, type WorkingCalendar } from '../../domain/calendar/working-days.ts'
import type { Clock } from './service-deps.ts'

export interface CalendarSource {
  current(): Promise<WorkingCalendar>
  invalidate(): void
}

export function createHolidayTableCalendar(
  prisma: Pick<PrismaClient, 'holiday'>,
  clock: Clock,
  maxAgeMs = 60_000,
): CalendarSource {
  let cached: { calendar: WorkingCalendar; loadedAt: number } | null = null
  return {
    async current() {
      const now = clock.now().getTime()
      if (cached && now - cached.loadedAt < maxAgeMs) return cached.calendar
      const rows = await prisma.holiday.findMany({ orderBy: { date: 'asc' } })
      const calendar = createWorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })))
      cached = { calendar, loadedAt: now }
      return calendar
    },
    invalidate() {
      cached = null
    },
  }
}

/** A fixed calendar (tests, previews): never touches the database. */
export function fixedCalendar(calendar: WorkingCalendar): CalendarSource {
  return { current: () => Promise.resolve(calendar), invalidate: () => undefined }
}
