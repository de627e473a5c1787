/**
 * The access log: who read or changed which citizen's record, when and from where (docs/kvkk.md §3),
 * from the AuditLog rows on citizens (server/services/audit/audit-log.ts writes one per record shown).
 * Only the data officer and IT read it (KVKK_ROLES in contract/kvkk.ts), and both may see citizens' names
 * for their work. Each citizen is named with their first number masked as unit staff see numbers
 * (`0532 *** ** 67`, domain/phone.ts), so the log shows no more than the officer needs to recognise the
 * person; an erased record is "silinmiş kayıt". Naming them is a read of their records like any list's,
 * so every list and CSV writes one `kvkk.access-log` row per citizen it named (once a day per reader and
 * citizen), which the log shows when asked about that reader (whereOf). The CSV opens in Turkish Excel (services/reports/csv.ts).
 */
import { ROLE_LABELS, ROLES } from '../../contract/auth.ts'
import {
  ACCESS_ACTION_LABELS,
  ACCESS_LOG_CSV_MAX_ROWS,
  ERASED_CITIZEN_LABEL,
  type AccessLogCitizen,
  type AccessLogEntry,
  type AccessLogResponse,
} from '../../contract/kvkk.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import { maskPhone } from '../../domain/phone.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordCitizenReads } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { KvkkDeps } from './kvkk-deps.ts'
import { CSV_BOM, CSV_SEPARATOR, csvText } from '../reports/csv.ts'
import { dateTimeText } from './turkish-time.ts'

export interface AccessLogFilter {
  /** The records asked about: one record number, the records holding a phone number, or both (their common part). */
  citizenIds?: readonly number[] | undefined
  userId?: number | undefined
  /** Inclusive start instant. */
  from?: Date | undefined
  /** Exclusive end instant. */
  to?: Date | undefined
}

/**
 * Rows matching the filter. Reading the log names citizens and so writes rows of its own
 * (`kvkk.access-log`): they are listed only when a reader is chosen ("what did this officer look at"),
 * or every look at the whole log or at one citizen would add the officer's own rows to the next look,
 * and a citizen's "who saw my record" would be mostly the officer answering it.
 */
function whereOf(filter: AccessLogFilter): Prisma.AuditLogWhereInput {
  const own = filter.userId !== undefined
  return {
    entity: CITIZEN_ENTITY,
    ...(own ? {} : { action: { not: AUDIT_ACTIONS.kvkkAccessLog } }),
    ...(filter.citizenIds === undefined ? {} : { entityId: { in: filter.citizenIds.map(String) } }),
    ...(filter.userId === undefined ? {} : { actorId: filter.userId }),
    ...(filter.from === undefined && filter.to === undefined
      ? {}
      : {
          at: {
            ...(filter.from === undefined ? {} : { gte: filter.from }),
            ...(filter.to === undefined ? {} : { lt: filter.to }),
          },
        }),
  }
}

export function actionLabel(action: string): string {
  return ACCESS_ACTION_LABELS[action] ?? action
}

/** The Turkish name of a role as stored on an audit row (`cli` and `job` are Pano itself). */
export function roleLabel(role: string | null): string {
  if (role === null) return ''
  const known = ROLES.find((r) => r === role)
  if (known !== undefined) return ROLE_LABELS[known]
  return role === 'cli' || role === 'job' ? 'Sistem' : role
}

interface CitizenRow {
  id: number
  fullName: string
  anonymizedAt: Date | null
  phone: string | null
}

/**
 * The people behind `ids`, for the officer to recognise: name and first number (masked); erased records
 * (anonymised, or deleted by the retention run) are left out. One statement whatever the count (a CSV
 * names up to ACCESS_LOG_CSV_MAX_ROWS), driven by the primary key.
 */
