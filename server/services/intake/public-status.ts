/**
 * `/basvuru/durum`: a citizen looks an application up with its number and the code shown at submission
 * (docs/intake.md §5). The answer has the status, the unit, the dates and the unit's answer once it was
 * relayed, and nothing personal. A wrong number and a wrong code get the same 404, and wrong tries are
 * limited per address, so the page cannot be used to find out which numbers exist.
 */
import type { PublicStatusView } from '../../contract/intake.ts'
import type { TicketStatusCode } from '../../contract/tickets.ts'
import { NotFoundError, TooManyRequestsError } from '../../errors.ts'
import { lookupCodeMatches } from './lookup-code.ts'
import type { PublicIntakeDeps } from './public-application.ts'

/** The answer is the citizen's once the directorate has told them (ticket-status.ts). */
const RELAYED: readonly TicketStatusCode[] = ['VATANDASA_BILDIRILDI', 'KAPANDI']

export async function lookupApplication(
  deps: PublicIntakeDeps,
  input: { ticketNumber: string; lookupCode: string; ip: string },
): Promise<PublicStatusView> {
  deps.counts.lookups++
  const failures = await deps.guards.lookupFailures.peek(input.ip)
  if (failures.count >= deps.settings.lookupMaxFailures) {
    deps.counts.lookupsRateLimited++
    throw new TooManyRequestsError(
      failures.retryAfterSec,
      'Çok sayıda hatalı sorgu yapıldı. Lütfen daha sonra yeniden deneyin.',
    )
  }
  const ticket = /^\d{4}-\d{6,12}$/.test(input.ticketNumber)
    ? await deps.services.prisma.ticket.findUnique({
        where: { number: input.ticketNumber },
        select: {
          number: true,
          type: true,
          status: true,
          lookupCodeHash: true,
          createdAt: true,
          dueAt: true,
          extendedDueAt: true,
          unitAnswer: true,
          unit: { select: { name: true } },
        },
      })
    : null
  if (ticket === null || !lookupCodeMatches(input.lookupCode, ticket.lookupCodeHash)) {
    await deps.guards.lookupFailures.hit(input.ip)
    deps.counts.lookupsNotFound++
    throw new NotFoundError(
      'Bu numara ve kodla bir başvuru bulunamadı. Numarayı ve kodu kontrol edin.',
      'application_not_found',
    )
  }
  return {
    ticketNumber: ticket.number,
    type: ticket.type,
    status: ticket.status,
    unit: ticket.unit?.name ?? null,
    receivedAt: ticket.createdAt.toISOString(),
    dueAt: (ticket.extendedDueAt ?? ticket.dueAt).toISOString(),
    answer: RELAYED.includes(ticket.status) ? ticket.unitAnswer : null,
  }
}
