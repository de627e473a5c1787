/**
 * Integration tokens (`Authorization: Bearer <token>`), no CSRF. A token acts under the account of the
 * admin who created it, with its own role scope, until it expires, is revoked, or that account is closed
 * or stops being an admin (its tokens are revoked then: services/users/user-admin.ts).
 */
import type { Prisma, PrismaClient } from '../db/generated/client.ts'
import type { Role as DbRole } from '../db/generated/enums.ts'
import { roleFromDatabase, USER_PRINCIPAL_SELECT, userPrincipal, type UserPrincipal } from './principal.ts'
import { createRandomToken, hashToken } from './tokens.ts'

/** Creates a token for a user; the raw token is returned once and only its hash is stored. */
export async function issueApiToken(
  prisma: Pick<PrismaClient, 'apiToken'> | Prisma.TransactionClient,
  input: { userId: number; label: string; role?: DbRole | null; expiresAt?: Date | null },
): Promise<{ id: number; token: string }> {
  const token = `pano_${createRandomToken()}`
  const row = await prisma.apiToken.create({
    data: {
      tokenHash: hashToken(token),
      label: input.label,
      userId: input.userId,
      role: input.role ?? null,
      expiresAt: input.expiresAt ?? null,
    },
  })
  return { id: row.id, token }
}

export function readBearerToken(header: string | undefined): string | null {
  if (!header) return null
  const match = /^Bearer\s+(\S{16,200})\s*$/i.exec(header)
  return match?.[1] ?? null
}

/** The owning user's principal, or null for an unknown or revoked token or an inactive user. */
export async function resolveApiToken(
  prisma: PrismaClient,
  token: string,
  now: () => Date = () => new Date(),
): Promise<UserPrincipal | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      label: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: USER_PRINCIPAL_SELECT },
    },
  })
  // Only admins issue tokens; one whose owner is no longer an admin is refused, never acting above them.
  if (!row || row.revokedAt !== null || !row.user.active || row.user.role !== 'ADMIN') return null
  const at = now()
  if (row.expiresAt !== null && row.expiresAt.getTime() <= at.getTime()) return null
  if (row.lastUsedAt === null || at.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: at } })
  }
  const principal = userPrincipal(row.user, 'api-token')
  if (row.role !== null) principal.role = roleFromDatabase(row.role)
  principal.displayName = `API: ${row.label}`
  principal.apiTokenId = row.id
  return principal
}
