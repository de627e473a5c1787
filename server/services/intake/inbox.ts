/**
 * Talepler › Gelen kutusu (docs/intake.md §6): web applications and mails waiting for an agent. An agent
 * claims an item so two people do not take the same one; accepting turns a mail into a ticket (type,
 * unit, citizen chosen by the agent) or, for a web application that has its ticket already, links the
 * citizen and routes it; spam closes it. Every change is conditional on the item still waiting and
 * being the actor's, so a race ends in a 409 for the slower agent, never in two tickets.
 */
import type { IntakeAcceptBody, IntakeDetail, IntakePage } from '../../contract/intake.ts'
import type { TicketTypeCode } from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import { createCitizenInTx, normalisePhoneInputs } from '../citizens/citizen-records.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { DIRECTORATE_ROLES } from '../tickets/ticket-access.ts'
import { changeTicket, checkMove, transitionTicket } from '../tickets/ticket-actions.ts'
import { checkTicketRefs, openTicket } from '../tickets/ticket-create.ts'
import { appendTicketEvents, type NewTicketEvent } from '../tickets/ticket-history.ts'
import { inboxInclude, toIntakeDetail, toIntakeListItem, type InboxRow } from './inbox-view.ts'

export type InboxFilter = 'waiting' | 'done'

function assertDirectorate(actor: Actor): void {
  if (!DIRECTORATE_ROLES.includes(actor.role))
    throw new ForbiddenError('Gelen kutusu Halkla İlişkiler personeline açıktır.')
}

async function loadItem(deps: ServiceDeps, id: number): Promise<InboxRow> {
  const row = await deps.prisma.intakeItem.findUnique({ where: { id }, include: inboxInclude })
  if (row === null) throw new NotFoundError('Gelen kutusunda böyle bir kayıt yok.', 'intake_not_found')
  return row
}

export async function listInbox(
  deps: ServiceDeps,
  actor: Actor,
  filter: InboxFilter = 'waiting',
): Promise<IntakePage> {
  assertDirectorate(actor)
  const where: Prisma.IntakeItemWhereInput =
    filter === 'waiting' ? { status: 'BEKLIYOR' } : { status: { in: ['KABUL', 'SPAM'] } }
  const [rows, waiting, oldest] = await Promise.all([
    deps.prisma.intakeItem.findMany({
      where,
      include: inboxInclude,
      orderBy: filter === 'waiting' ? { receivedAt: 'asc' } : { decidedAt: 'desc' },
      take: 200,
    }),
    deps.prisma.intakeItem.count({ where: { status: 'BEKLIYOR' } }),
    deps.prisma.intakeItem.findFirst({
      where: { status: 'BEKLIYOR' },
      orderBy: { receivedAt: 'asc' },
      select: { receivedAt: true },
    }),
  ])
  return {
    items: rows.map(toIntakeListItem),
    waiting,
    oldestWaitingAt: oldest?.receivedAt.toISOString() ?? null,
  }
}

/** Citizens whose e-mail or phone is the sender's: shown to the agent, so each read is audited. */
async function citizenMatches(
  deps: ServiceDeps,
  actor: Actor,
  row: InboxRow,
): Promise<IntakeDetail['matches']> {
  const or: Prisma.CitizenWhereInput[] = []
  if (row.senderEmail !== null) or.push({ email: { equals: row.senderEmail, mode: 'insensitive' } })
  if (row.senderPhone !== null) or.push({ phones: { some: { e164: row.senderPhone } } })
  if (or.length === 0) return []
  const found = await deps.prisma.citizen.findMany({
    where: { OR: or, mergedIntoId: null, anonymizedAt: null },
    select: { id: true, fullName: true, email: true },
    orderBy: { id: 'asc' },
    take: 10,
  })
  await recordCitizenReads(
    deps.prisma,
    actor,
    deps.clock.now(),
    found.map((c) => c.id),
    AUDIT_ACTIONS.citizenList,
    { reason: 'intake-match', intakeItemId: row.id },
  )
  return found.map((c) => ({
    id: c.id,
    fullName: c.fullName,
    by:
      row.senderEmail !== null && c.email?.toLowerCase() === row.senderEmail.toLowerCase()
        ? 'email'
        : 'phone',
  }))
}

export async function getInboxItem(deps: ServiceDeps, actor: Actor, id: number): Promise<IntakeDetail> {
  assertDirectorate(actor)
  const row = await loadItem(deps, id)
  return toIntakeDetail(row, await citizenMatches(deps, actor, row))
}

function notWaiting(row: { status: string }): ConflictError {
  return new ConflictError('Bu kayıt artık gelen kutusunda beklemiyor.', 'intake_decided', {
    status: row.status,
  })
}

