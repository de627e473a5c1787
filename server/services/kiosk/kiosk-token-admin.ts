/**
 * Kiosk (TV) tokens for admin: list, issue (the token is shown once; only its hash is
 * stored, auth/kiosk-tokens.ts) and revoke (a revoked token's TVs are disconnected at once).
 */
import {
  KIOSK_BOARDS,
  type IssuedKioskTokenView,
  type KioskBoard,
  type KioskTokenView,
} from '../../contract/events.ts'
import { issueKioskToken } from '../../auth/kiosk-tokens.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'

export const TV_PATH = '/pano/tv'

export interface KioskTokenAdminDeps {
  prisma: PrismaClient
  /** Disconnects the revoked token's sockets (realtime.disconnectKiosk). */
  onRevoked?: (kioskTokenId: number) => void
  now?: () => Date
}

interface Row {
  id: number
  label: string
  boards: unknown
  createdAt: Date
  revokedAt: Date | null
  createdBy: { displayName: string }
}

function boardsOf(raw: unknown): KioskBoard[] {
  const list = Array.isArray(raw) ? raw : []
  return KIOSK_BOARDS.filter((b) => list.includes(b))
}

function toView(row: Row): KioskTokenView {
  return {
    id: row.id,
    label: row.label,
    boards: boardsOf(row.boards),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy.displayName,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }
}

const SELECT = {
  id: true,
  label: true,
  boards: true,
  createdAt: true,
  revokedAt: true,
  createdBy: { select: { displayName: true } },
} as const

export async function listKioskTokens(deps: KioskTokenAdminDeps): Promise<KioskTokenView[]> {
  const rows = await deps.prisma.kioskToken.findMany({ orderBy: { id: 'desc' }, select: SELECT })
  return rows.map(toView)
}

export async function createKioskToken(
  deps: KioskTokenAdminDeps,
  input: { label: string; boards: KioskBoard[]; createdById: number },
): Promise<IssuedKioskTokenView> {
  // Links are told apart by name in the list and on revoking, so two active ones may not share it.
  const key = (label: string) => label.trim().toLocaleLowerCase('tr-TR')
  const active = await deps.prisma.kioskToken.findMany({
    where: { revokedAt: null },
    select: { label: true },
  })
  if (active.some((row) => key(row.label) === key(input.label)))
    throw new ValidationError([
      {
        path: 'label',
        message: `“${input.label.trim()}” adında bir TV bağlantısı zaten var; başka bir ad yazın.`,
        code: 'duplicate_label',
      },
    ])
  const { id, token } = await issueKioskToken(deps.prisma, input)
  const row = await deps.prisma.kioskToken.findUniqueOrThrow({ where: { id }, select: SELECT })
  return { ...toView(row), token, path: `${TV_PATH}?token=${encodeURIComponent(token)}` }
}

export async function revokeKioskToken(deps: KioskTokenAdminDeps, id: number): Promise<KioskTokenView> {
  const existing = await deps.prisma.kioskToken.findUnique({ where: { id }, select: SELECT })
  if (!existing) throw new NotFoundError('TV anahtarı bulunamadı.')
  const row =
    existing.revokedAt !== null
      ? existing
      : await deps.prisma.kioskToken.update({
          where: { id },
          data: { revokedAt: (deps.now ?? (() => new Date()))() },
          select: SELECT,
        })
  deps.onRevoked?.(id)
  return toView(row)
}
