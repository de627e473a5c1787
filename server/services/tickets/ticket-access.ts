/**
 * Who may touch which ticket. Unit staff reach only their own unit's tickets: another unit's ticket is a
 * 403 (`ticket_other_unit`), not a 404. Ticket numbers are sequential and printed on receipts, so their
 * existence is no secret; the 403 body carries nothing of the ticket. Unknown ids are 404 for everyone.
 */
import type { Role } from '../../contract/auth.ts'
import type { TicketActions, TicketStatusCode, TransitionOption } from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { TRANSITION_ACTION_LABELS } from '../../domain/labels.ts'
import { allowedTransitions as transitionsFor, type TransitionAction } from '../../domain/ticket-status.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'

export const DIRECTORATE_ROLES: readonly Role[] = ['agent', 'operator', 'supervisor', 'admin']
/** Roles that may write a unit's answer: the unit itself, and the müdür/admin on its behalf. */
export const ANSWERING_ROLES: readonly Role[] = ['unit', 'supervisor', 'admin']
/** 4982 extensions are a directorate decision (Bilgi Edinme is run by the Müdürlük Ofisi). */
export const EXTENDING_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin']

const ACTIVE_AT_UNIT: readonly TicketStatusCode[] = ['BIRIME_HAVALE', 'ISLEMDE']
/** YENI → BIRIME_HAVALE, or a correction to another unit while nobody there has started. */
const ROUTABLE: readonly TicketStatusCode[] = ['YENI', 'BIRIME_HAVALE']
const CLOSED: readonly TicketStatusCode[] = ['VATANDASA_BILDIRILDI', 'KAPANDI']
/**
 * Moves of the status table that have their own route, because they carry more than a status: a unit
 * (route), the answer text (answer), the contact outcome (notify), clearing the unit (return). The generic
 * `/transition` route takes the rest: accept, reject-answer, close, dismiss, reopen.
 */
export const MOVES_WITH_OWN_ACTION: readonly TransitionAction[] = ['route', 'answer', 'notify', 'return']

export interface AccessibleTicket {
  id: number
  unitId: number | null
  status: TicketStatusCode
}

export function assertCanSeeTicket(actor: Actor, ticket: { unitId: number | null }): void {
  if (actor.role !== 'unit') return
  if (actor.unitId === null || ticket.unitId !== actor.unitId) {
    throw new ForbiddenError('Bu talep biriminize havale edilmemiş.', 'ticket_other_unit')
  }
}

/** Loads the fields access checks need, or throws NotFound / Forbidden. */
export async function loadAccessibleTicket(
  db: Prisma.TransactionClient,
  actor: Actor,
  id: number,
  lock = false,
): Promise<AccessibleTicket> {
  if (lock) await db.$queryRaw`SELECT id FROM "Ticket" WHERE id = ${id} FOR UPDATE`
  const ticket = await db.ticket.findUnique({
    where: { id },
    select: { id: true, unitId: true, status: true },
  })
  if (ticket === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
  assertCanSeeTicket(actor, ticket)
  return ticket
}

export function requireRole(actor: Actor, roles: readonly Role[], message: string): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError(message, 'action_forbidden')
}

export function allowedTransitions(
  status: TicketStatusCode,
  role: Role,
  hasUnit: boolean,
): TransitionOption[] {
  return transitionsFor(status, role)
    .filter(
      (rule) => !MOVES_WITH_OWN_ACTION.includes(rule.action) && (rule.to !== 'BIRIME_HAVALE' || hasUnit),
    )
    .map((rule) => ({
      to: rule.to,
      label: TRANSITION_ACTION_LABELS[rule.action],
      needsReason: rule.note === 'reason',
    }))
}

export function allowedActions(
  actor: Actor,
  ticket: {
    status: TicketStatusCode
    unitId: number | null
    legalTrack: string
    extendedDueAt: Date | null
    extensionNoticeDueAt: Date | null
  },
  now: Date,
): TicketActions {
  const directorate = DIRECTORATE_ROLES.includes(actor.role)
  const open = !CLOSED.includes(ticket.status)
  return {
    transitions: allowedTransitions(ticket.status, actor.role, ticket.unitId !== null),
    route: directorate && ROUTABLE.includes(ticket.status),
    answer:
      ANSWERING_ROLES.includes(actor.role) &&
      ACTIVE_AT_UNIT.includes(ticket.status) &&
      ticket.unitId !== null,
    return:
      ANSWERING_ROLES.includes(actor.role) &&
      ACTIVE_AT_UNIT.includes(ticket.status) &&
      ticket.unitId !== null,
    notify: directorate && ticket.status === 'YANITLANDI',
    extend:
      EXTENDING_ROLES.includes(actor.role) &&
      open &&
      ticket.legalTrack === 'BILGI_EDINME_4982' &&
      ticket.extendedDueAt === null &&
      ticket.extensionNoticeDueAt !== null &&
      now.getTime() <= ticket.extensionNoticeDueAt.getTime(),
    comment: true,
    linkCall: directorate,
  }
}

export function isActiveAtUnit(status: TicketStatusCode): boolean {
  return ACTIVE_AT_UNIT.includes(status)
}

export function isRoutable(status: TicketStatusCode): boolean {
  return ROUTABLE.includes(status)
}
