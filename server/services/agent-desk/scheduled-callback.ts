/**
 * "Geri aranacak" at wrap-up: the agent and the caller agree on a time, Pano checks it against the
 * working calendar (office hours, weekends, the Holiday table with its arife afternoons; the same
 * calendar as the legal clocks, server/services/tickets/calendar-source.ts) and stores a SCHEDULED
 * Callback that the missed-call worklist shows from that time on, to the agent who promised it or to
 * everyone answering the queue (server/services/tickets/worklists.ts).
 */
import type { PlannedCallback, ScheduledCallbackBody } from '../../contract/agent-desk.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, ISTANBUL_TIME_ZONE } from '../../domain/calendar/istanbul-time.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import { formatPhoneTr, normalizePhone } from '../../domain/phone.ts'
import { ConflictError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { recordCallListRead } from '../audit/call-list-audit.ts'
import { CALL_CENTRE_OWNED } from '../callbacks/callback-owner.ts'

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

/** How many planned call backs the desk lists (the soonest first). */
const PLANNED_LIMIT = 200

/**
 * The call backs promised at wrap-up whose time has not come yet, the soonest first: before that time
 * they are on no worklist (server/services/tickets/worklists.ts shows them from then on). Seen by the
 * same people as they will be then: an agent those they promised and those left to the queue, the müdür
 * and the admin every one. The numbers are personal data, so the read is logged (call-list-audit.ts).
 */
export async function plannedCallbacksOf(
  prisma: PrismaClient,
  actor: Actor,
  now: Date,
): Promise<PlannedCallback[]> {
  const whose: Prisma.CallbackWhereInput =
    actor.role === 'supervisor' || actor.role === 'admin'
      ? {}
      : { OR: [{ assignedUserId: null }, { assignedUserId: actor.userId }] }
  const [rows, queues] = await Promise.all([
    prisma.callback.findMany({
      where: { ...CALL_CENTRE_OWNED, reason: 'SCHEDULED', status: 'OPEN', dueAt: { gt: now }, ...whose },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: PLANNED_LIMIT,
      select: {
        id: true,
        dueAt: true,
        phoneE164: true,
        note: true,
        queue: true,
        citizen: { select: { id: true, fullName: true, anonymizedAt: true } },
        assignedUser: { select: { displayName: true } },
      },
    }),
    prisma.queue.findMany({ select: { name: true, label: true } }),
  ])
  const labels = new Map(queues.map((q) => [q.name, q.label]))
  const citizenOf = (row: (typeof rows)[number]) =>
    row.citizen === null || row.citizen.anonymizedAt !== null ? null : row.citizen
  await recordCallListRead(
    prisma,
    actor,
    now,
    { list: 'scheduled', via: 'http' },
    rows.map((r) => {
      const citizen = citizenOf(r)
      return { key: r.id, e164: r.phoneE164, ...(citizen === null ? {} : { citizenIds: [citizen.id] }) }
    }),
  )
  return rows.map((r) => ({
    id: r.id,
    dueAt: r.dueAt.toISOString(),
    phone: formatPhoneTr(r.phoneE164),
    citizenName: citizenOf(r)?.fullName ?? null,
    note: r.note,
    assignedTo: r.assignedUser?.displayName ?? null,
    queueLabel: r.queue === null ? null : (labels.get(r.queue) ?? null),
  }))
}
