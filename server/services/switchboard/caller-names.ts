/**
 * The citizen behind a caller's number, for the console's call cards: looked up in the background (the
 * card shows the number at once and the name when it is found) and kept while the number is on the
 * console. Once no call shows it, it is forgotten, so the next call from that number looks again: a
 * caller registered, renamed or anonymised since is shown as the record now stands, and memory does not
 * grow with every number that ever called. Merged-away records are never shown.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'

export interface CallerNames {
  /** The name when known now; null while unknown (the first ask starts the lookup). */
  nameOf: (e164: string) => string | null
  /** The citizen's id once found (for the KVKK access log of what a card showed). */
  idOf: (e164: string) => number | undefined
  /** Forgets every number that is not among `liveNumbers` (the callers on the console's cards now). */
  retain: (liveNumbers: ReadonlySet<string>) => void
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
          // Forgotten while the lookup ran: the call is gone, nothing to show.
          if (row === null || !citizens.has(e164)) return
          citizens.set(e164, row.citizen)
          onFound()
        })
        .catch((err: unknown) => log.warn({ err }, 'citizen name lookup failed'))
      return null
    },
    idOf: (e164) => citizens.get(e164)?.id,
    retain: (liveNumbers) => {
      for (const e164 of citizens.keys()) if (!liveNumbers.has(e164)) citizens.delete(e164)
    },
  }
}
