/**
 * Every change to an existing ticket: route, unit answer, return to the directorate, citizen notified,
 * status transitions (close, reopen), 4982 extension, comment. Each runs in ONE transaction that locks
 * the ticket row, checks who may do it, updates the ticket and appends its history (ticket-history.ts):
 * if any step fails, neither the change nor its history is stored.
 */
import type { ContactOutcomeCode, TicketStatusCode } from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { DomainError } from '../../domain/domain-error.ts'
import { TRANSITION_ACTION_LABELS, TRANSITION_ERROR_LABELS } from '../../domain/labels.ts'
import { extendDeadline } from '../../domain/legal-clock.ts'
import { checkTransition, transitionRule, type TransitionRule } from '../../domain/ticket-status.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import {
  ANSWERING_ROLES,
  assertCanSeeTicket,
  DIRECTORATE_ROLES,
  EXTENDING_ROLES,
  isActiveAtUnit,
  isRoutable,
  MOVES_WITH_OWN_ACTION,
  requireRole,
} from './ticket-access.ts'
import { formatTurkishDate } from '../messaging/queue-message.ts'
import { appendTicketEvents, type NewTicketEvent } from './ticket-history.ts'
import type { ServiceDeps } from './service-deps.ts'

export type LockedTicket = Prisma.TicketGetPayload<{
  include: { unit: { select: { id: true; name: true } } }
}>

export interface Change {
  data?: Prisma.TicketUncheckedUpdateInput
  events: NewTicketEvent[]
}

const CLOSED: readonly TicketStatusCode[] = ['VATANDASA_BILDIRILDI', 'KAPANDI']

export async function changeTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  decide: (ticket: LockedTicket, now: Date, tx: Prisma.TransactionClient) => Promise<Change> | Change,
): Promise<void> {
  const now = deps.clock.now()
  let before: { unitId: number | null; status: string } | null = null
  await deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Ticket" WHERE id = ${ticketId} FOR UPDATE`
    const ticket = await tx.ticket.findUnique({
      where: { id: ticketId },
      include: { unit: { select: { id: true, name: true } } },
    })
    if (ticket === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
    assertCanSeeTicket(actor, ticket)
    before = { unitId: ticket.unitId, status: ticket.status }
    const change = await decide(ticket, now, tx)
    if (change.data !== undefined)
      await tx.ticket.update({ where: { id: ticketId }, data: { ...change.data, updatedAt: now } })
    await appendTicketEvents(tx, ticketId, actor, now, change.events)
  })
  // A change may have queued a message in its transaction: the embedded poller looks at once.
  deps.messaging?.wake()
  // The unit it reached hears at once, and a unit it left gets its counts (docs/messaging.md §8).
  deps.unitEvents?.ticketChanged(ticketId, before)
  deps.ticketEvents?.changed()
}

/**
 * The status table decides (domain/ticket-status.ts): 409 when no such move exists from this status,
 * 403 when this role may not make it, 400 when the reason or answer it needs is missing.
 */
export function checkMove(
  from: TicketStatusCode,
  to: TicketStatusCode,
  actor: Actor,
  note: string | null | undefined,
  notePath = 'note',
): TransitionRule {
  const check = checkTransition({ from, to, role: actor.role, note: note ?? null })
  if (check.ok) return check.rule
  const message = TRANSITION_ERROR_LABELS[check.code]
  switch (check.code) {
    case 'ROLE_NOT_ALLOWED':
      throw new ForbiddenError(`${message}.`, 'transition_forbidden')
    case 'NOT_A_TRANSITION':
      throw new ConflictError(`${message}.`, 'transition_not_allowed', { from, to })
    case 'REASON_REQUIRED':
    case 'ANSWER_REQUIRED':
      throw new ValidationError([{ path: notePath, code: check.code.toLowerCase(), message: `${message}.` }])
  }
}

export async function routeTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { unitId: number; note?: string | null | undefined },
): Promise<void> {
  requireRole(actor, DIRECTORATE_ROLES, 'Havaleyi Halkla İlişkiler personeli yapar.')
  await changeTicket(deps, actor, ticketId, async (t, _now, tx) => {
    if (!isRoutable(t.status)) {
      throw new ConflictError(
        'Yanıtlanmış veya kapanmış talep havale edilemez; önce yeniden açın.',
        'ticket_not_routable',
      )
    }
    const unit = await tx.unit.findFirst({
      where: { id: input.unitId, active: true },
      select: { id: true, name: true },
    })
    if (unit === null)
      throw new ValidationError([{ path: 'unitId', code: 'not_found', message: 'Birim bulunamadı.' }])
    if (t.unitId === unit.id && t.status === 'BIRIME_HAVALE') {
      throw new ConflictError(`Talep zaten ${unit.name} birimine havale edilmiş.`, 'already_routed')
    }
    // BIRIME_HAVALE → another unit is a correction by the directorate, outside the status table.
    if (t.status !== 'BIRIME_HAVALE') checkMove(t.status, 'BIRIME_HAVALE', actor, input.note)
    return {
      data: { unitId: unit.id, status: 'BIRIME_HAVALE' },
      events: [
        {
          kind: 'ROUTED',
          fromStatus: t.status,
          toStatus: 'BIRIME_HAVALE',
          note: input.note?.trim() || null,
          data: {
            unitId: unit.id,
            unitName: unit.name,
            previousUnitId: t.unitId,
            previousUnitName: t.unit?.name ?? null,
          },
        },
      ],
    }
  })
}

