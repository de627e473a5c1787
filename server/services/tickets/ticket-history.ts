/**
 * Writing a ticket's history. Every change to a ticket goes through `changeTicket`, which runs the update
 * and its TicketEvent rows in ONE transaction: if any step throws, neither the change nor its history is
 * stored. TicketEvent is append-only (a database trigger refuses UPDATE and DELETE).
 */
import type { TicketEventKindCode, TicketStatusCode } from '../../contract/tickets.ts'
import type { Prisma } from '../../db/generated/client.ts'
import type { Actor } from '../audit/actor.ts'

export interface NewTicketEvent {
  kind: TicketEventKindCode
  fromStatus?: TicketStatusCode | null
  toStatus?: TicketStatusCode | null
  note?: string | null
  data?: Prisma.InputJsonValue
}

export async function appendTicketEvents(
  tx: Prisma.TransactionClient,
  ticketId: number,
  actor: Actor | null,
  at: Date,
  events: NewTicketEvent[],
): Promise<void> {
  if (events.length === 0) return
  await tx.ticketEvent.createMany({
    data: events.map((e) => ({
      ticketId,
      kind: e.kind,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      note: e.note ?? null,
      ...(e.data === undefined ? {} : { data: e.data }),
      actorId: actor?.userId ?? null,
      at,
    })),
  })
}
