/**
 * Talepler › Gelen kutusu (docs/intake.md §6): web applications and mails waiting for an agent. An agent
 * claims an item so two people do not take the same one; accepting turns a mail into a ticket (type,
 * unit, citizen chosen by the agent) or, for a web application that has its ticket already, links the
 * citizen and routes it; spam closes it. Every change is conditional on the item still waiting and
 * being the actor's, so a race ends in a 409 for the slower agent, never in two tickets.
 */
import type { IntakeAcceptBody, IntakeDetail, IntakePage } from '../../contract/intake.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import { createCitizen } from '../citizens/citizen-records.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { DIRECTORATE_ROLES } from '../tickets/ticket-access.ts'
import { routeTicket, transitionTicket } from '../tickets/ticket-actions.ts'
import { openTicket } from '../tickets/ticket-create.ts'
import { appendTicketEvents } from '../tickets/ticket-history.ts'
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
  throw new ConflictError(
    `Bu kaydı ${row.claimedBy?.displayName ?? 'başka biri'} üstlendi.`,
    'intake_claimed',
    { claimedBy: row.claimedBy },
  )
}

export async function releaseItem(deps: ServiceDeps, actor: Actor, id: number): Promise<void> {
  assertDirectorate(actor)
  const released = await deps.prisma.intakeItem.updateMany({
    where: { id, status: 'BEKLIYOR', claimedById: actor.userId },
    data: { claimedById: null, claimedAt: null },
  })
  if (released.count === 0) await loadItem(deps, id)
  else deps.inboxEvents?.changed()
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

async function citizenFor(
  deps: ServiceDeps,
  actor: Actor,
  row: InboxRow,
  body: IntakeAcceptBody,
): Promise<number | null> {
  if (body.citizenId != null) return body.citizenId
  if (body.newCitizen == null) return null
  const created = await createCitizen(deps, actor, {
    fullName: body.newCitizen.fullName,
    email: row.senderEmail,
    mahalle: row.mahalle,
    address: row.address,
    phones: row.senderPhone === null ? [] : [{ number: row.senderPhone }],
  })
  return created.citizen.id
}

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
  if (body.unitId != null) {
    const unit = await deps.prisma.unit.findFirst({
      where: { id: body.unitId, active: true },
      select: { id: true },
    })
    if (unit === null)
      throw new ValidationError([{ path: 'unitId', code: 'not_found', message: 'Birim bulunamadı.' }])
  }
  const now = deps.clock.now()

  if (row.ticket === null) {
    const type = body.type ?? row.requestedType
    if (type === null)
      throw new ValidationError([{ path: 'type', code: 'required', message: 'Talep türünü seçin.' }])
    const citizenId = await citizenFor(deps, actor, row, body)
    const created = await openTicket(
      deps,
      actor,
      {
        type,
        channel: row.source === 'WEB' ? 'WEB' : 'EPOSTA',
        subject: (body.subject ?? row.subject).trim().slice(0, 200) || 'E-posta',
        description: row.text.trim() || '(boş ileti)',
        unitId: body.unitId ?? null,
        citizenId,
        ...(body.priority ? { priority: body.priority } : {}),
      },
      {
        alsoInTx: async (tx, ticket) => {
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

  // A web application: its ticket and clock exist since receipt; link the citizen and route it.
  const ticket = row.ticket
  await decide(deps.prisma, actor, id, now, { status: 'KABUL' })
  deps.inboxEvents?.changed()
  const citizenId = await citizenFor(deps, actor, row, body)
  if (citizenId !== null) {
    await deps.prisma.$transaction(async (tx) => {
      await tx.ticket.update({ where: { id: ticket.id }, data: { citizenId, updatedAt: now } })
      await appendTicketEvents(tx, ticket.id, actor, now, [
        { kind: 'COMMENT', note: 'Başvuru sahibi vatandaş kaydına bağlandı.', data: { citizenId } },
      ])
    })
  }
  if (body.unitId != null && ticket.status === 'YENI')
    await routeTicket(deps, actor, ticket.id, { unitId: body.unitId })
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
  if (row.ticket !== null) {
    if (actor.role !== 'supervisor' && actor.role !== 'admin')
      throw new ForbiddenError(
        'Talebi açılmış bir web başvurusunu yalnızca müdür veya ekip lideri kapatabilir.',
      )
    await transitionTicket(deps, actor, row.ticket.id, { to: 'KAPANDI', note: reason })
  }
  await decide(deps.prisma, actor, id, deps.clock.now(), { status: 'SPAM', decisionNote: reason })
  deps.inboxEvents?.changed()
}
