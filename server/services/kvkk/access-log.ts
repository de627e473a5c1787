/**
 * The access log: who read or changed which citizen's record, when and from where (docs/kvkk.md §3),
 * from the AuditLog rows on citizens (server/services/audit/audit-log.ts writes one per record shown).
 * Citizens appear by number only: the officer already knows whom they asked about, and a list of names
 * would itself be a read of many records. The CSV opens in Turkish Excel (services/reports/csv.ts).
 */
import { ROLE_LABELS, ROLES } from '../../contract/auth.ts'
import {
  ACCESS_ACTION_LABELS,
  ACCESS_LOG_CSV_MAX_ROWS,
  type AccessLogEntry,
  type AccessLogResponse,
} from '../../contract/kvkk.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { CITIZEN_ENTITY } from '../audit/audit-log.ts'
import { CSV_BOM, CSV_SEPARATOR, csvText } from '../reports/csv.ts'
import { dateTimeText } from './turkish-time.ts'

export interface AccessLogFilter {
  citizenId?: number | undefined
  userId?: number | undefined
  /** Inclusive start instant. */
  from?: Date | undefined
  /** Exclusive end instant. */
  to?: Date | undefined
}

function whereOf(filter: AccessLogFilter): Prisma.AuditLogWhereInput {
  return {
    entity: CITIZEN_ENTITY,
    ...(filter.citizenId === undefined ? {} : { entityId: String(filter.citizenId) }),
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

async function entries(
  prisma: PrismaClient,
  filter: AccessLogFilter,
  take: number,
): Promise<AccessLogEntry[]> {
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
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    user: r.actorId === null ? null : (users.get(r.actorId) ?? null),
    apiToken: tokens.get(tokenIdOf(r.detail) ?? -1) ?? null,
    role: r.actorRole,
    action: r.action,
    actionLabel: actionLabel(r.action),
    citizenId: Number(r.entityId),
    ip: r.ip,
  }))
}

export async function listAccessLog(
  prisma: PrismaClient,
  filter: AccessLogFilter,
  limit: number,
): Promise<AccessLogResponse> {
  const [items, total] = await Promise.all([
    entries(prisma, filter, limit),
    prisma.auditLog.count({ where: whereOf(filter) }),
  ])
  return { items, total, limit }
}

const CSV_HEADERS = [
  'Zaman',
  'Kullanıcı adı',
  'Ad soyad',
  'API anahtarı',
  'Rol',
  'İşlem',
  'Vatandaş no',
  'IP adresi',
]

export async function accessLogCsv(prisma: PrismaClient, filter: AccessLogFilter): Promise<string> {
  const items = await entries(prisma, filter, ACCESS_LOG_CSV_MAX_ROWS)
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
        e.ip ?? '',
      ]
        .map(csvText)
        .join(CSV_SEPARATOR),
    )
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}
