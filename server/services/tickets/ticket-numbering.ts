/**
 * Human-readable ticket numbers (2026-000123) from the per-year TicketSequence row, inside the caller's
 * transaction. `INSERT … ON CONFLICT DO UPDATE … RETURNING` increments atomically and holds the row lock
 * until the transaction ends, so concurrent creations get distinct, gap-free numbers: a transaction that
 * rolls back releases its number to the next one.
 */
import type { Prisma } from '../../db/generated/client.ts'

export async function allocateTicketSequence(tx: Prisma.TransactionClient, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "TicketSequence" (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "TicketSequence".last + 1
    RETURNING last`
  const last = rows[0]?.last
  if (last === undefined) throw new Error('TicketSequence did not return a number')
  return Number(last)
}
