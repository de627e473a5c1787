/**
 * Finding the person a KVKK request is about: the directorate's search (name, phone, ticket number;
 * audited there as a list read) and, for `#123`, the record with that number, anonymised ones included
 * (the access log and an erasure's answer name citizens by number).
 */
import type { KvkkCitizenHit } from '../../contract/kvkk.ts'
import { formatPhoneTr } from '../../domain/phone.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { OPEN_TICKET_STATUSES } from '../citizens/citizen-view.ts'
import { searchCitizens } from '../citizens/citizen-search.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'

const BY_NUMBER = /^#\s*(\d{1,9})$/

export async function searchKvkkCitizens(
  deps: ServiceDeps,
  actor: Actor,
  q: string,
): Promise<{ items: KvkkCitizenHit[] }> {
  const byNumber = BY_NUMBER.exec(q.trim())
  if (byNumber === null) {
    const found = await searchCitizens(deps, actor, q, 20)
    return {
      items: found.items.map((c) => ({
        id: c.id,
        fullName: c.fullName,
        phones: c.phones.map((p) => p.display),
        anonymizedAt: null,
        openTickets: c.openTickets,
      })),
    }
  }
  const row = await deps.prisma.citizen.findUnique({
    where: { id: Number(byNumber[1]) },
    include: {
      phones: { orderBy: { id: 'asc' } },
      _count: { select: { tickets: { where: { status: { in: [...OPEN_TICKET_STATUSES] } } } } },
    },
  })
  if (row === null || row.mergedIntoId !== null) return { items: [] }
  await recordCitizenReads(deps.prisma, actor, deps.clock.now(), [row.id], AUDIT_ACTIONS.citizenList)
  return {
    items: [
      {
        id: row.id,
        fullName: row.fullName,
        phones: row.phones.map((p) => formatPhoneTr(p.e164)),
        anonymizedAt: row.anonymizedAt?.toISOString() ?? null,
        openTickets: row._count.tickets,
      },
    ],
  }
}
