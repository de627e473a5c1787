/**
 * Call ↔ ticket links (many-to-many: one call can raise two tickets, a ticket collects every follow-up
 * call). Linking is idempotent: linking the same pair again changes nothing and writes no history.
 */
import type { Prisma } from '../../db/generated/client.ts'
import { ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { DIRECTORATE_ROLES, loadAccessibleTicket, requireRole } from './ticket-access.ts'
import { appendTicketEvents } from './ticket-history.ts'
import type { ServiceDeps } from './service-deps.ts'

/** Links inside the caller's transaction; returns false when the pair was already linked. */
export async function linkCallInTx(
  tx: Prisma.TransactionClient,
  actor: Actor | null,
  at: Date,
  callId: number,
  ticketId: number,
): Promise<boolean> {
  const call = await tx.call.findUnique({
    where: { id: callId },
    select: { id: true, linkedId: true, enteredAt: true },
  })
  if (call === null)
    throw new ValidationError([{ path: 'callId', code: 'not_found', message: 'Çağrı bulunamadı.' }])
  const inserted = await tx.$executeRaw`
    INSERT INTO "CallTicket" ("callId", "ticketId", "linkedById", "linkedAt")
    VALUES (${callId}, ${ticketId}, ${actor?.userId ?? null}, ${at})
    ON CONFLICT DO NOTHING`
  if (inserted === 0) return false
  await appendTicketEvents(tx, ticketId, actor, at, [
    {
      kind: 'CALL_LINKED',
      data: { callId, linkedId: call.linkedId, enteredAt: call.enteredAt.toISOString() },
    },
  ])
  return true
}

/**
 * Public entry for the screen pop / wrap-up and the `POST /tickets/:id/calls` route. `actor` is null when
 * the system links (e.g. the call recorder attaching a finished call to the ticket opened during it).
 */
export async function linkCallToTicket(
  deps: ServiceDeps,
  actor: Actor | null,
  callId: number,
  ticketId: number,
): Promise<{ linked: boolean }> {
  if (actor !== null)
    requireRole(actor, DIRECTORATE_ROLES, 'Çağrıyı talebe yalnızca Halkla İlişkiler personeli bağlar.')
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    if (actor !== null) await loadAccessibleTicket(tx, actor, ticketId, true)
    else {
      const exists = await tx.ticket.findUnique({ where: { id: ticketId }, select: { id: true } })
      if (exists === null)
        throw new ValidationError([{ path: 'ticketId', code: 'not_found', message: 'Talep bulunamadı.' }])
    }
    return { linked: await linkCallInTx(tx, actor, now, callId, ticketId) }
  })
}