export async function answerTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { answer: string },
): Promise<void> {
  requireRole(actor, ANSWERING_ROLES, 'Birim yanıtını birim personeli yazar.')
  await changeTicket(deps, actor, ticketId, (t) => {
    if (!isActiveAtUnit(t.status) || t.unit === null) {
      throw new ConflictError('Yalnızca birimde bekleyen talep yanıtlanabilir.', 'ticket_not_at_unit')
    }
    checkMove(t.status, 'YANITLANDI', actor, input.answer, 'answer')
    return {
      data: { unitAnswer: input.answer.trim(), status: 'YANITLANDI' },
      events: [
        {
          kind: 'UNIT_ANSWERED',
          fromStatus: t.status,
          toStatus: 'YANITLANDI',
          note: input.answer.trim(),
          data: { unitId: t.unit.id, unitName: t.unit.name },
        },
      ],
    }
  })
}

/**
 * The unit sends the ticket back to the directorate ("not ours", "missing information"): it leaves the
 * unit's list (unit cleared) and waits as YENI for the directorate to re-route it.
 */
export async function returnTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { reason: string },
): Promise<{ id: number; number: string; status: 'YENI' }> {
  requireRole(actor, ANSWERING_ROLES, 'İadeyi birim personeli yapar.')
  let number = ''
  await changeTicket(deps, actor, ticketId, (t) => {
    number = t.number
    if (!isActiveAtUnit(t.status) || t.unit === null) {
      throw new ConflictError('Yalnızca birimde bekleyen talep iade edilebilir.', 'ticket_not_at_unit')
    }
    checkMove(t.status, 'YENI', actor, input.reason, 'reason')
    return {
      data: { unitId: null, status: 'YENI' },
      events: [
        {
          kind: 'RETURNED',
          fromStatus: t.status,
          toStatus: 'YENI',
          note: input.reason.trim(),
          data: { unitId: t.unit.id, unitName: t.unit.name },
        },
      ],
    }
  })
  return { id: ticketId, number, status: 'YENI' }
}

/** ULASILDI and MESAJ_BIRAKILDI relay the answer; ULASILAMADI keeps the ticket in the worklist. */
export function relaysAnswer(outcome: ContactOutcomeCode): boolean {
  return outcome !== 'ULASILAMADI'
}

/** The citizen is told only of an answer the unit has given. */
export function requireAnswered(ticket: LockedTicket): void {
  if (ticket.status !== 'YANITLANDI')
    throw new ConflictError('Yalnızca birimin yanıtladığı talep vatandaşa bildirilir.', 'ticket_not_answered')
}

/**
 * The answer reached the citizen, by phone or in writing: VATANDASA_BILDIRILDI with the given event,
 * closed as well when asked, and the ticket's open "tell the citizen" callbacks done.
 */
export async function answerRelayed(
  tx: Prisma.TransactionClient,
  actor: Actor,
  ticketId: number,
  now: Date,
  notified: Pick<NewTicketEvent, 'note' | 'data'>,
  close: boolean | undefined,
): Promise<Change> {
  checkMove('YANITLANDI', 'VATANDASA_BILDIRILDI', actor, notified.note ?? null)
  const events: NewTicketEvent[] = [
    { kind: 'CITIZEN_NOTIFIED', fromStatus: 'YANITLANDI', toStatus: 'VATANDASA_BILDIRILDI', ...notified },
  ]
  const data: Prisma.TicketUncheckedUpdateInput = { status: 'VATANDASA_BILDIRILDI' }
  if (close === true) {
    checkMove('VATANDASA_BILDIRILDI', 'KAPANDI', actor, null)
    events.push({ kind: 'STATUS_CHANGED', fromStatus: 'VATANDASA_BILDIRILDI', toStatus: 'KAPANDI' })
    data.status = 'KAPANDI'
    data.closedAt = now
  }
  await tx.callback.updateMany({
    where: { ticketId, reason: 'TICKET_NOTIFY', status: 'OPEN' },
    data: { status: 'DONE', closedAt: now },
  })
  return { data, events }
}

