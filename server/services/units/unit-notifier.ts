/**
 * Telling a unit's staff live (docs/messaging.md §8): after a ticket change committed, the unit it
 * reached gets the arrival and its new counts in room `unit:<unitId>`, and a unit a ticket left gets
 * its counts. The sink is socket.io through the Redis adapter when there are several nodes
 * (server/realtime/handlers/unit-tickets.ts), so staff connected to any node hear it. A failure here
 * is logged and never undoes the change: the counts are read again on the next change or reconnect.
 */
import { UNIT_EVENTS, unitRoom, type UnitTicketArrival } from '../../contract/unit-board.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { ticketText } from '../tickets/ticket-view.ts'
import { unitTicketCounts } from './unit-counts.ts'

export interface UnitEventSink {
  emit(room: string, event: string, payload: unknown): void
}

/** What the ticket services call after their transaction (server/services/tickets/service-deps.ts). */
export interface UnitEvents {
  /** A ticket's unit or status may have changed: `before` is the unit it was at before the change. */
  ticketChanged(ticketId: number, before: { unitId: number | null; status: string } | null): void
}

export interface UnitNotifier extends UnitEvents {
  attachSink(sink: UnitEventSink): void
  /** Resolves when every notice started so far was sent (tests, shutdown). */
  settled(): Promise<void>
}

export function createUnitNotifier(input: {
  prisma: PrismaClient
  logger: Logger
  now?: () => Date
}): UnitNotifier {
  const log = input.logger.child({ module: 'unit-notifier' })
  const now = input.now ?? (() => new Date())
  let sink: UnitEventSink | null = null
  const pending = new Set<Promise<void>>()

  async function notify(
    ticketId: number,
    before: { unitId: number | null; status: string } | null,
  ): Promise<void> {
    if (sink === null) return
    const t = await input.prisma.ticket.findUnique({
      where: { id: ticketId },
      select: {
        id: true,
        number: true,
        subject: true,
        unitId: true,
        status: true,
        dueAt: true,
        extendedDueAt: true,
      },
    })
    if (t === null) return
    const at = now()
    const arrived =
      t.unitId !== null &&
      t.status === 'BIRIME_HAVALE' &&
      (before === null || before.unitId !== t.unitId || before.status !== 'BIRIME_HAVALE')
    if (t.unitId !== null) {
      const counts = await unitTicketCounts(input.prisma, t.unitId, at)
      if (arrived) {
        const arrival: UnitTicketArrival = {
          id: t.id,
          number: t.number,
          // The room is the unit's staff, who never see a citizen's number (docs/kvkk.md §2).
          subject: ticketText(t.subject, 'unit'),
          dueAt: (t.extendedDueAt ?? t.dueAt).toISOString(),
          counts,
        }
        sink.emit(unitRoom(t.unitId), UNIT_EVENTS.arrived, arrival)
      }
      sink.emit(unitRoom(t.unitId), UNIT_EVENTS.counts, counts)
    }
    if (before?.unitId != null && before.unitId !== t.unitId) {
      sink.emit(
        unitRoom(before.unitId),
        UNIT_EVENTS.counts,
        await unitTicketCounts(input.prisma, before.unitId, at),
      )
    }
  }

  return {
    attachSink(s) {
      sink = s
    },
    ticketChanged(ticketId, before) {
      const p = notify(ticketId, before).catch((err: unknown) =>
        log.warn({ err, ticketId }, 'unit notice not sent'),
      )
      pending.add(p)
      void p.finally(() => pending.delete(p))
    },
    async settled() {
      await Promise.all([...pending])
    },
  }
}
