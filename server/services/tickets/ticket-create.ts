/**
 * Opening a ticket from any channel. In ONE transaction: the number is drawn from TicketSequence, the
 * ticket is stored with its legal track and due date, and its first history rows are written (CREATED,
 * ROUTED when a unit is given, CALL_LINKED when it comes from a call). A failure anywhere stores nothing
 * and gives the number back.
 */
import type { CreateTicketBody, LegalTrackCode } from '../../contract/tickets.ts'
import { CHANNEL_RULES } from '../../contract/tickets.ts'
import { formatTicketNumber, ticketNumberYear } from '../../domain/ticket-number.ts'
import { ForbiddenError, ValidationError, type FieldIssue } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { DIRECTORATE_ROLES } from './ticket-access.ts'
import { linkCallInTx } from './ticket-calls.ts'
import { loadClockSettings, planDeadlines } from './ticket-deadlines.ts'
import { appendTicketEvents, type NewTicketEvent } from './ticket-history.ts'
import { allocateTicketSequence } from './ticket-numbering.ts'
import type { ServiceDeps } from './service-deps.ts'
import type { Prisma } from '../../db/generated/client.ts'

export interface CreatedTicket {
  id: number
  number: string
  warnings: string[]
  legalTrack: LegalTrackCode
  dueAt: Date
  createdAt: Date
}

/** The channel rules of the form, checked again on the server: desk for MASA, application number for CİMER. */
export function channelIssues(body: CreateTicketBody): FieldIssue[] {
  const rules = CHANNEL_RULES[body.channel]
  const issues: FieldIssue[] = []
  if (rules.needsDesk && (body.deskId ?? null) === null) {
    issues.push({ path: 'deskId', code: 'required', message: 'Hızlı Çözüm Masası seçin.' })
  }
  if (!rules.needsDesk && (body.deskId ?? null) !== null) {
    issues.push({
      path: 'deskId',
      code: 'not_allowed',
      message: 'Masa yalnızca Hızlı Çözüm Masası kanalında seçilir.',
    })
  }
  if (rules.needsExternalRef && (body.externalRef ?? '').trim() === '') {
    issues.push({ path: 'externalRef', code: 'required', message: 'CİMER başvuru numarası zorunludur.' })
  }
  return issues
}

export async function createTicket(
  deps: ServiceDeps,
  actor: Actor,
  body: CreateTicketBody,
): Promise<CreatedTicket> {
  if (!DIRECTORATE_ROLES.includes(actor.role)) {
    throw new ForbiddenError('Talep kaydı Halkla İlişkiler personeli tarafından açılır.')
  }
  return openTicket(deps, actor, body)
}

/**
 * The citizen and the unit a ticket is to get: an unknown or erased (KVKK) citizen and an unknown or
 * inactive unit are field issues, added to `issues`; a merged record gives its survivor.
 */
export async function checkTicketRefs(
  db: Prisma.TransactionClient,
  refs: { citizenId?: number | null | undefined; unitId?: number | null | undefined },
  issues: FieldIssue[],
): Promise<{ citizenId: number | null; unit: { id: number; name: string } | null }> {
  let citizenId: number | null = null
  if (refs.citizenId != null) {
    const citizen = await db.citizen.findUnique({
      where: { id: refs.citizenId },
      select: { id: true, mergedIntoId: true, anonymizedAt: true },
    })
    if (citizen === null || citizen.anonymizedAt !== null)
      issues.push({ path: 'citizenId', code: 'not_found', message: 'Vatandaş kaydı bulunamadı.' })
    else citizenId = citizen.mergedIntoId ?? citizen.id
  }
  let unit: { id: number; name: string } | null = null
  if (refs.unitId != null) {
    unit = await db.unit.findFirst({
      where: { id: refs.unitId, active: true },
      select: { id: true, name: true },
    })
    if (unit === null) issues.push({ path: 'unitId', code: 'not_found', message: 'Birim bulunamadı.' })
  }
  return { citizenId, unit }
}

/** What a channel without a signed-in user (the public form, the mailbox) adds to a new ticket. */
export interface OpenTicketOptions {
  /** sha256 of the code the citizen looks the ticket up with (server/services/intake/lookup-code.ts). */
  lookupCodeHash?: string
  /** Rows that must be stored with the ticket or not at all (the inbox item, its attachments). */
  alsoInTx?: (tx: Prisma.TransactionClient, ticket: { id: number; number: string }) => Promise<void>
  /** Warnings the caller has already dealt with (the form checks the 4982 applicant details itself). */
  settledWarnings?: readonly string[]
  /**
   * Makes the citizen record the ticket gets when `citizenId` is not given (the sender of a mail or a
   * WhatsApp message), in the ticket's transaction: a refused ticket leaves no stray record.
   */
  newCitizen?: (tx: Prisma.TransactionClient, now: Date) => Promise<number>
}

