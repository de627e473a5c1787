/**
 * The counts unit staff and the müdür see (docs/messaging.md §8): a unit's tickets waiting there, and
 * overdue tickets by unit. Open means not yet relayed or closed, as in server/services/tickets/units.ts;
 * a ticket's due date is its extended one once a 4982 extension was given.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import {
  AWAITING_NOTICE_LABEL,
  NO_UNIT_LABEL,
  type OverdueBoardView,
  type UnitTicketCounts,
} from '../../contract/unit-board.ts'

const DAY_MS = 86_400_000

export async function unitTicketCounts(
  prisma: PrismaClient,
  unitId: number,
  now: Date,
): Promise<UnitTicketCounts> {
  const [row] = await prisma.$queryRaw<{ new: bigint; open: bigint; overdue: bigint }[]>`
    SELECT count(*) FILTER (WHERE status = 'BIRIME_HAVALE') AS new,
           count(*) AS open,
           count(*) FILTER (WHERE COALESCE("extendedDueAt", "dueAt") < ${now}) AS overdue
    FROM "Ticket"
    WHERE "unitId" = ${unitId} AND status IN ('BIRIME_HAVALE', 'ISLEMDE')`
  return {
    unitId,
    new: Number(row?.new ?? 0),
    open: Number(row?.open ?? 0),
    overdue: Number(row?.overdue ?? 0),
  }
}

/**
 * Overdue open tickets per unit, most first; counts only (no numbers, subjects or names). A ticket its
 * unit has answered is no longer the unit's: it is counted on its own row until the citizen is told.
 */
export async function overdueByUnit(prisma: PrismaClient, now: Date): Promise<OverdueBoardView> {
  const rows = await prisma.$queryRaw<
    {
      unitId: number | null
      unit: string | null
      answered: boolean
      overdue: bigint
      legal: bigint
      oldest: Date
    }[]
  >`
    SELECT CASE WHEN t.status = 'YANITLANDI' THEN NULL ELSE t."unitId" END AS "unitId",
           CASE WHEN t.status = 'YANITLANDI' THEN NULL ELSE u.name END AS unit,
           (t.status = 'YANITLANDI') AS answered,
           count(*) AS overdue,
           count(*) FILTER (WHERE t."legalTrack" <> 'INTERNAL') AS legal,
           min(COALESCE(t."extendedDueAt", t."dueAt")) AS oldest
    FROM "Ticket" t LEFT JOIN "Unit" u ON u.id = t."unitId"
    WHERE t.status NOT IN ('VATANDASA_BILDIRILDI', 'KAPANDI')
      AND COALESCE(t."extendedDueAt", t."dueAt") < ${now}
    GROUP BY 1, 2, 3`
  const units = rows
    .map((r) => ({
      unitId: r.unitId,
      unit: r.answered ? AWAITING_NOTICE_LABEL : (r.unit ?? NO_UNIT_LABEL),
      overdue: Number(r.overdue),
      legal: Number(r.legal),
      oldestDueAt: r.oldest.toISOString(),
      oldestDays: Math.floor((now.getTime() - r.oldest.getTime()) / DAY_MS),
    }))
    .sort(
      (a, b) => b.overdue - a.overdue || b.oldestDays - a.oldestDays || a.unit.localeCompare(b.unit, 'tr'),
    )
  return { at: now.toISOString(), total: units.reduce((n, u) => n + u.overdue, 0), units }
}