async function citizensNamed(prisma: PrismaClient, ids: number[]): Promise<Map<number, AccessLogCitizen>> {
  if (ids.length === 0) return new Map()
  const rows = await prisma.$queryRaw<CitizenRow[]>`
    SELECT c.id, c."fullName", c."anonymizedAt",
      (SELECT p.e164 FROM "CitizenPhone" p WHERE p."citizenId" = c.id ORDER BY p.id LIMIT 1) AS phone
    FROM "Citizen" c
    WHERE c.id = ANY(${ids}::int[])`
  return new Map(
    rows
      .filter((r) => r.anonymizedAt === null)
      .map((r) => [r.id, { fullName: r.fullName, phone: r.phone === null ? null : maskPhone(r.phone) }]),
  )
}

/** A citizen id as stored on an audit row (text), or null when it cannot be one. */
function citizenIdOf(entityId: string): number | null {
  const id = Number(entityId)
  return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647 ? id : null
}

/**
 * The records a phone number (E.164, as `normalizePhone` stores it) belongs to, for "who saw my record"
 * asked by the number the citizen gives: every record holding it (a number shared by a household names
 * several), and the older records merged into them (server/services/citizens/citizen-merge.ts moves the
 * phones to the survivor, while the reads stay under the old number). Only ids: nothing about these
 * people leaves this function, so the officer learns of them through the rows listed, whose naming is
 * recorded like any other (recordNaming); an erased record holds no number and is not found by it.
 */
export async function citizensWithPhone(prisma: PrismaClient, e164: string): Promise<number[]> {
  const holders = await prisma.citizenPhone.findMany({
    where: { e164 },
    select: { citizenId: true },
    orderBy: { citizenId: 'asc' },
  })
  const ids = [...new Set(holders.map((h) => h.citizenId))]
  if (ids.length === 0) return []
  const merged = await prisma.citizen.findMany({
    where: { mergedIntoId: { in: ids } },
    select: { id: true },
    orderBy: { id: 'asc' },
  })
  return [...ids, ...merged.map((m) => m.id)]
}

/**
 * The records a filter asks about: a record number, a phone number (E.164), both (the records that are
 * both), or neither (undefined: every record). `phoneMatched` says whether the number belongs to any
 * record at all (null when none was asked), so the screen can tell "no such number" from "nobody read it".
 */
export async function accessLogCitizens(
  prisma: PrismaClient,
  citizenId: number | undefined,
  phone: string | undefined,
): Promise<{ citizenIds: number[] | undefined; phoneMatched: boolean | null }> {
  if (phone === undefined)
    return { citizenIds: citizenId === undefined ? undefined : [citizenId], phoneMatched: null }
  const holders = await citizensWithPhone(prisma, phone)
  return {
    citizenIds: citizenId === undefined ? holders : holders.filter((id) => id === citizenId),
    phoneMatched: holders.length > 0,
  }
}

type AccessLogDeps = Pick<KvkkDeps, 'prisma' | 'now'>

/** The entries, and the citizens they name (whose reads the caller records once it has counted). */
async function entries(
  prisma: PrismaClient,
  filter: AccessLogFilter,
  take: number,
): Promise<{ items: AccessLogEntry[]; named: number[] }> {
  const rows = await prisma.auditLog.findMany({
    where: whereOf(filter),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take,
  })
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId === null ? [] : [r.actorId])))]
  const users = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: actorIds } },
        select: { id: true, username: true, displayName: true },
      })
    ).map((u) => [u.id, u]),
  )
  const tokenIdOf = (detail: Prisma.JsonValue): number | null => {
    const id =
      detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? detail['apiTokenId'] : null
    return typeof id === 'number' ? id : null
  }
  const tokenIds = [...new Set(rows.flatMap((r) => tokenIdOf(r.detail) ?? []))]
  const tokens = new Map(
    tokenIds.length === 0
      ? []
      : (
          await prisma.apiToken.findMany({
            where: { id: { in: tokenIds } },
            select: { id: true, label: true },
          })
        ).map((t) => [t.id, t]),
  )
  const citizens = await citizensNamed(prisma, [
    ...new Set(rows.flatMap((r) => citizenIdOf(r.entityId) ?? [])),
  ])
  const items = rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    user: r.actorId === null ? null : (users.get(r.actorId) ?? null),
    apiToken: tokens.get(tokenIdOf(r.detail) ?? -1) ?? null,
    role: r.actorRole,
    action: r.action,
    actionLabel: actionLabel(r.action),
    citizenId: Number(r.entityId),
    citizen: citizens.get(citizenIdOf(r.entityId) ?? -1) ?? null,
    ip: r.ip,
  }))
  return { items, named: [...citizens.keys()] }
}

