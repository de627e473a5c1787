/**
 * The working-day calendar as the legal clocks and the missed-call worklist need it: built from the
 * Holiday table and the office hours setting (Yönetim › Tatiller ve mesai), so a day the admin adds (an
 * idari izin bridge day) counts from the next ticket on. The table is a few dozen rows; it is re-read at
 * most once per `maxAgeMs` (default one minute) and at once after `invalidate()`.
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import {
  createWorkingCalendar,
  DEFAULT_OFFICE_HOURS,
  type OfficeHours,
  type WorkingCalendar,
} from '../../domain/calendar/working-days.ts'
import type { Clock } from './service-deps.ts'

/** Setting key of the office hours (one definition for every clock in Pano). */
export const OFFICE_HOURS_SETTING = 'calendar.officeHours'

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
export const officeHoursSchema = z
  .object({
    start: textField().regex(HHMM, 'SS:DD biçiminde bir saat yazın (ör. 08:30).'),
    end: textField().regex(HHMM, 'SS:DD biçiminde bir saat yazın (ör. 17:30).'),
    halfDayEnd: textField().regex(HHMM, 'SS:DD biçiminde bir saat yazın (ör. 13:00).'),
  })
  .strict()
  .refine((h) => h.start < h.halfDayEnd && h.halfDayEnd <= h.end, {
    message: 'Açılış, arife kapanışından önce; arife kapanışı da akşam kapanışından sonra olamaz.',
    path: ['halfDayEnd'],
  })

/** The stored office hours, or the directorate's defaults when the setting is missing or unreadable. */
export function officeHoursOf(value: unknown): OfficeHours {
  const parsed = officeHoursSchema.safeParse(value)
  return parsed.success ? parsed.data : DEFAULT_OFFICE_HOURS
}

export interface CalendarSource {
  current(): Promise<WorkingCalendar>
  invalidate(): void
}

export function createHolidayTableCalendar(
  prisma: Pick<PrismaClient, 'holiday' | 'setting'>,
  clock: Clock,
  maxAgeMs = 60_000,
): CalendarSource {
  let cached: { calendar: WorkingCalendar; loadedAt: number } | null = null
  return {
    async current() {
      const now = clock.now().getTime()
      if (cached && now - cached.loadedAt < maxAgeMs) return cached.calendar
      const [rows, hours] = await Promise.all([
        prisma.holiday.findMany({ orderBy: { date: 'asc' } }),
        prisma.setting.findUnique({ where: { key: OFFICE_HOURS_SETTING } }),
      ])
      const calendar = createWorkingCalendar(
        rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })),
        { officeHours: officeHoursOf(hours?.value) },
      )
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
