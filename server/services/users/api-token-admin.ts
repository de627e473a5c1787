/**
 * Yönetim › API anahtarları: integration keys with a name, a role scope and an optional expiry. The key
 * is shown once at creation (only its sha256 is stored, auth/api-tokens.ts); the list shows when each
 * was last used; revocation holds from the next request, because every request looks the key up.
 */
import type { Role } from '../../contract/auth.ts'
import type { ApiTokenCreated, ApiTokenCreateRequest, ApiTokenView } from '../../contract/users.ts'
import { issueApiToken } from '../../auth/api-tokens.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Role as DbRole } from '../../db/generated/enums.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'

export const API_TOKEN_ENTITY = 'ApiToken'

export interface ApiTokenAdminDeps {
  prisma: PrismaClient
  now?: () => Date
}

const SELECT = {
  id: true,
  label: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  user: { select: { displayName: true, role: true } },
} as const

export async function listApiTokens(deps: ApiTokenAdminDeps): Promise<ApiTokenView[]> {
  const now = (deps.now?.() ?? new Date()).getTime()
  const rows = await deps.prisma.apiToken.findMany({ orderBy: { id: 'desc' }, select: SELECT })
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    role: (r.role ?? r.user.role).toLowerCase() as Role,
    createdBy: r.user.displayName,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    status:
      r.revokedAt !== null
        ? 'revoked'
        : r.expiresAt !== null && r.expiresAt.getTime() <= now
          ? 'expired'
          : 'active',
  }))
}

export async function createApiToken(
  deps: ApiTokenAdminDeps,
  actor: Actor,
  body: ApiTokenCreateRequest,
): Promise<ApiTokenCreated> {
  const at = deps.now?.() ?? new Date()
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null
  if (expiresAt !== null && expiresAt.getTime() <= at.getTime())
    throw new ValidationError([
      { path: 'expiresAt', message: 'Son kullanma zamanı gelecekte olmalı.', code: 'in_past' },
    ])
  return deps.prisma.$transaction(async (tx) => {
    const issued = await issueApiToken(tx, {
      userId: actor.userId,
      label: body.label,
      role: body.role.toUpperCase() as DbRole,
      expiresAt,
    })
    await recordAudit(tx, actor, at, [
      {
        action: 'api-token.create',
        entity: API_TOKEN_ENTITY,
        entityId: issued.id,
        detail: {
          after: { label: body.label, role: body.role, expiresAt: expiresAt?.toISOString() ?? null },
        },
      },
    ])
    return issued
  })
}

export async function revokeApiToken(deps: ApiTokenAdminDeps, actor: Actor, id: number): Promise<void> {
  const at = deps.now?.() ?? new Date()
  await deps.prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: { revokedAt: true, label: true } })
    if (row === null) throw new NotFoundError('API anahtarı bulunamadı.', 'api_token_not_found')
    if (row.revokedAt !== null) return
    await tx.apiToken.update({ where: { id }, data: { revokedAt: at } })
    await recordAudit(tx, actor, at, [
      { action: 'api-token.revoke', entity: API_TOKEN_ENTITY, entityId: id, detail: { label: row.label } },
    ])
  })
}