/**
 * The one way a ticket is opened, with the same legal clock on every channel. `actor` is null when no
 * person opened it (the public form): its history then shows no user.
 */
export async function openTicket(
  deps: ServiceDeps,
  actor: Actor | null,
  body: CreateTicketBody,
  options: OpenTicketOptions = {},
): Promise<CreatedTicket> {
  const issues = channelIssues(body)
  if (issues.length > 0) throw new ValidationError(issues)
  const now = deps.clock.now()
  const [calendar, settings] = await Promise.all([deps.calendar.current(), loadClockSettings(deps)])
  const plan = planDeadlines(body, now, calendar, settings)

  const created = await deps.prisma.$transaction(async (tx) => {
    const refIssues: FieldIssue[] = []
    const refs = await checkTicketRefs(tx, body, refIssues)
    let citizenId = refs.citizenId
    const unit = refs.unit
    if (body.deskId != null) {
      const desk = await tx.desk.findFirst({ where: { id: body.deskId, active: true }, select: { id: true } })
      if (desk === null) refIssues.push({ path: 'deskId', code: 'not_found', message: 'Masa bulunamadı.' })
    }
    if (refIssues.length > 0) throw new ValidationError(refIssues)
    if (citizenId === null && options.newCitizen) citizenId = await options.newCitizen(tx, now)

    const year = ticketNumberYear(now)
    const number = formatTicketNumber(year, await allocateTicketSequence(tx, year))
    const status = unit === null ? 'YENI' : 'BIRIME_HAVALE'
    const ticket = await tx.ticket.create({
      data: {
        number,
        type: body.type,
        channel: body.channel,
        legalTrack: plan.track,
        category: body.category?.trim() || null,
        subject: body.subject.trim(),
        description: body.description.trim(),
        citizenId,
        unitId: unit?.id ?? null,
        deskId: body.deskId ?? null,
        status,
        priority: body.priority ?? 'NORMAL',
        dueAt: plan.dueAt,
        extensionNoticeDueAt: plan.extensionNoticeDueAt,
        externalRef: body.externalRef?.trim() || null,
        lookupCodeHash: options.lookupCodeHash ?? null,
        createdById: actor?.userId ?? null,
        createdAt: now,
      },
      select: { id: true, number: true },
    })
    const events: NewTicketEvent[] = [
      {
        kind: 'CREATED',
        toStatus: 'YENI',
        data: {
          channel: body.channel,
          legalTrack: plan.track,
          dueAt: plan.dueAt.toISOString(),
          rule: plan.rule,
        },
      },
    ]
    if (unit !== null) {
      events.push({
        kind: 'ROUTED',
        fromStatus: 'YENI',
        toStatus: 'BIRIME_HAVALE',
        data: { unitId: unit.id, unitName: unit.name },
      })
    }
    await appendTicketEvents(tx, ticket.id, actor, now, events)
    if (body.callId != null) {
      if (actor === null) throw new ForbiddenError('Çağrı yalnızca personel tarafından bağlanır.')
      await linkCallInTx(tx, actor, now, body.callId, ticket.id)
    }
    if (options.alsoInTx) await options.alsoInTx(tx, ticket)
    // The receipt is queued with the ticket itself (docs/decisions/010-outbox-with-pg-boss.md); a citizen
    // without consent or contact data is told by phone, so no receipt is not an error here.
    const receipt =
      citizenId !== null && deps.messaging
        ? await deps.messaging.queueInTx(tx, {
            ticketId: ticket.id,
            templateKey: 'TICKET_RECEIVED',
            actor,
            at: now,
          })
        : null
    return { ...ticket, receipt }
  })
  if (created.receipt?.queued === true) deps.messaging?.wake()
  deps.unitEvents?.ticketChanged(created.id, null)
  deps.ticketEvents?.changed()
  const settled = new Set(options.settledWarnings ?? [])
  const warnings = plan.warnings.filter((w) => !settled.has(w))
  if (created.receipt?.queued === false && created.receipt.field === 'recipient')
    warnings.push(`Alındı bildirimi gönderilmedi: ${created.receipt.reason}`)
  return {
    id: created.id,
    number: created.number,
    warnings,
    legalTrack: plan.track,
    dueAt: plan.dueAt,
    createdAt: now,
  }
}
