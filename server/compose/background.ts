/**
 * The parts of Pano that work without anyone at a screen: written messages to citizens and the units'
 * reminders (docs/messaging.md), KVKK retention with the call recordings folder (docs/kvkk.md,
 * docs/recordings.md), the mailbox and WhatsApp intake and the count of written requests waiting
 * (docs/intake.md). Every node runs them; where only one may act, an advisory lock decides.
 */
import { whatsappChannelFor } from '../app.ts'
import type { Config } from '../config.ts'
import type { SystemInfo } from '../contract/auth.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import type { Logger } from '../logger.ts'
import { INBOX_EVENTS, TICKETS_EVENTS } from '../contract/inbox.ts'
import { createDirectorateNudge, type DirectorateNudge } from '../services/directorate-nudge.ts'
import { createMailIntake, type MailIntake } from '../services/intake/mail/mail-intake.ts'
import { createWrittenWaitingSource, type WrittenWaitingSource } from '../services/intake/written-waiting.ts'
import type { ClusterBus } from '../services/cluster/cluster-bus.ts'
import { createClusterNotice } from '../services/cluster/notices.ts'
import { createRetentionScheduler, type RetentionScheduler } from '../services/kvkk/retention-scheduler.ts'
import { createMessaging, type Messaging } from '../services/messaging/messaging-service.ts'
import { createRecordingStore, type RecordingStore } from '../services/recordings/recording-store.ts'
import { createServiceDeps, type ServiceDeps } from '../services/tickets/service-deps.ts'
import {
  createUnitAlertsScheduler,
  type UnitAlertsScheduler,
} from '../services/units/unit-alerts-scheduler.ts'
import { createUnitNotifier, type UnitNotifier } from '../services/units/unit-notifier.ts'
import type { WhatsappChannel } from '../services/whatsapp/whatsapp-channel.ts'

interface Context {
  config: Config
  prisma: PrismaClient
  logger: Logger
  onClose(cleanup: () => Promise<void>): void
}

export interface Messages {
  messaging: Messaging
  unitEvents: UnitNotifier
  inboxEvents: DirectorateNudge
  ticketEvents: DirectorateNudge
  services: ServiceDeps
  unitAlerts: UnitAlertsScheduler
}

/** Written messages (ADR 010: pg-boss on PostgreSQL, the poller on the embedded database) and the services on them. */
export async function startMessages(
  ctx: Context & {
    databaseUrl: string | null
    options?: { work?: boolean; pollIntervalMs?: number } | undefined
  },
): Promise<Messages> {
  const { config, prisma, logger } = ctx
  const messaging = createMessaging({
    config: config.messaging,
    prisma,
    logger,
    databaseUrl: ctx.databaseUrl,
    ...(ctx.options?.work === undefined ? {} : { work: ctx.options.work }),
    ...(ctx.options?.pollIntervalMs ? { pollIntervalMs: ctx.options.pollIntervalMs } : {}),
  })
  await messaging.start()
  ctx.onClose(() => messaging.close())
  // One calendar (holidays, office hours) for the legal clocks, the worklists and the call recorder.
  // Unit staff hear of new tickets in room unit:<id> (docs/messaging.md §8); the sink comes with socket.io.
  const unitEvents = createUnitNotifier({ prisma, logger })
  // The directorate hears that Gelen kutusu or the tickets changed; the sink comes with socket.io, and
  // they stop before it closes (live-services.ts).
  const inboxEvents = createDirectorateNudge(INBOX_EVENTS.changed)
  const ticketEvents = createDirectorateNudge(TICKETS_EVENTS.changed)
  const services = createServiceDeps({ prisma, logger, messaging, unitEvents, inboxEvents, ticketEvents })
  // Reminders, the müdür's escalations and digests: every node checks, one runs (advisory lock).
  const unitAlerts = createUnitAlertsScheduler({
    prisma,
    logger,
    now: () => new Date(),
    calendar: services.calendar,
    messaging,
    config: config.messaging.unitAlerts,
    publicUrl: config.http.publicUrl,
  })
  unitAlerts.start()
  ctx.onClose(() => Promise.resolve(unitAlerts.stop()))
  return { messaging, unitEvents, inboxEvents, ticketEvents, services, unitAlerts }
}

export interface RecordsAndIntake {
  recordings: RecordingStore | null
  retention: RetentionScheduler
  mailIntake: MailIntake | null
  whatsapp: WhatsappChannel
  written: WrittenWaitingSource
}

export async function startRecordsAndIntake(
  ctx: Context & {
    messaging: Messaging
    inboxEvents: DirectorateNudge
    system: () => SystemInfo
    /** Several nodes: an inbox change on one is read again by the others' wallboard count at once. */
    bus: ClusterBus | null
  },
): Promise<RecordsAndIntake> {
  const { config, prisma, logger } = ctx
  // KVKK retention: checked hourly on every node, run once a day by one of them (advisory lock).
  // Call recordings (docs/recordings.md): the folder Pano reads them from and retention deletes in.
  const recordings = config.recordings.dir === null ? null : createRecordingStore(config.recordings.dir)
  const retention = createRetentionScheduler({ prisma, logger, now: () => new Date(), recordings })
  retention.start()
  ctx.onClose(() => Promise.resolve(retention.stop()))

  // The mailbox reader (docs/intake.md §7): only when IMAP_URL is set; Yönetim says so otherwise.
  const imap = config.intake.imap
  const mailIntake =
    imap.url === null
      ? null
      : createMailIntake({
          prisma,
          logger,
          imap: { ...imap, url: imap.url },
          onStored: () => ctx.inboxEvents.changed(),
        })
  if (mailIntake !== null) ctx.onClose(() => mailIntake.stop())

  // WhatsApp conversations (docs/intake.md §9): files not fetched yet are retried every minute.
  const whatsapp = whatsappChannelFor({ prisma, logger, messaging: ctx.messaging, system: ctx.system })
  whatsapp.start()
  ctx.onClose(() => whatsapp.stop())
  // Written requests waiting, for the wallboard (docs/intake.md §10).
  const written = createWrittenWaitingSource({ prisma, logger })
  await written.start()
  ctx.onClose(() => Promise.resolve(written.stop()))
  // Every inbox change (web, mail, WhatsApp) nudges the wallboard's count and the agents' list; with
  // several nodes the others read it again too, so the node drawing the boards (docs/cluster.md) shows
  // a request that arrived elsewhere at once rather than at its next 5 s read.
  const elsewhere = ctx.bus === null ? null : await createClusterNotice(ctx.bus, 'inbox-written', logger)
  if (elsewhere !== null) {
    elsewhere.onChanged(() => written.nudge())
    ctx.onClose(() => elsewhere.close())
  }
  ctx.inboxEvents.onChange(() => {
    written.nudge()
    elsewhere?.changed()
  })
  whatsapp.onChange = () => ctx.inboxEvents.changed()
  return { recordings, retention, mailIntake, whatsapp, written }
}
