/**
 * Finding citizens: free-text search for the agent (name words, a phone number in any spelling, or a
 * ticket number) and the screen-pop lookup by the caller's E.164 number. Every record returned is written
 * to the audit log (one row per record, see audit-log.ts).
 */
import type { CitizenCandidate, CitizenSearchResult } from '../../contract/citizens.ts'
import { Prisma } from '../../db/generated/client.ts'
import { normalizePhone } from '../../domain/phone.ts'
import { formatTicketNumber, parseTicketNumber } from '../../domain/ticket-number.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { citizenInclude, OPEN_TICKET_STATUSES, toCitizenSummary } from './citizen-view.ts'
import { FOLD_FROM, FOLD_TO, searchWords } from './turkish-fold.ts'

export const MAX_SEARCH_RESULTS = 50

/** Only digits and the usual separators, at least 7 digits: read as a phone number. */
const PHONE_LIKE = /^[+\d\s().-]+$/

type QueryKind =
  { kind: 'phone'; e164: string } | { kind: 'ticket'; number: string } | { kind: 'name'; words: string[] }

/** How a search box text is read. Pure. */
export function classifyQuery(q: string): QueryKind | null {
  const text = q.trim()
  if (text === '') return null
  const ticket = parseTicketNumber(text)
  if (ticket) return { kind: 'ticket', number: formatTicketNumber(ticket.year, ticket.seq) }
  if (PHONE_LIKE.test(text) && text.replace(/\D/g, '').length >= 7) {
    const phone = normalizePhone(text)
    if (phone.ok) return { kind: 'phone', e164: phone.e164 }
  }
  const words = searchWords(text)
  return words.length === 0 ? null : { kind: 'name', words }
}

async function idsByName(deps: ServiceDeps, words: string[], limit: number): Promise<number[]> {
  const folded = Prisma.sql`lower(translate("fullName", ${FOLD_FROM}, ${FOLD_TO}))`
  const conditions = words.map((w) => Prisma.sql`${folded} LIKE ${`%${w}%`}`)
  const rows = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Citizen"
    WHERE "mergedIntoId" IS NULL AND "anonymizedAt" IS NULL AND ${Prisma.join(conditions, ' AND ')}
    ORDER BY "fullName", id
    LIMIT ${limit}`
  return rows.map((r) => r.id)
}

export async function searchCitizens(
  deps: ServiceDeps,
  actor: Actor,
  q: string,
  limit = 20,
): Promise<CitizenSearchResult> {
  const take = Math.min(Math.max(1, limit), MAX_SEARCH_RESULTS)
  const query = classifyQuery(q)
  if (query === null) return { items: [], matchedBy: 'none' }
  let where: Prisma.CitizenWhereInput
  let order: number[] | null = null
  if (query.kind === 'phone') where = { phones: { some: { e164: query.e164 } } }
  else if (query.kind === 'ticket') where = { tickets: { some: { number: query.number } } }
  else {
    order = await idsByName(deps, query.words, take)
    where = { id: { in: order } }
  }
  const rows = await deps.prisma.citizen.findMany({
    where: { ...where, mergedIntoId: null, anonymizedAt: null },
    include: citizenInclude,
    orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
    take,
  })
  if (order !== null) {
    const position = new Map(order.map((id, i) => [id, i]))
    rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0))
  }
  await recordCitizenReads(
    deps.prisma,
    actor,
    deps.clock.now(),
    rows.map((r) => r.id),
    AUDIT_ACTIONS.citizenList,
    { matchedBy: query.kind },
  )
  return { items: rows.map(toCitizenSummary), matchedBy: query.kind }
}

interface CandidateRow {
  id: number
  fullName: string
  mahalle: string | null
  phones: string[] | null
  openTickets: { id: number; number: string; subject: string; status: string; dueAt: string }[] | null
  lastContactAt: Date | null
}

/**
 * Screen pop: every live (not merged, not anonymised) citizen holding this E.164 number, with their open
 * tickets and last contact, in ONE statement driven by the CitizenPhone(e164) index (tickets come through
 * the Ticket(citizenId, status) index, the last call through Call(callerNumber, enteredAt), which holds the
 * E.164 number the call recorder stores). Several candidates are possible (a
 * shared home line); the agent picks. The reads are audited as `citizen.screen-pop` for `actor`.
 */
export async function findCitizensByPhone(
  deps: ServiceDeps,
  actor: Actor,
  e164: string,
): Promise<CitizenCandidate[]> {
  const open = Prisma.join([...OPEN_TICKET_STATUSES].map((s) => Prisma.sql`${s}::"TicketStatus"`))
  const rows = await deps.prisma.$queryRaw<CandidateRow[]>`
    SELECT c.id, c."fullName", c.mahalle,
      (SELECT json_agg(p.e164 ORDER BY p.id) FROM "CitizenPhone" p WHERE p."citizenId" = c.id) AS phones,
      (SELECT json_agg(json_build_object('id', t.id, 'number', t.number, 'subject', t.subject,
                'status', t.status, 'dueAt', COALESCE(t."extendedDueAt", t."dueAt")) ORDER BY t."dueAt")
         FROM "Ticket" t WHERE t."citizenId" = c.id AND t.status IN (${open})) AS "openTickets",
      (SELECT max(k."enteredAt") FROM "Call" k WHERE k."callerNumber" = ${e164}) AS "lastContactAt"
    FROM "Citizen" c
    WHERE c.id IN (SELECT "citizenId" FROM "CitizenPhone" WHERE e164 = ${e164})
      AND c."mergedIntoId" IS NULL AND c."anonymizedAt" IS NULL
    ORDER BY c."updatedAt" DESC, c.id
    LIMIT 10`
  await recordCitizenReads(
    deps.prisma,
    actor,
    deps.clock.now(),
    rows.map((r) => r.id),
    AUDIT_ACTIONS.citizenScreenPop,
  )
  return rows.map((r) => ({
    id: r.id,
    fullName: r.fullName,
    mahalle: r.mahalle,
    phones: r.phones ?? [],
    openTickets: (r.openTickets ?? []).map((t) => ({ ...t, dueAt: new Date(t.dueAt).toISOString() })),
    lastContactAt: r.lastContactAt === null ? null : new Date(r.lastContactAt).toISOString(),
  }))
}
