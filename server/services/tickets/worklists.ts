/**
 * The two call-back worklists of the directorate:
 * - "Vatandaşa bildir": tickets a unit answered (YANITLANDI) whose answer is not yet relayed, oldest
 *   deadline first, with the unit's answer and earlier unsuccessful attempts;
 * - missed calls: the call centre's OPEN Callback rows folded by normalised number (a caller who tried
 *   five times is one row, callCount 5), with the citizens holding that number and their open tickets,
 *   and the attempts. A caller lost on a transfer to a unit is the unit's to call back and is not listed
 *   here (callbacks/callback-owner.ts).
 */
import type { ContactOutcomeCode, MissedCallWorkItem, NotifyWorkItem } from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { formatPhoneTr } from '../../domain/phone.ts'
import { ConflictError, NotFoundError } from '../../errors.ts'
import { recordCallListRead } from '../audit/call-list-audit.ts'
import type { Actor } from '../audit/actor.ts'
import { CALL_CENTRE_OWNED, ownedByCallCentre } from '../callbacks/callback-owner.ts'
import { OPEN_TICKET_STATUSES } from '../citizens/citizen-view.ts'
import { DIRECTORATE_ROLES, requireRole } from './ticket-access.ts'
import { ticketListItems } from './ticket-queries.ts'
import type { ServiceDeps } from './service-deps.ts'

const WORKLIST_LIMIT = 200