/** Claims the item for the actor: 409 naming who has it when someone else does (supervisors may take it over). */
export async function claimItem(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  takeOver = false,
): Promise<void> {
  assertDirectorate(actor)
  const now = deps.clock.now()
  const mayTakeOver = takeOver && (actor.role === 'supervisor' || actor.role === 'admin')
  const claimed = await deps.prisma.intakeItem.updateMany({
    where: {
      id,
      status: 'BEKLIYOR',
      ...(mayTakeOver ? {} : { OR: [{ claimedById: null }, { claimedById: actor.userId }] }),
    },
    data: { claimedById: actor.userId, claimedAt: now },
  })
  if (claimed.count === 1) {
    deps.inboxEvents?.changed()
    return
  }
  const row = await loadItem(deps, id)
  if (row.status !== 'BEKLIYOR') throw notWaiting(row)
  throw claimedByOther(row)
}

function claimedByOther(row: InboxRow): ConflictError {
  return new ConflictError(
    `Bu kaydı ${row.claimedBy?.displayName ?? 'başka biri'} üstlendi.`,
    'intake_claimed',
    { claimedBy: row.claimedBy },
  )
}

/**
 * Releases the actor's own claim; an item nobody holds (or no longer waiting) is left as it is. Someone
 * else's claim is not the actor's to release: 409 naming who has it, as claimItem answers.
 */
export async function releaseItem(deps: ServiceDeps, actor: Actor, id: number): Promise<void> {
  assertDirectorate(actor)
  const released = await deps.prisma.intakeItem.updateMany({
    where: { id, status: 'BEKLIYOR', claimedById: actor.userId },
    data: { claimedById: null, claimedAt: null },
  })
  if (released.count === 1) {
    deps.inboxEvents?.changed()
    return
  }
  const row = await loadItem(deps, id)
  if (row.status === 'BEKLIYOR' && row.claimedById !== null && row.claimedById !== actor.userId)
    throw claimedByOther(row)
}

/** Marks the item decided, only if it still waits and is the actor's (claimed by them or by nobody). */
async function decide(
  tx: Prisma.TransactionClient | ServiceDeps['prisma'],
  actor: Actor,
  id: number,
  now: Date,
  data: Prisma.IntakeItemUncheckedUpdateManyInput,
): Promise<void> {
  const done = await tx.intakeItem.updateMany({
    where: { id, status: 'BEKLIYOR', OR: [{ claimedById: null }, { claimedById: actor.userId }] },
    data: { ...data, decidedById: actor.userId, decidedAt: now, claimedById: actor.userId },
  })
  if (done.count === 0)
    throw new ConflictError(
      'Bu kayıt başka biri tarafından üstlenildi ya da karara bağlandı.',
      'intake_claimed',
    )
}

/** What the agent chose, checked before anything is stored. */
interface Choices {
  type: TicketTypeCode | null
  /** The record the ticket gets (a merged record's survivor), or null. */
  citizenId: number | null
  unit: { id: number; name: string } | null
}

/**
 * The type (a mail's ticket needs one), the citizen and the unit, checked as ticket creation checks them
 * (ticket-create.ts): an unknown or erased (KVKK, `anonymizedAt`) citizen and an unknown or inactive unit
 * are field errors, all in one answer. Run again inside the accept's transaction.
 */
async function checkChoices(
  db: Prisma.TransactionClient,
  row: InboxRow,
  body: IntakeAcceptBody,
): Promise<Choices> {
  const issues: FieldIssue[] = []
  const type = row.ticket === null ? (body.type ?? row.requestedType) : null
  if (row.ticket === null && type === null)
    issues.push({ path: 'type', code: 'required', message: 'Talep türünü seçin.' })
  const { citizenId, unit } = await checkTicketRefs(db, body, issues)
  if (issues.length > 0) throw new ValidationError(issues)
  return { type, citizenId, unit }
}

/** A new record from the sender's details, made inside the accept's transaction (with its audit row). */
function createSenderCitizen(
  tx: Prisma.TransactionClient,
  actor: Actor,
  row: InboxRow,
  newCitizen: { fullName: string; phones: ReturnType<typeof normalisePhoneInputs> },
  now: Date,
): Promise<number> {
  const body = {
    fullName: newCitizen.fullName,
    email: row.senderEmail,
    mahalle: row.mahalle,
    address: row.address,
  }
  return createCitizenInTx(tx, actor, now, body, newCitizen.phones).then((c) => c.id)
}

/**
 * Accepting is all or nothing: the choices are checked first, then the decision, the ticket (opened for
 * a mail, linked and routed for a web application), a new citizen record and the history are stored in
 * ONE transaction. A refusal leaves the item waiting in the inbox, so the agent can correct and retry.
 */