export async function notifyCitizen(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { outcome: ContactOutcomeCode; note?: string | null | undefined; close?: boolean | undefined },
): Promise<void> {
  requireRole(actor, DIRECTORATE_ROLES, 'Vatandaşa bildirimi Halkla İlişkiler personeli yapar.')
  await changeTicket(deps, actor, ticketId, async (t, now, tx) => {
    requireAnswered(t)
    const note = input.note?.trim() || null
    if (!relaysAnswer(input.outcome)) {
      return { events: [{ kind: 'CITIZEN_NOTIFIED', note, data: { outcome: input.outcome } }] }
    }
    return answerRelayed(tx, actor, ticketId, now, { note, data: { outcome: input.outcome } }, input.close)
  })
}

export async function transitionTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { to: TicketStatusCode; note?: string | null | undefined },
  /** Another write that must stand or fall with the move (an inbox decision: intake/inbox.ts). */
  alsoInTx?: (tx: Prisma.TransactionClient, now: Date) => Promise<void>,
): Promise<void> {
  await changeTicket(deps, actor, ticketId, async (t, now, tx) => {
    await alsoInTx?.(tx, now)
    const to = input.to
    if (to === t.status) throw new ConflictError('Talep zaten bu durumda.', 'same_status')
    const own = transitionRule(t.status, to)
    if (own !== undefined && MOVES_WITH_OWN_ACTION.includes(own.action)) {
      throw new ConflictError(
        `Bu adım “${TRANSITION_ACTION_LABELS[own.action]}” ile yapılır.`,
        'use_action',
        {
          action: own.action,
        },
      )
    }
    const rule = checkMove(t.status, to, actor, input.note)
    if (to === 'BIRIME_HAVALE' && t.unitId === null) {
      throw new ConflictError(
        'Talebin birimi yok: yeniden açmak için önce birim seçilmeli.',
        'ticket_without_unit',
      )
    }
    const data: Prisma.TicketUncheckedUpdateInput = { status: to }
    if (to === 'KAPANDI') data.closedAt = now
    else if (CLOSED.includes(t.status)) data.closedAt = null
    if (to === 'KAPANDI' && deps.messaging)
      await deps.messaging.queueInTx(tx, { ticketId, templateKey: 'TICKET_CLOSED', actor, at: now })
    return {
      data,
      events: [{ kind: rule.event, fromStatus: t.status, toStatus: to, note: input.note?.trim() || null }],
    }
  })
}

/** 4982 md. 11/2: 15 → 30 iş günü, told to the applicant inside the first 15 iş günü, once. */
export async function extendTicket(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { reason: string },
): Promise<void> {
  requireRole(actor, EXTENDING_ROLES, 'Süre uzatmayı Halkla İlişkiler yapar.')
  const calendar = await deps.calendar.current()
  await changeTicket(deps, actor, ticketId, async (t, now, tx) => {
    if (CLOSED.includes(t.status))
      throw new ConflictError('Kapanmış talebin süresi uzatılamaz.', 'ticket_closed')
    let extended: { extendedDueAt: Date; extensionNoticeDueAt: Date }
    try {
      extended = extendDeadline({
        track: t.legalTrack,
        type: t.type,
        receivedAt: t.createdAt,
        calendar,
        now,
        reason: input.reason,
        alreadyExtended: t.extendedDueAt !== null,
      })
    } catch (e) {
      if (e instanceof DomainError) {
        const error = e as DomainError
        throw new ConflictError(error.message, error.code.toLowerCase(), error.details)
      }
      throw e
    }
    // 4982 md. 11/2: the applicant is told in writing, with the reason, in the same transaction.
    if (deps.messaging)
      await deps.messaging.queueInTx(tx, {
        ticketId,
        templateKey: 'EXTENSION_NOTICE',
        actor,
        at: now,
        values: {
          reason: input.reason.trim(),
          dueDate: formatTurkishDate(t.dueAt),
          extendedDueDate: formatTurkishDate(extended.extendedDueAt),
        },
      })
    return {
      data: { extendedDueAt: extended.extendedDueAt, extensionNoticeDueAt: extended.extensionNoticeDueAt },
      events: [
        {
          kind: 'EXTENDED',
          note: input.reason.trim(),
          data: {
            from: t.dueAt.toISOString(),
            to: extended.extendedDueAt.toISOString(),
            noticeAt: now.toISOString(),
          },
        },
      ],
    }
  })
}

export async function addComment(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { text: string },
): Promise<void> {
  await changeTicket(deps, actor, ticketId, () => ({
    events: [{ kind: 'COMMENT', note: input.text.trim() }],
  }))
}