/**
 * Rows per audit INSERT: one statement stays under PostgreSQL's 65 535 parameters, and Prisma builds a
 * createMany of tens of thousands of rows in seconds where a few of this size take a fraction of that.
 */
const NAMING_BATCH = 5000

/** One row per reader, citizen and Istanbul day: the officer looking again the same day adds none. */
async function recordNaming(deps: AccessLogDeps, reader: Actor, citizens: number[]): Promise<void> {
  const at = deps.now()
  const seenToday = new Set<string>()
  for (let i = 0; i < citizens.length; i += NAMING_BATCH) {
    const rows = await deps.prisma.auditLog.findMany({
      where: {
        actorId: reader.userId,
        action: AUDIT_ACTIONS.kvkkAccessLog,
        entity: CITIZEN_ENTITY,
        entityId: { in: citizens.slice(i, i + NAMING_BATCH).map(String) },
        at: { gte: istanbulInstant(istanbulDate(at), 0) },
      },
      select: { entityId: true },
    })
    for (const r of rows) seenToday.add(r.entityId)
  }
  const named = citizens.filter((id) => !seenToday.has(String(id)))
  for (let i = 0; i < named.length; i += NAMING_BATCH)
    await recordCitizenReads(
      deps.prisma,
      reader,
      at,
      named.slice(i, i + NAMING_BATCH),
      AUDIT_ACTIONS.kvkkAccessLog,
    )
}

/** The rows matching `filter`, newest first; the citizens they name are a read by `reader` (see above). */
export async function listAccessLog(
  deps: AccessLogDeps,
  reader: Actor,
  filter: AccessLogFilter,
  limit: number,
  phoneMatched: boolean | null = null,
): Promise<AccessLogResponse> {
  const [{ items, named }, total] = await Promise.all([
    entries(deps.prisma, filter, limit),
    deps.prisma.auditLog.count({ where: whereOf(filter) }),
  ])
  await recordNaming(deps, reader, named)
  return { items, total, limit, phoneMatched }
}

const CSV_HEADERS = [
  'Zaman',
  'Kullanıcı adı',
  'Ad soyad',
  'API anahtarı',
  'Rol',
  'İşlem',
  'Vatandaş no',
  'Vatandaş',
  'Vatandaş telefonu (maskeli)',
  'IP adresi',
]

export async function accessLogCsv(
  deps: AccessLogDeps,
  reader: Actor,
  filter: AccessLogFilter,
): Promise<string> {
  const { items, named } = await entries(deps.prisma, filter, ACCESS_LOG_CSV_MAX_ROWS)
  await recordNaming(deps, reader, named)
  const lines = [CSV_HEADERS.map(csvText).join(CSV_SEPARATOR)]
  for (const e of items)
    lines.push(
      [
        dateTimeText(new Date(e.at)),
        e.user?.username ?? '',
        e.user?.displayName ?? '',
        e.apiToken?.label ?? '',
        roleLabel(e.role),
        e.actionLabel,
        String(e.citizenId),
        e.citizen?.fullName ?? ERASED_CITIZEN_LABEL,
        e.citizen?.phone ?? '',
        e.ip ?? '',
      ]
        .map(csvText)
        .join(CSV_SEPARATOR),
    )
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}
