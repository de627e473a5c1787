/**
 * Reading tickets: the filtered, paged Talepler list (sorted by the deadline in force), one ticket with
 * its history and linked calls, and a citizen's tickets. Unit staff see only their unit's tickets with
 * masked citizen data (ticket-view.ts); when a role that sees names and numbers gets them, each citizen
 * shown is written to the audit log.
 */
import type {
  TicketDetail,
  TicketListItem,
  TicketPage,
  TicketStatusCode,
  LegalTrackCode,
} from '../../contract/tickets.ts'
import { Prisma } from '../../db/generated/client.ts'
import { formatTicketNumber, parseTicketNumber } from '../../domain/ticket-number.ts'
import { NotFoundError } from '../../errors.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import { seesPersonalData, type Actor } from '../audit/actor.ts'
import { FOLD_FROM, FOLD_TO, foldTurkish, searchWords } from '../citizens/turkish-fold.ts'
import { ticketMessages, writableChannels } from '../messaging/message-views.ts'
import { allowedActions, assertCanSeeTicket, DIRECTORATE_ROLES } from './ticket-access.ts'
import type { ServiceDeps } from './service-deps.ts'
import {
  ticketListInclude,
  ticketText,
  toEventView,
  toLinkedCallView,
  toTicketListItem,
} from './ticket-view.ts'

export const MAX_PAGE_SIZE = 100
const CLOSED_STATUSES = ['VATANDASA_BILDIRILDI', 'KAPANDI'] as const
/** "Due soon" in the filter matches the badge: due by the end of the 2nd working day after today. */
const DUE_SOON_DAYS = 2