export async function notifyWorklist(deps: ServiceDeps, actor: Actor): Promise<NotifyWorkItem[]> {
  requireRole(actor, DIRECTORATE_ROLES, 'Bu liste Halkla İlişkiler personeli içindir.')
  const tickets = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Ticket" WHERE status = 'YANITLANDI'::"TicketStatus"
    ORDER BY COALESCE("extendedDueAt", "dueAt") ASC, id ASC LIMIT ${WORKLIST_LIMIT}`
  const ids = tickets.map((t) => t.id)
  if (ids.length === 0) return []
  const [items, rows, events] = await Promise.all([
    ticketListItems(deps, actor, ids),
    deps.prisma.ticket.findMany({ where: { id: { in: ids } }, select: { id: true, unitAnswer: true } }),
    deps.prisma.ticketEvent.findMany({
      where: { ticketId: { in: ids }, kind: { in: ['UNIT_ANSWERED', 'CITIZEN_NOTIFIED'] } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      include: { actor: { select: { displayName: true } } },
    }),
  ])
  const answers = new Map(rows.map((r) => [r.id, r.unitAnswer]))
  return items.map((ticket) => {
    const own = events.filter((e) => e.ticketId === ticket.id)
    const answered = own.filter((e) => e.kind === 'UNIT_ANSWERED').at(-1)
    // Attempts since the latest answer: a reopened and re-answered ticket starts a fresh round.
    const since = answered?.at.getTime() ?? 0
    return {
      ticket,
      unitAnswer: answers.get(ticket.id) ?? null,
      answeredAt: answered?.at.toISOString() ?? null,
      attempts: own
        .filter((e) => e.kind === 'CITIZEN_NOTIFIED' && e.at.getTime() >= since)
        .map((e) => ({
          outcome: outcomeOf(e.data),
          note: e.note,
          at: e.at.toISOString(),
          by: e.actor?.displayName ?? null,
        })),
    }
  })
}

function outcomeOf(data: unknown): ContactOutcomeCode {
  const value =
    typeof data === 'object' && data !== null ? (data as { outcome?: unknown }).outcome : undefined
  return value === 'ULASILDI' || value === 'MESAJ_BIRAKILDI' ? value : 'ULASILAMADI'
}

/**
 * A call back promised at wrap-up (SCHEDULED) shows from its time on, to the agent who promised it or,
 * when it was left to the queue, to everyone; the müdür and the admin see every one that is due.
 */
function scheduledVisibleTo(actor: Actor, now: Date): Prisma.CallbackWhereInput[] {
  const due: Prisma.CallbackWhereInput = { NOT: { reason: 'SCHEDULED', dueAt: { gt: now } } }
  if (actor.role === 'supervisor' || actor.role === 'admin') return [due]
  return [due, { OR: [{ assignedUserId: null }, { assignedUserId: actor.userId }] }]
}

export async function missedCallsWorklist(deps: ServiceDeps, actor: Actor): Promise<MissedCallWorkItem[]> {
  requireRole(actor, DIRECTORATE_ROLES, 'Bu liste Halkla İlişkiler personeli içindir.')
  const callbacks = await deps.prisma.callback.findMany({
    where: {
      ...CALL_CENTRE_OWNED,
      status: 'OPEN',
      reason: { not: 'TICKET_NOTIFY' },
      AND: scheduledVisibleTo(actor, deps.clock.now()),
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: WORKLIST_LIMIT * 5,
    include: {
      attempts: { orderBy: { at: 'asc' }, include: { user: { select: { displayName: true } } } },
      assignedUser: { select: { displayName: true } },
    },
  })
  const groups = new Map<string, typeof callbacks>()
  for (const cb of callbacks) {
    const group = groups.get(cb.phoneE164)
    if (group) group.push(cb)
    else groups.set(cb.phoneE164, [cb])
  }
  const numbers = [...groups.keys()].slice(0, WORKLIST_LIMIT)
  const citizens =
    numbers.length === 0
      ? []
      : await deps.prisma.citizen.findMany({
          where: { mergedIntoId: null, anonymizedAt: null, phones: { some: { e164: { in: numbers } } } },
          select: {
            id: true,
            fullName: true,
            phones: { select: { e164: true } },
            tickets: {
              where: { status: { in: [...OPEN_TICKET_STATUSES] } },
              select: {
                id: true,
                number: true,
                subject: true,
                status: true,
                dueAt: true,
                extendedDueAt: true,
              },
              orderBy: { dueAt: 'asc' },
            },
          },
        })
  // The numbers are personal data whether or not a citizen holds them (call-list-audit.ts).
  await recordCallListRead(
    deps.prisma,
    actor,
    deps.clock.now(),
    { list: 'missed', via: 'http' },
    numbers.map((e164) => ({
      key: (groups.get(e164) ?? []).map((g) => g.id).join(','),
      e164,
      citizenIds: citizens.filter((c) => c.phones.some((p) => p.e164 === e164)).map((c) => c.id),
    })),
  )
  return numbers.map((e164) => {
    const group = groups.get(e164) ?? []
    const first = group.reduce((a, b) => (b.firstCallAt < a.firstCallAt ? b : a))
    const oldest = group.reduce((a, b) => (b.id < a.id ? b : a))
    const holders = citizens.filter((c) => c.phones.some((p) => p.e164 === e164))
    return {
      id: oldest.id,
      callbackIds: group.map((g) => g.id).sort((a, b) => a - b),
      phone: formatPhoneTr(e164),
      phoneE164: e164,
      reasons: [...new Set(group.map((g) => g.reason))],
      callCount: group.reduce((n, g) => n + g.callCount, 0),
      firstCallAt: first.firstCallAt.toISOString(),
      lastCallAt: group.reduce((a, b) => (b.lastCallAt > a.lastCallAt ? b : a)).lastCallAt.toISOString(),
      dueAt: group.reduce((a, b) => (b.dueAt < a.dueAt ? b : a)).dueAt.toISOString(),
      scheduled: group
        .filter((g) => g.reason === 'SCHEDULED')
        .map((g) => ({
          dueAt: g.dueAt.toISOString(),
          assignedTo: g.assignedUser?.displayName ?? null,
          queue: g.queue,
          note: g.note,
        })),
      citizens: holders.map((c) => ({ id: c.id, fullName: c.fullName })),
      openTickets: holders.flatMap((c) =>
        c.tickets.map((t) => ({
          id: t.id,
          number: t.number,
          subject: t.subject,
          status: t.status,
          dueAt: (t.extendedDueAt ?? t.dueAt).toISOString(),
        })),
      ),
      attempts: group
        .flatMap((g) => g.attempts)
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((a) => ({
          id: a.id,
          outcome: a.outcome,
          note: a.note,
          at: a.at.toISOString(),
          by: a.user?.displayName ?? null,
        })),
    }
  })
}

/**
 * One call-back attempt on an entry of the call centre's list (a unit's entry is not on it: 404). Reaching
 * the caller (ULASILDI) closes every OPEN callback of that number, a unit's included: they were one person
 * trying several times, now reached (docs/decisions/007-unit-callbacks-and-kvkk.md). Other outcomes leave
 * them open for the next try.
 */
export async function recordCallbackAttempt(
  deps: ServiceDeps,
  actor: Actor,
  callbackId: number,
  input: {
    outcome: ContactOutcomeCode
    note?: string | null | undefined
    callId?: number | null | undefined
  },
): Promise<{ attemptId: number; closed: number[] }> {
  requireRole(actor, DIRECTORATE_ROLES, 'Geri aramayı Halkla İlişkiler personeli yapar.')
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Callback" WHERE id = ${callbackId} FOR UPDATE`
    const callback = await tx.callback.findUnique({ where: { id: callbackId } })
    if (callback === null || !ownedByCallCentre(callback))
      throw new NotFoundError('Geri arama kaydı bulunamadı.', 'callback_not_found')
    if (callback.status !== 'OPEN')
      throw new ConflictError('Bu geri arama zaten kapanmış.', 'callback_closed')
    const attempt = await tx.callbackAttempt.create({
      data: {
        callbackId,
        userId: actor.userId,
        callId: input.callId ?? null,
        outcome: input.outcome,
        note: input.note?.trim() || null,
        at: now,
      },
    })
    let closed: number[] = []
    if (input.outcome === 'ULASILDI') {
      // A call back promised for later stays open: the caller asked for that time.
      const open = await tx.callback.findMany({
        where: {
          phoneE164: callback.phoneE164,
          status: 'OPEN',
          reason: { not: 'TICKET_NOTIFY' },
          NOT: { reason: 'SCHEDULED', dueAt: { gt: now } },
        },
        select: { id: true },
      })
      closed = open.map((o) => o.id).sort((a, b) => a - b)
      await tx.callback.updateMany({ where: { id: { in: closed } }, data: { status: 'DONE', closedAt: now } })
    }
    return { attemptId: attempt.id, closed }
  })
}
