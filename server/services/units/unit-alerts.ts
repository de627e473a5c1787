/**
 * One pass of the unit alerts (docs/messaging.md §8), inside the caller's transaction: reminders to a
 * unit's staff before a legal due date, the müdür's escalation of tickets that became overdue, and the
 * daily digest for staff who asked for it. Every message is keyed by what it is about
 * (server/services/messaging/queue-staff-message.ts), so running the pass again, after a restart or on
 * another node, queues nothing twice. The wording is the staff templates' as they stand when the pass
 * runs (server/services/messaging/staff-templates.ts).
 */
import type { UnitAlertsConfig } from '../../config-messaging.ts'
import type { Prisma } from '../../db/generated/client.ts'
import {
  clockMinutes,
  istanbulDate,
  istanbulMinuteOfDay,
  ISTANBUL_TIME_ZONE,
} from '../../domain/calendar/istanbul-time.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import type { StaffMessage } from '../messaging/queue-staff-message.ts'
import { loadStaffTemplates } from '../messaging/staff-templates.ts'
import { digestText, dueReminderText, overdueEscalationText, type AlertTicket } from './unit-alert-texts.ts'

/** Tickets overdue for longer than this when first seen are not escalated one by one (the board shows them). */
export const ESCALATE_WITHIN_MS = 7 * 86_400_000
/** The digest's "due soon": at most this many working days ahead. */
const DIGEST_DUE_SOON_WORKING_DAYS = 3
const AT_UNIT = ['BIRIME_HAVALE', 'ISLEMDE'] as const
const CLOSED = ['VATANDASA_BILDIRILDI', 'KAPANDI'] as const

export interface UnitAlertCounts {
  reminders: number
  escalations: number
  digests: number
  /** Messages whose key was queued before (an earlier pass). */
  alreadyQueued: number
}

export interface UnitAlertContext {
  config: UnitAlertsConfig
  calendar: WorkingCalendar
  publicUrl: string | null
  queue(tx: Prisma.TransactionClient, message: StaffMessage): Promise<boolean>
}

/**
 * Which reminder is due for a deadline now: the smallest configured number of working days that the
 * working days left have reached (3 and 1: the 3-day one from three working days before, the 1-day
 * one from the last working day); null while none is due or after the deadline.
 */
export function reminderDue(
  dueAt: Date,
  now: Date,
  calendar: WorkingCalendar,
  reminderDays: readonly number[],
): number | null {
  if (now.getTime() >= dueAt.getTime()) return null
  const left = calendar.workingDaysUntil(istanbulDate(now), istanbulDate(dueAt))
  const reached = reminderDays.filter((d) => left <= d)
  return reached.length === 0 ? null : Math.min(...reached)
}

const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  legalTrack: true,
  dueAt: true,
  extendedDueAt: true,
  status: true,
  unitId: true,
  unit: { select: { name: true } },
} satisfies Prisma.TicketSelect

type Row = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>

function alertTicket(t: Row): AlertTicket {
  return {
    number: t.number,
    subject: t.subject,
    legalTrack: t.legalTrack,
    dueAt: t.extendedDueAt ?? t.dueAt,
    unit: t.unit?.name ?? 'Birime havale edilmemiş',
  }
}

/** Keys hold only letters, digits, dots and dashes: they are also the e-mails' Message-ID. */
function key(...parts: (string | number)[]): string {
  return parts.join('.')
}

/**
 * The ticket's history says who was told about it and why, once per pass that queued something: the
 * e-mails themselves are in Yönetim › Gönderilen mesajlar, the fact belongs with the ticket.
 */
async function noteOnTicket(
  tx: Prisma.TransactionClient,
  ticketId: number,
  at: Date,
  told: number,
  what: { change: 'unit-reminder' | 'overdue-escalation'; note: string; days?: number },
): Promise<void> {
  if (told === 0) return
  const { note, ...data } = what
  await tx.ticketEvent.create({
    data: { ticketId, kind: 'STAFF_NOTIFIED', note, data: { ...data, recipients: told }, actorId: null, at },
  })
}