export interface TicketFilter {
  status?: TicketStatusCode[] | undefined
  unitId?: number | undefined
  overdue?: boolean | undefined
  dueSoon?: boolean | undefined
  track?: LegalTrackCode | undefined
  q?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const statusList = (values: readonly string[]) =>
  Prisma.join(values.map((s) => Prisma.sql`${s}::"TicketStatus"`))

const DIGIT = /\d/
/** The deadline in force (an extension replaces the first), by which the list is sorted. */
const due = Prisma.sql`COALESCE(t."extendedDueAt", t."dueAt")`
/** Tickets a search in masked text reads at most (a unit's matches by the stored text). */
const MASKED_SEARCH_ROWS = 5_000

function ticketNumberOf(q: string): string | null {
  const parts = parseTicketNumber(q)
  return parts === null ? null : formatTicketNumber(parts.year, parts.seq)
}

/** `words` are folded with LIKE's wildcards escaped (searchWords); unescaped for a plain `includes`. */
const unescaped = (word: string) => word.replace(/\\([\\%_])/g, '$1')

/**
 * A search with digits by a role that reads tickets with personal numbers masked (ticket-view.ts
 * `ticketText`): the words must be in the subject as that role reads it. Matching the stored subject
 * would let unit staff find a masked phone number digit by digit ("054", "0542", …: a ticket shows up
 * only when the guess is right). The stored text narrows the candidates, the masked text decides.
 */
async function searchedInMaskedText(
  deps: ServiceDeps,
  actor: Actor,
  from: Prisma.Sql,
  words: readonly string[],
  number: string | null,
  limit: number,
  offset: number,
): Promise<{ ids: number[]; total: number }> {
  const rows = await deps.prisma.$queryRaw<{ id: number; number: string; subject: string }[]>`
    SELECT t.id, t.number, t.subject ${from} ORDER BY ${due} ASC, t.id ASC LIMIT ${MASKED_SEARCH_ROWS}`
  const plain = words.map(unescaped)
  const found = rows.filter((r) => {
    if (r.number === number) return true
    const shown = foldTurkish(ticketText(r.subject, actor.role))
    return plain.every((w) => shown.includes(w))
  })
  return { ids: found.slice(offset, offset + limit).map((r) => r.id), total: found.length }
}

async function filteredIds(
  deps: ServiceDeps,
  actor: Actor,
  filter: TicketFilter,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ ids: number[]; total: number }> {
  const where: Prisma.Sql[] = []
  if (actor.role === 'unit') where.push(Prisma.sql`t."unitId" = ${actor.unitId ?? -1}`)
  if (filter.unitId !== undefined) where.push(Prisma.sql`t."unitId" = ${filter.unitId}`)
  if (filter.status !== undefined && filter.status.length > 0)
    where.push(Prisma.sql`t.status IN (${statusList(filter.status)})`)
  if (filter.track !== undefined) where.push(Prisma.sql`t."legalTrack" = ${filter.track}::"LegalTrack"`)
  if (filter.overdue === true || filter.dueSoon === true) {
    where.push(Prisma.sql`t.status NOT IN (${statusList(CLOSED_STATUSES)})`)
  }
  if (filter.overdue === true) where.push(Prisma.sql`${due} < ${now}`)
  if (filter.dueSoon === true) {
    const calendar = await deps.calendar.current()
    where.push(Prisma.sql`${due} >= ${now} AND ${due} <= ${calendar.addWorkingDays(now, DUE_SOON_DAYS)}`)
  }
  const q = filter.q?.trim() ?? ''
  const words = searchWords(q)
  const number = q === '' ? null : ticketNumberOf(q)
  if (q !== '') {
    const subject = Prisma.sql`lower(translate(t.subject, ${FOLD_FROM}, ${FOLD_TO}))`
    const name = Prisma.sql`lower(translate(c."fullName", ${FOLD_FROM}, ${FOLD_TO}))`
    const wordMatch = words.map((w) =>
      seesPersonalData(actor.role)
        ? Prisma.sql`(${subject} LIKE ${`%${w}%`} OR ${name} LIKE ${`%${w}%`})`
        : Prisma.sql`${subject} LIKE ${`%${w}%`}`,
    )
    const anyWords = wordMatch.length > 0 ? Prisma.join(wordMatch, ' AND ') : Prisma.sql`FALSE`
    where.push(
      number === null ? Prisma.sql`(${anyWords})` : Prisma.sql`(t.number = ${number} OR (${anyWords}))`,
    )
  }
  const condition = where.length > 0 ? Prisma.join(where, ' AND ') : Prisma.sql`TRUE`
  const from = Prisma.sql`FROM "Ticket" t LEFT JOIN "Citizen" c ON c.id = t."citizenId" WHERE ${condition}`
  if (!seesPersonalData(actor.role) && words.some((w) => DIGIT.test(w)))
    return searchedInMaskedText(deps, actor, from, words, number, limit, offset)
  const [rows, counted] = await Promise.all([
    deps.prisma.$queryRaw<
      { id: number }[]
    >`SELECT t.id ${from} ORDER BY ${due} ASC, t.id ASC LIMIT ${limit} OFFSET ${offset}`,
    deps.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${from}`,
  ])
  return { ids: rows.map((r) => r.id), total: Number(counted[0]?.n ?? 0) }
}

async function loadListItems(
  deps: ServiceDeps,
  actor: Actor,
  ids: number[],
  now: Date,
): Promise<TicketListItem[]> {
  if (ids.length === 0) return []
  const calendar = await deps.calendar.current()
  const rows = await deps.prisma.ticket.findMany({ where: { id: { in: ids } }, include: ticketListInclude })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row === undefined ? [] : [toTicketListItem(row, actor.role, now, calendar)]
  })
}

async function auditCitizensShown(
  deps: ServiceDeps,
  actor: Actor,
  items: TicketListItem[],
  now: Date,
): Promise<void> {
  if (!seesPersonalData(actor.role)) return
  const ids = items.flatMap((i) => (i.citizen?.id == null ? [] : [i.citizen.id]))
  await recordCitizenReads(deps.prisma, actor, now, ids, AUDIT_ACTIONS.citizenViaTicket, {
    tickets: items.filter((i) => i.citizen?.id != null).map((i) => i.id),
  })
}

export async function listTickets(
  deps: ServiceDeps,
  actor: Actor,
  filter: TicketFilter,
): Promise<TicketPage> {
  const now = deps.clock.now()
  const pageSize = Math.min(Math.max(1, filter.pageSize ?? 25), MAX_PAGE_SIZE)
  const page = Math.max(1, filter.page ?? 1)
  const { ids, total } = await filteredIds(deps, actor, filter, now, pageSize, (page - 1) * pageSize)
  const items = await loadListItems(deps, actor, ids, now)
  await auditCitizensShown(deps, actor, items, now)
  return { items, total, page, pageSize }
}

/** Ticket ids (already filtered and ordered by the caller) as list items, audited like the list. */
export async function ticketListItems(
  deps: ServiceDeps,
  actor: Actor,
  ids: number[],
): Promise<TicketListItem[]> {
  const now = deps.clock.now()
  const items = await loadListItems(deps, actor, ids, now)
  await auditCitizensShown(deps, actor, items, now)
  return items
}

export async function getTicketDetail(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
): Promise<TicketDetail> {
  const now = deps.clock.now()
  const row = await deps.prisma.ticket.findUnique({
    where: { id: ticketId },
    include: {
      ...ticketListInclude,
      desk: { select: { id: true, name: true } },
      createdBy: { select: { id: true, displayName: true } },
      events: {
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        include: { actor: { select: { id: true, displayName: true } } },
      },
      calls: { orderBy: { linkedAt: 'asc' }, include: { call: true } },
    },
  })
  if (row === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
  assertCanSeeTicket(actor, row)
  const [calendar, queues] = await Promise.all([
    deps.calendar.current(),
    row.calls.length === 0
      ? Promise.resolve([])
      : deps.prisma.queue.findMany({ select: { pbxId: true, name: true, label: true } }),
  ])
  const labels = new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label]))
  const item = toTicketListItem(row, actor.role, now, calendar)
  if (seesPersonalData(actor.role) && row.citizenId !== null) {
    await recordCitizenReads(deps.prisma, actor, now, [row.citizenId], AUDIT_ACTIONS.citizenViaTicket, {
      tickets: [row.id],
    })
  }
  const directorate = DIRECTORATE_ROLES.includes(actor.role)
  const [messages, channels] = await Promise.all([
    ticketMessages(deps.prisma, row.id, actor.role),
    directorate && row.status === 'YANITLANDI'
      ? writableChannels(deps.prisma, deps.messaging, row.citizenId)
      : Promise.resolve([]),
  ])
  return {
    ...item,
    description: ticketText(row.description, actor.role),
    externalRef: row.externalRef,
    desk: row.desk,
    unitAnswer: ticketText(row.unitAnswer, actor.role),
    originalDueAt: row.dueAt.toISOString(),
    extendedDueAt: row.extendedDueAt?.toISOString() ?? null,
    extensionNoticeDueAt: row.extensionNoticeDueAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    createdBy: row.createdBy,
    history: row.events.map((e) => toEventView(e, actor.role)),
    calls: row.calls.map((link) =>
      toLinkedCallView(link, actor.role, (queue) => labels.get(`${link.call.pbxId}/${queue}`) ?? null),
    ),
    messages,
    writableChannels: channels,
    allowed: allowedActions(actor, row, now),
  }
}

/** A citizen's tickets, newest first (follows the merge pointer). One audit row for the citizen. */
export async function listCitizenTickets(
  deps: ServiceDeps,
  actor: Actor,
  citizenId: number,
): Promise<TicketListItem[]> {
  const now = deps.clock.now()
  const survivor = await resolveLiveCitizen(deps, citizenId)
  const rows = await deps.prisma.ticket.findMany({
    where: { citizenId: survivor },
    include: ticketListInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 200,
  })
  const calendar = await deps.calendar.current()
  await recordCitizenReads(deps.prisma, actor, now, [survivor], AUDIT_ACTIONS.citizenRead, {
    view: 'tickets',
  })
  return rows.map((r) => toTicketListItem(r, actor.role, now, calendar))
}

async function resolveLiveCitizen(deps: ServiceDeps, id: number): Promise<number> {
  let current = id
  for (let hop = 0; hop < 20; hop++) {
    const row = await deps.prisma.citizen.findUnique({
      where: { id: current },
      select: { mergedIntoId: true },
    })
    if (row === null) break
    if (row.mergedIntoId === null) return current
    current = row.mergedIntoId
  }
  throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
}
