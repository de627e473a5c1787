/**
 * "Geri aranacak" at wrap-up: the agent and the caller agree on a time, Pano checks it against the
 * working calendar (office hours, weekends, the Holiday table with its arife afternoons; the same
 * calendar as the legal clocks, server/services/tickets/calendar-source.ts) and stores a SCHEDULED
 * Callback that the missed-call worklist shows from that time on, to the agent who promised it or to
 * everyone answering the queue (server/services/tickets/worklists.ts).
 */
import type { ScheduledCallbackBody } from '../../contract/agent-desk.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, ISTANBUL_TIME_ZONE } from '../../domain/calendar/istanbul-time.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import { normalizePhone } from '../../domain/phone.ts'
import { ConflictError, ValidationError } from '../../errors.ts'

/** The wrap-up code that asks for a time. */
export const CALLBACK_WRAP_UP_CODE = 'geri-aranacak'
/** How far ahead a call back may be promised. */
export const MAX_CALLBACK_DAYS = 60

const dateTime = new Intl.DateTimeFormat('tr-TR', {
  timeZone: ISTANBUL_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
})

/** The first moment at or after `at` when the office is open. */
export function nextOpenTime(calendar: WorkingCalendar, at: Date): Date {
  if (calendar.isWorkingDay(at)) {
    const start = calendar.startOfWorkingDay(at)
    if (at < start) return start
    if (at < calendar.endOfWorkingDay(at)) return at
  }
  return calendar.startOfWorkingDay(calendar.nextWorkingDay(istanbulDate(at)))
}

/** Null when the time suits, else the Turkish reason with the nearest time that would. */
export function callbackTimeProblem(calendar: WorkingCalendar, at: Date, now: Date): string | null {
  if (Number.isNaN(at.getTime())) return 'Geçerli bir tarih ve saat seçin.'
  if (at.getTime() <= now.getTime()) return 'Geri arama zamanı ileride olmalı.'
  if (at.getTime() > now.getTime() + MAX_CALLBACK_DAYS * 86_400_000)
    return `Geri arama en çok ${MAX_CALLBACK_DAYS} gün sonrasına verilebilir.`
  const open = nextOpenTime(calendar, at)
  if (open.getTime() === at.getTime()) return null
  const h = calendar.officeHours
  const why = !calendar.isWorkingDay(at)
    ? (calendar.holidayName(at) ?? 'Hafta sonu')
    : calendar.isHalfDay(at)
      ? `arife günü mesai ${h.start}–${h.halfDayEnd}`
      : `mesai ${h.start}–${h.end}`
  return `Seçilen zaman mesai dışında (${why}). En yakın uygun zaman: ${dateTime.format(open)}.`
}

export interface ScheduledCallbackInput {
  readonly body: ScheduledCallbackBody
  readonly callerNumber: string | null
  readonly citizenId: number | null
  readonly queue: string
  readonly calledAt: Date
  readonly agentUserId: number
}

/**
 * Stores the call back (or moves the one this call already made: a wrap-up saved twice makes one row).
 * Throws ValidationError for a time outside office hours, ConflictError for a withheld number.
 */
export async function scheduleCallback(
  prisma: PrismaClient,
  calendar: WorkingCalendar,
  now: Date,
  input: ScheduledCallbackInput,
): Promise<{ id: number; dueAt: string }> {
  const at = new Date(input.body.at)
  const problem = callbackTimeProblem(calendar, at, now)
  if (problem !== null)
    throw new ValidationError([{ path: 'callback.at', code: 'office_hours', message: problem }])
  const phone = input.callerNumber === null ? null : normalizePhone(input.callerNumber)
  if (phone === null || !phone.ok)
    throw new ConflictError('Arayanın numarası gizli ya da okunamadı: geri arama kaydedilemez.', 'no_number')
  const data = {
    dueAt: at,
    assignedUserId: input.body.assignTo === 'me' ? input.agentUserId : null,
    queue: input.queue,
    note: input.body.note?.trim() || null,
    citizenId: input.citizenId,
  }
  const earlier = await prisma.callback.findFirst({
    where: { reason: 'SCHEDULED', status: 'OPEN', phoneE164: phone.e164, firstCallAt: input.calledAt },
    select: { id: true },
  })
  const row =
    earlier !== null
      ? await prisma.callback.update({ where: { id: earlier.id }, data, select: { id: true } })
      : await prisma.callback.create({
          data: {
            ...data,
            phoneE164: phone.e164,
            reason: 'SCHEDULED',
            firstCallAt: input.calledAt,
            lastCallAt: input.calledAt,
            callCount: 1,
          },
          select: { id: true },
        })
  return { id: row.id, dueAt: at.toISOString() }
}
