/**
 * Finding citizens: free-text search for the agent (name words, a phone number in any spelling, whole or
 * in part, both together, or a ticket number) and the screen-pop lookup by the caller's E.164 number. Every
 * record returned is written to the audit log (one row per record, see audit-log.ts).
 */
import type { CitizenCandidate, CitizenSearchResult } from '../../contract/citizens.ts'
import { Prisma } from '../../db/generated/client.ts'
import { MIN_SEARCH_DIGITS, phoneSearch, type PhoneSearch } from '../../domain/phone.ts'
import { formatTicketNumber, parseTicketNumber } from '../../domain/ticket-number.ts'
import { ValidationError } from '../../errors.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { citizenInclude, OPEN_TICKET_STATUSES, toCitizenSummary } from './citizen-view.ts'
import { FOLD_FROM, FOLD_TO, searchWords } from './turkish-fold.ts'

export const MAX_SEARCH_RESULTS = 50

/** A word of the query that is (part of) a phone number: digits, the separators people write, a `+`. */
const PHONE_WORD = /^[+(]*\d[\d().\-/]*$/

export const PHONE_TOO_SHORT_MESSAGE = `Telefon numarasıyla aramak için en az ${MIN_SEARCH_DIGITS} rakam yazın (+90 ya da 0090 sayılmaz).`

type QueryKind =
  | { kind: 'ticket'; number: string }
  /** Name words, a phone number (whole or part), or both: a citizen must match every part given. */
  | { kind: 'name' | 'phone'; words: string[]; phone: PhoneSearch | null }

/**
 * Digits typed alone must tell numbers apart: at least MIN_SEARCH_DIGITS after a trunk 0 or the country
 * code for the start of a number, as many for its end. `0567` is too little for a start (0567 …) but can
 * be the last four digits, so it is searched as those only. Null: too few either way.
 */
function enoughDigits(phone: PhoneSearch): PhoneSearch | null {
  if (phone.kind === 'exact' || phone.digits.length >= MIN_SEARCH_DIGITS) return phone
  if (phone.suffix !== null && phone.suffix.length >= MIN_SEARCH_DIGITS) return { ...phone, prefixes: [] }
  return null
}

/**
 * How a search box text is read. Pure. Digits alone must say enough to tell numbers apart; beside a name
 * any digits narrow it. Throws a ValidationError on `q` for too few digits.
 */
export function classifyQuery(q: string): QueryKind | null {
  const text = q.trim()
  if (text === '') return null
  const ticket = parseTicketNumber(text)
  if (ticket) return { kind: 'ticket', number: formatTicketNumber(ticket.year, ticket.seq) }
  const parts = text.split(/\s+/)
  const numberText = parts.filter((w) => PHONE_WORD.test(w)).join('')
  const words = searchWords(parts.filter((w) => !PHONE_WORD.test(w)).join(' '))
  const phone = numberText === '' ? null : phoneSearch(numberText)
  if (words.length > 0) return { kind: 'name', words, phone }
  if (phone === null) return null
  const searchable = enoughDigits(phone)
  if (searchable === null)
    throw new ValidationError(
      [{ path: 'q', code: 'too_short', message: PHONE_TOO_SHORT_MESSAGE }],
      PHONE_TOO_SHORT_MESSAGE,
    )
  return { kind: 'phone', words, phone: searchable }
}

/**
 * The condition on CitizenPhone `p`. A complete number is one probe of CitizenPhone(e164); a part uses
 * the pattern indexes on e164 and on reverse(e164) (prisma/migrations/*_citizen_phone_search/): LIKE with
 * a fixed start, the only kind a btree answers, so a number's last digits are looked up reversed.
 */
function phoneCondition(phone: PhoneSearch): Prisma.Sql {
  if (phone.kind === 'exact') return Prisma.sql`p.e164 = ${phone.e164}`
  const conditions = phone.prefixes.map((prefix) => Prisma.sql`p.e164 LIKE ${`${prefix}%`}`)
  if (phone.suffix !== null)
    conditions.push(Prisma.sql`reverse(p.e164) LIKE ${`${[...phone.suffix].reverse().join('')}%`}`)
  return Prisma.join(conditions, ' OR ')
}

async function idsMatching(
  deps: ServiceDeps,
  query: { words: string[]; phone: PhoneSearch | null },
  limit: number,
): Promise<number[]> {
  const folded = Prisma.sql`lower(translate(c."fullName", ${FOLD_FROM}, ${FOLD_TO}))`
  const conditions = query.words.map((w) => Prisma.sql`${folded} LIKE ${`%${w}%`}`)
  if (query.phone !== null)
    conditions.push(
      Prisma.sql`c.id IN (SELECT p."citizenId" FROM "CitizenPhone" p WHERE ${phoneCondition(query.phone)})`,
    )
  const rows = await deps.prisma.$queryRaw<{ id: number }[]>`
    SELECT c.id FROM "Citizen" c
    WHERE c."mergedIntoId" IS NULL AND c."anonymizedAt" IS NULL AND ${Prisma.join(conditions, ' AND ')}
    ORDER BY c."fullName", c.id
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
  if (query.kind === 'ticket') where = { tickets: { some: { number: query.number } } }
  else {
    order = await idsMatching(deps, query, take)
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
