/**
 * Puts the queue alerts together for the composition root (server/main.ts): the store with the
 * müdür's e-mail through the outbox when the mail channel is configured, the monitor over the live
 * queue views, and the sockets' rooms (docs/alerts.md).
 */
import type { Server } from 'socket.io'
import type { MetricThreshold, ThresholdMetric } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { attachQueueAlertSockets, queueAlertSinkOn } from '../../realtime/handlers/queue-alerts.ts'
import type { Messaging } from '../messaging/messaging-service.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import { createQueueAlertMonitor, type AlertSource, type QueueAlertMonitor } from './alert-monitor.ts'
import type { AlertRules } from './alert-rules.ts'
import { createAlertStore } from './alert-store.ts'

export function startQueueAlerts(deps: {
  io: Server
  prisma: PrismaClient
  logger: Logger
  messaging: Messaging
  publicUrl: string | null
  calendar: CalendarSource
  rules: AlertRules
  thresholds: (pbxId: string, queue: string) => Partial<Record<ThresholdMetric, MetricThreshold>>
  /** Live telephony; null: no queues to watch, but pages still get the list of open alerts. */
  source: AlertSource | null
}): QueueAlertMonitor | null {
  const store = createAlertStore({
    prisma: deps.prisma,
    mail: () => ({
      queue: deps.messaging.available('EMAIL') ? (tx, m) => deps.messaging.queueStaffInTx(tx, m) : null,
      publicUrl: deps.publicUrl,
      wake: () => deps.messaging.wake(),
    }),
  })
  attachQueueAlertSockets(deps.io, { store: () => store, logger: deps.logger })
  if (deps.source === null) return null
  const sink = queueAlertSinkOn(deps.io)
  const monitor = createQueueAlertMonitor({
    source: deps.source,
    thresholds: deps.thresholds,
    rules: deps.rules,
    store,
    calendar: deps.calendar,
    sink: () => sink,
    logger: deps.logger,
  })
  monitor.start()
  return monitor
}
