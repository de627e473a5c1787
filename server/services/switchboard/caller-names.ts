/**
 * The citizen behind a caller's number, for the console's call cards: looked up once per number in the
 * background (the card shows the number at once and the name when it is found), kept for the console's
 * life. Merged-away records are never shown.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'

export interface CallerNames {
  /** The name when known now; null while unknown (the first ask starts the lookup). */
  nameOf: (e164: string) => string | null
  /** The citizen's id once found (for the KVKK access log of what a card showed). */
  idOf: (e164: string) => number | undefined
}

export function createCallerNames(prisma: PrismaClient, log: Logger, onFound: () => void): CallerNames {
  /** e164 → the citizen holding it (null: none, or the lookup is under way). */
  const citizens = new Map<string, { id: number; fullName: string } | null>()
  return {
    nameOf: (e164) => {
      if (citizens.has(e164)) return citizens.get(e164)?.fullName ?? null
      citizens.set(e164, null)
      if (!e164.startsWith('+')) return null
      void prisma.citizenPhone
        .findFirst({
          where: { e164, citizen: { mergedIntoId: null } },
          select: { citizen: { select: { id: true, fullName: true } } },
        })
        .then((row) => {
          if (row === null) return
          citizens.set(e164, row.citizen)
          onFound()
        })
        .catch((err: unknown) => log.warn({ err }, 'citizen name lookup failed'))
      return null
    },
    idOf: (e164) => citizens.get(e164)?.id,
  }
}
