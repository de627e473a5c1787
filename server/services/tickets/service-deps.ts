/**
 * What the citizen and ticket services are given (docs/style-guide.md §3.1: time, config and loggers are inputs).
 * `main.ts` builds one of these; tests build their own with a fixed clock.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { ChangeEvents } from '../directorate-nudge.ts'
import type { Messaging } from '../messaging/messaging-service.ts'
import type { UnitEvents } from '../units/unit-notifier.ts'
import { createHolidayTableCalendar, type CalendarSource } from './calendar-source.ts'

export interface Clock {
  now(): Date
}

export interface ServiceDeps {
  prisma: PrismaClient
  clock: Clock
  logger: Logger
  /** Working-day calendar built from the Holiday table (admins add idari izin days there). */
  calendar: CalendarSource
  /** Written messages to citizens (server/services/messaging/); absent: nothing is written, phone only. */
  messaging?: Messaging
  /** Unit staff told live after a change committed (server/services/units/unit-notifier.ts). */
  unitEvents?: UnitEvents
  /** The agents told live that the inbox changed (server/services/directorate-nudge.ts). */
  inboxEvents?: ChangeEvents
  /** The directorate told live that the tickets changed (server/services/directorate-nudge.ts). */
  ticketEvents?: ChangeEvents
}

/** The composition root's helper: a clock from `now` and the Holiday-table calendar unless one is given. */
export function createServiceDeps(input: {
  prisma: PrismaClient
  logger: Logger
  now?: (() => Date) | undefined
  calendar?: CalendarSource | undefined
  messaging?: Messaging | undefined
  unitEvents?: UnitEvents | undefined
  inboxEvents?: ChangeEvents | undefined
  ticketEvents?: ChangeEvents | undefined
}): ServiceDeps {
  const clock: Clock = { now: input.now ?? (() => new Date()) }
  return {
    prisma: input.prisma,
    clock,
    logger: input.logger.child({ module: 'tickets' }),
    calendar: input.calendar ?? createHolidayTableCalendar(input.prisma, clock),
    ...(input.messaging ? { messaging: input.messaging } : {}),
    ...(input.unitEvents ? { unitEvents: input.unitEvents } : {}),
    ...(input.inboxEvents ? { inboxEvents: input.inboxEvents } : {}),
    ...(input.ticketEvents ? { ticketEvents: input.ticketEvents } : {}),
  }
}