export async function acceptItem(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  body: IntakeAcceptBody,
): Promise<{ ticketId: number; ticketNumber: string }> {
  assertDirectorate(actor)
  const row = await loadItem(deps, id)
  if (row.status !== 'BEKLIYOR') throw notWaiting(row)
  if (row.claimedById !== null && row.claimedById !== actor.userId)
    throw new ConflictError(
      `Bu kaydı ${row.claimedBy?.displayName ?? 'başka biri'} üstlendi.`,
      'intake_claimed',
    )
  const checked = await checkChoices(deps.prisma, row, body)
  // A chosen record wins over making one, as before; the sender's number is checked before storing.
  const newCitizen =
    body.citizenId == null && body.newCitizen != null
      ? {
          fullName: body.newCitizen.fullName,
          phones: normalisePhoneInputs(row.senderPhone === null ? [] : [{ number: row.senderPhone }]),
        }
      : null

  if (row.ticket === null) {
    const type = checked.type
    if (type === null) throw new Error('checkChoices refuses a mail without a type')
    // openTicket checks the citizen and the unit again inside its transaction, and stores the decision
    // and a new citizen record (with its receipt) with the ticket, or nothing at all.
    const created = await openTicket(
      deps,
      actor,
      {
        type,
        channel: row.source === 'WEB' ? 'WEB' : 'EPOSTA',
        subject: (body.subject ?? row.subject).trim().slice(0, 200) || 'E-posta',
        description: row.text.trim() || '(boş ileti)',
        unitId: checked.unit?.id ?? null,
        citizenId: checked.citizenId,
        ...(body.priority ? { priority: body.priority } : {}),
      },
      {
        ...(newCitizen === null
          ? {}
          : { newCitizen: (tx, now) => createSenderCitizen(tx, actor, row, newCitizen, now) }),
        alsoInTx: async (tx, ticket) => {
          const now = deps.clock.now()
          await decide(tx, actor, id, now, { status: 'KABUL', ticketId: ticket.id })
          await appendTicketEvents(tx, ticket.id, actor, now, [
            { kind: 'COMMENT', note: 'Gelen kutusundaki e-postadan açıldı.', data: { intakeItemId: id } },
          ])
        },
      },
    )
    deps.inboxEvents?.changed()
    return { ticketId: created.id, ticketNumber: created.number }
  }

  // A web application: its ticket and clock exist since receipt. The decision, the citizen link and the
  // routing are one change of the locked ticket (changeTicket), told to the unit after it committed.
  const ticket = row.ticket
  await changeTicket(deps, actor, ticket.id, async (t, now, tx) => {
    const choices = await checkChoices(tx, row, body)
    await decide(tx, actor, id, now, { status: 'KABUL' })
    const data: Prisma.TicketUncheckedUpdateInput = {}
    const events: NewTicketEvent[] = []
    const citizenId =
      choices.citizenId ??
      (newCitizen === null ? null : await createSenderCitizen(tx, actor, row, newCitizen, now))
    if (citizenId !== null) {
      data.citizenId = citizenId
      events.push({ kind: 'COMMENT', note: 'Başvuru sahibi vatandaş kaydına bağlandı.', data: { citizenId } })
    }
    // Routed only while it still waits for the directorate, as routeTicket would from YENI.
    if (choices.unit !== null && t.status === 'YENI') {
      checkMove(t.status, 'BIRIME_HAVALE', actor, null)
      data.unitId = choices.unit.id
      data.status = 'BIRIME_HAVALE'
      events.push({
        kind: 'ROUTED',
        fromStatus: t.status,
        toStatus: 'BIRIME_HAVALE',
        note: null,
        data: {
          unitId: choices.unit.id,
          unitName: choices.unit.name,
          previousUnitId: t.unitId,
          previousUnitName: t.unit?.name ?? null,
        },
      })
    }
    return Object.keys(data).length > 0 ? { data, events } : { events }
  })
  deps.inboxEvents?.changed()
  return { ticketId: ticket.id, ticketNumber: ticket.number }
}

/** Spam: a mail is set aside; a web application's ticket is closed by the status table's rule (leads). */
export async function markSpam(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  note: string | null,
): Promise<void> {
  assertDirectorate(actor)
  const row = await loadItem(deps, id)
  if (row.status !== 'BEKLIYOR') throw notWaiting(row)
  const reason = note?.trim() || 'Gelen kutusunda istenmeyen (spam) olarak işaretlendi.'
  const decision = { status: 'SPAM', decisionNote: reason } as const
  if (row.ticket !== null) {
    if (actor.role !== 'supervisor' && actor.role !== 'admin')
      throw new ForbiddenError(
        'Talebi açılmış bir web başvurusunu yalnızca müdür veya ekip lideri kapatabilir.',
      )
    // One transaction: an item a colleague holds (409) leaves its ticket open, as it was.
    await transitionTicket(deps, actor, row.ticket.id, { to: 'KAPANDI', note: reason }, (tx, now) =>
      decide(tx, actor, id, now, decision),
    )
  } else {
    await decide(deps.prisma, actor, id, deps.clock.now(), decision)
  }
  deps.inboxEvents?.changed()
}
