/** The routing directory: active units with their open and overdue ticket counts, and the desks. */
import type { UnitsResponse } from '../../contract/tickets.ts'
import { splitUnitWords } from '../../contract/unit-words.ts'
import type { ServiceDeps } from './service-deps.ts'

export async function listUnits(deps: ServiceDeps): Promise<UnitsResponse> {
  const now = deps.clock.now()
  const [units, desks] = await Promise.all([
    deps.prisma.$queryRaw<
      { id: number; code: string; name: string; searchWords: string | null; open: bigint; overdue: bigint }[]
    >`
      SELECT u.id, u.code, u.name, u."searchWords",
        count(t.id) FILTER (WHERE t.status NOT IN ('VATANDASA_BILDIRILDI', 'KAPANDI')) AS open,
        count(t.id) FILTER (WHERE t.status NOT IN ('VATANDASA_BILDIRILDI', 'KAPANDI')
                              AND COALESCE(t."extendedDueAt", t."dueAt") < ${now}) AS overdue
      FROM "Unit" u LEFT JOIN "Ticket" t ON t."unitId" = u.id
      WHERE u.active
      GROUP BY u.id
      ORDER BY u."sortOrder", u.name`,
    deps.prisma.desk.findMany({
      where: { active: true },
      orderBy: { name: 'asc' },
      select: { id: true, code: true, name: true },
    }),
  ])
  return {
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      searchWords: splitUnitWords(u.searchWords),
      openTickets: Number(u.open),
      overdueTickets: Number(u.overdue),
    })),
    desks,
  }
}
