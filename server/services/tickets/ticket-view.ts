/**
 * Ticket rows → wire shapes, with the KVKK masking rules applied per role (docs/design.md §2.8):
 * - agent, operator, supervisor, admin: the citizen's name, full number and mahalle (their work needs them;
 *   the read is audited by the caller);
 * - unit staff: no name, no citizen id, no e-mail, no address; the number masked `0532 *** ** 67`; the
 *   mahalle only (field crews need to know where). Caller numbers of linked calls are masked the same way,
 *   and so are numbers and e-mail addresses written into the ticket's own text (subject, description,
 *   answers, notes).
 */

/** The ticket's free text as this role may read it (domain/phone-text.ts, domain/email-text.ts). */
export function ticketText<T extends string | null>(text: T, role: Role): T {
  if (seesPersonalData(role)) return text
  return (text === null ? null : maskEmailsInText(maskPhonesInText(text))) as T
}
import { recordingStateOf } from '../recordings/recording-state.ts'
import type { Role } from '../../contract/auth.ts'
import type {
  DeadlineBadge,
  LinkedCallView,
  TicketCitizenView,
  TicketEventView,
  TicketListItem,
} from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import { deadlineState, overdueBy } from '../../domain/legal-clock.ts'
import { formatPhoneTr, maskPhone } from '../../domain/phone.ts'
import { maskEmailsInText } from '../../domain/email-text.ts'
import { maskPhonesInText } from '../../domain/phone-text.ts'
import { seesPersonalData } from '../audit/actor.ts'

export const ticketListInclude = {
  unit: { select: { id: true, name: true } },
  citizen: {
    select: {
      id: true,
      fullName: true,
      mahalle: true,
      phones: { select: { e164: true }, orderBy: { id: 'asc' }, take: 1 },
    },
  },
} satisfies Prisma.TicketInclude

interface TicketRowForList {
  id: number
  number: string
  type: TicketListItem['type']
  channel: TicketListItem['channel']
  legalTrack: TicketListItem['legalTrack']
  category: string | null
  subject: string
  status: TicketListItem['status']
  priority: TicketListItem['priority']
  dueAt: Date
  extendedDueAt: Date | null
  createdAt: Date
  unit: { id: number; name: string } | null
  citizen: { id: number; fullName: string; mahalle: string | null; phones: { e164: string }[] } | null
}

export function effectiveDueAt(t: { dueAt: Date; extendedDueAt: Date | null }): Date {
  return t.extendedDueAt ?? t.dueAt
}

/** Where a ticket stands against its deadline. A notified or closed ticket has met its duty to answer. */
export function deadlineBadge(
  status: TicketListItem['status'],
  dueAt: Date,
  now: Date,
  calendar: WorkingCalendar,
): DeadlineBadge {
  if (status === 'VATANDASA_BILDIRILDI' || status === 'KAPANDI') return 'closed'
  return deadlineState(dueAt, now, calendar)
}

/**
 * Unit staff's badge on a ticket the unit has answered: what is left (telling the citizen) is the
 * directorate's step (server/domain/ticket-status.ts), so the unit is not shown as late; the directorate
 * still is.
 */
export function waitsWithDirectorate(status: TicketListItem['status'], role: Role): boolean {
  return role === 'unit' && status === 'YANITLANDI'
}

function displayPhone(e164: string, masked: boolean): string {
  return masked ? maskPhone(e164) : formatPhoneTr(e164)
}

export function ticketCitizenView(
  citizen: TicketRowForList['citizen'],
  role: Role,
): TicketCitizenView | null {
  if (citizen === null) return null
  const full = seesPersonalData(role)
  const e164 = citizen.phones[0]?.e164
  return {
    id: full ? citizen.id : null,
    fullName: full ? citizen.fullName : null,
    phone: e164 === undefined ? null : displayPhone(e164, !full),
    phoneMasked: !full,
    mahalle: citizen.mahalle,
  }
}

export function toTicketListItem(
  row: TicketRowForList,
  role: Role,
  now: Date,
  calendar: WorkingCalendar,
): TicketListItem {
  const due = effectiveDueAt(row)
  const deadline = deadlineBadge(row.status, due, now, calendar)
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    channel: row.channel,
    legalTrack: row.legalTrack,
    category: row.category,
    subject: ticketText(row.subject, role),
    status: row.status,
    priority: row.priority,
    unit: row.unit,
    dueAt: due.toISOString(),
    deadline,
    overdueBy: deadline === 'overdue' ? overdueBy(due, now, calendar) : null,
    withDirectorate: waitsWithDirectorate(row.status, role),
    createdAt: row.createdAt.toISOString(),
    citizen: ticketCitizenView(row.citizen, role),
  }
}

interface EventRow {
  id: number
  kind: TicketEventView['kind']
  fromStatus: TicketEventView['fromStatus']
  toStatus: TicketEventView['toStatus']
  note: string | null
  data: unknown
  at: Date
  actor: { id: number; displayName: string } | null
}

export function toEventView(e: EventRow, role: Role): TicketEventView {
  const raw =
    typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)
      ? (e.data as Record<string, unknown>)
      : null
  const data =
    raw === null
      ? null
      : Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? ticketText(v, role) : v]),
        )
  return {
    id: e.id,
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: ticketText(e.note, role),
    data,
    actor: e.actor,
    at: e.at.toISOString(),
  }
}

interface CallLinkRow {
  linkedAt: Date
  call: {
    id: number
    direction: LinkedCallView['direction']
    queue: string | null
    callerNumber: string | null
    agentName: string | null
    enteredAt: Date
    answeredAt: Date | null
    waitSec: number
    talkSec: number | null
    outcome: string
    recordingFile: string | null
    recordingDeletedAt: Date | null
  }
}

/** A caller number may be stored raw (internal extensions): only E.164 numbers are formatted or masked. */
function callerDisplay(number: string | null, role: Role): string | null {
  if (number === null) return null
  const full = seesPersonalData(role)
  if (number.startsWith('+')) return displayPhone(number, !full)
  return full ? number : number.length > 4 ? `${'*'.repeat(number.length - 2)}${number.slice(-2)}` : number
}

export function toLinkedCallView(
  link: CallLinkRow,
  role: Role,
  queueLabel: (queue: string) => string | null = () => null,
): LinkedCallView {
  const c = link.call
  return {
    callId: c.id,
    direction: c.direction,
    queue: c.queue,
    queueLabel: c.queue === null ? null : queueLabel(c.queue),
    callerNumber: callerDisplay(c.callerNumber, role),
    agentName: c.agentName,
    enteredAt: c.enteredAt.toISOString(),
    answeredAt: c.answeredAt?.toISOString() ?? null,
    waitSec: c.waitSec,
    talkSec: c.talkSec,
    outcome: c.outcome,
    linkedAt: link.linkedAt.toISOString(),
    recording: recordingStateOf(c, role),
  }
}