export async function runUnitAlerts(
  tx: Prisma.TransactionClient,
  ctx: UnitAlertContext,
  now: Date,
): Promise<UnitAlertCounts> {
  const counts: UnitAlertCounts = { reminders: 0, escalations: 0, digests: 0, alreadyQueued: 0 }
  const queue = async (m: StaffMessage, kind: 'reminders' | 'escalations' | 'digests') => {
    const queued = await ctx.queue(tx, m)
    if (queued) counts[kind]++
    else counts.alreadyQueued++
    return queued
  }
  const staff = await tx.user.findMany({
    where: { active: true, email: { not: null }, role: { in: ['UNIT', 'SUPERVISOR'] } },
    select: { id: true, role: true, unitId: true, email: true, unitDigest: true },
    orderBy: { id: 'asc' },
  })
  const unitStaff = (unitId: number) => staff.filter((u) => u.role === 'UNIT' && u.unitId === unitId)
  const mudurs = staff.filter((u) => u.role === 'SUPERVISOR')
  const templates = await loadStaffTemplates(tx)

  // Reminders: tickets at a unit whose due date is still ahead.
  const days = ctx.config.reminderWorkingDays
  if (days.length > 0) {
    const atUnit = await tx.ticket.findMany({
      where: { status: { in: [...AT_UNIT] }, unitId: { not: null } },
      select: ticketSelect,
      orderBy: { id: 'asc' },
    })
    for (const t of atUnit) {
      const a = alertTicket(t)
      const d = reminderDue(a.dueAt, now, ctx.calendar, days)
      if (d === null || t.unitId === null) continue
      const text = dueReminderText(templates.UNIT_DUE_REMINDER, a, d, ctx.publicUrl)
      let told = 0
      for (const u of unitStaff(t.unitId)) {
        told += await queue(
          {
            key: key('unit-reminder', t.id, a.dueAt.getTime(), d, u.id),
            templateKey: 'UNIT_DUE_REMINDER',
            ticketId: t.id,
            recipient: u.email ?? '',
            at: now,
            ...text,
          },
          'reminders',
        ).then(Number)
      }
      await noteOnTicket(tx, t.id, now, told, {
        change: 'unit-reminder',
        days: d,
        note: `Süre hatırlatması: son yanıt tarihine ${d} iş günü kaldı; ${a.unit} personelinden ${told} kişiye e-posta gönderildi.`,
      })
    }
  }

  // Escalations: open tickets that became overdue (within the last week; older ones are on the board).
  if (mudurs.length > 0) {
    const window = { lt: now, gte: new Date(now.getTime() - ESCALATE_WITHIN_MS) }
    const overdue = await tx.ticket.findMany({
      where: {
        status: { notIn: [...CLOSED] },
        OR: [{ extendedDueAt: null, dueAt: window }, { extendedDueAt: window }],
      },
      select: ticketSelect,
      orderBy: { id: 'asc' },
    })
    for (const t of overdue) {
      const a = alertTicket(t)
      const text = overdueEscalationText(templates.UNIT_OVERDUE_ESCALATION, a, ctx.publicUrl)
      let told = 0
      for (const u of mudurs) {
        told += await queue(
          {
            key: key('overdue-escalation', t.id, a.dueAt.getTime(), u.id),
            templateKey: 'UNIT_OVERDUE_ESCALATION',
            ticketId: t.id,
            recipient: u.email ?? '',
            at: now,
            ...text,
          },
          'escalations',
        ).then(Number)
      }
      await noteOnTicket(tx, t.id, now, told, {
        change: 'overdue-escalation',
        note: `Süresi geçti: müdüre bildirildi (${told} kişiye e-posta gönderildi).`,
      })
    }
  }

  // The digest: once a working day from UNIT_DIGEST_TIME, to unit staff who asked for it.
  const today = istanbulDate(now)
  const readers = staff.filter((u) => u.role === 'UNIT' && u.unitDigest && u.unitId !== null)
  if (
    readers.length > 0 &&
    ctx.calendar.isWorkingDay(today) &&
    istanbulMinuteOfDay(now) >= clockMinutes(ctx.config.digestAt)
  ) {
    const unitIds = [...new Set(readers.map((u) => u.unitId as number))]
    const tickets = await tx.ticket.findMany({
      where: { status: { in: [...AT_UNIT] }, unitId: { in: unitIds } },
      select: ticketSelect,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    })
    const dateText = new Intl.DateTimeFormat('tr-TR', {
      timeZone: ISTANBUL_TIME_ZONE,
      dateStyle: 'long',
    }).format(now)
    for (const unitId of unitIds) {
      const mine = tickets.filter((t) => t.unitId === unitId).map((t) => ({ t, a: alertTicket(t) }))
      const overdue = mine.filter((x) => x.a.dueAt.getTime() <= now.getTime())
      const dueSoon = mine.filter(
        (x) =>
          x.a.dueAt.getTime() > now.getTime() &&
          ctx.calendar.workingDaysUntil(today, istanbulDate(x.a.dueAt)) <= DIGEST_DUE_SOON_WORKING_DAYS,
      )
      const fresh = mine.filter((x) => x.t.status === 'BIRIME_HAVALE')
      if (mine.length === 0) continue
      const unit = mine[0]?.a.unit ?? ''
      const text = digestText(
        templates.UNIT_DIGEST,
        {
          unit,
          date: dateText,
          fresh: fresh.map((x) => x.a),
          dueSoon: dueSoon.map((x) => x.a),
          overdue: overdue.map((x) => x.a),
        },
        ctx.publicUrl,
      )
      for (const u of readers.filter((r) => r.unitId === unitId)) {
        await queue(
          {
            key: key('unit-digest', today, u.id),
            templateKey: 'UNIT_DIGEST',
            ticketId: null,
            recipient: u.email ?? '',
            at: now,
            ...text,
          },
          'digests',
        )
      }
    }
  }
  return counts
}
