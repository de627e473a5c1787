/** TV wallboard tokens: a kiosk URL carries one; sockets present it in the handshake `auth.token`. */
import type { PrismaClient } from '../db/generated/client.ts'
import type { KioskPrincipal } from './principal.ts'
import { createRandomToken, hashToken } from './tokens.ts'

export async function issueKioskToken(
  prisma: PrismaClient,
  input: { label: string; boards: string[]; createdById: number },
): Promise<{ id: number; token: string }> {
  const token = createRandomToken()
  const row = await prisma.kioskToken.create({
    data: {
      tokenHash: hashToken(token),
      label: input.label,
      boards: input.boards,
      createdById: input.createdById,
    },
  })
  return { id: row.id, token }
}

export async function resolveKioskToken(prisma: PrismaClient, token: string): Promise<KioskPrincipal | null> {
  const row = await prisma.kioskToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!row || row.revokedAt !== null) return null
  const boards = Array.isArray(row.boards) ? row.boards.filter((b): b is string => typeof b === 'string') : []
  return { kind: 'kiosk', kioskTokenId: row.id, label: row.label, boards }
}
