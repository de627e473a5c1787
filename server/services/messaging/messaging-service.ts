/**
 * Messaging put together for the composition root (server/main.ts): the channels from config (a real
 * provider, a demo sink, or off), the dispatcher for the database in use (pg-boss on PostgreSQL, the
 * poller on PGlite; docs/decisions/010-outbox-with-pg-boss.md), Netgsm's report poller, and the outbox
 * the ticket services queue into.
 */
import type { MessagingConfig } from '../../config.ts'
import type { ChannelStatusView, MessageChannelCode } from '../../contract/messaging.ts'
import { MESSAGE_CHANNELS } from '../../contract/messaging.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { createDemoSink } from './channels/demo-sink.ts'
import { createEmailSender } from './channels/email.ts'
import { createNetgsmSender } from './channels/netgsm.ts'
import type { ChannelSender } from './channels/types.ts'
import { createWhatsappSender } from './channels/whatsapp.ts'
import type { DeliverContext } from './deliver.ts'
import { createNetgsmReportPoller } from './delivery-reports.ts'
import { createPgBossDispatcher } from './dispatch-pg-boss.ts'
import { createPollerDispatcher } from './dispatch-poller.ts'
import { queueMessageInTx, type QueueRequest, type QueueResult } from './queue-message.ts'
import { queueStaffMessageInTx, type StaffMessage } from './queue-staff-message.ts'

export interface Messaging {
  channels(): ChannelStatusView[]
  available(channel: MessageChannelCode): boolean
  queueInTx(tx: Prisma.TransactionClient, request: QueueRequest): Promise<QueueResult>
  /** An e-mail to staff, once per key (queue-staff-message.ts); false when the key was queued before. */
  queueStaffInTx(tx: Prisma.TransactionClient, message: StaffMessage): Promise<boolean>
  /** Call after a transaction that queued messages committed (the poller looks at once). */
  wake(): void
  /** Netgsm's reports now (tests, and the admin's "check now"); 0 when Netgsm is off. */
  pollReports(): Promise<number>
  whatsappAppSecret: string | null
  whatsappVerifyToken: string | null
  /** The Graph API settings WhatsApp conversations use (docs/intake.md §9); null when not configured. */
  whatsappGraph: MessagingConfig['whatsapp']
  /** WhatsApp is served by the built-in demo sink. */
  whatsappDemo: boolean
  start(): Promise<void>
  close(): Promise<void>
}

const HINTS: Record<MessageChannelCode, string> = {
  EMAIL: 'SMTP_URL ve MAIL_FROM ayarlayın.',
  SMS: 'NETGSM_USERCODE, NETGSM_PASSWORD ve NETGSM_HEADER ayarlayın.',
  WHATSAPP: 'WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID ve WHATSAPP_APP_SECRET ayarlayın.',
}

export function createMessaging(input: {
  config: MessagingConfig
  prisma: PrismaClient
  logger: Logger
  /** PostgreSQL URL: pg-boss; null (embedded database): the poller. */
  databaseUrl: string | null
  now?: () => Date
  /** false: messages are queued but this process sends none (tests of a restart). */
  work?: boolean
  pollIntervalMs?: number
}): Messaging {
  const logger = input.logger.child({ module: 'messaging' })
  const now = input.now ?? (() => new Date())
  const { config } = input
  const netgsm = config.netgsm ? createNetgsmSender(config.netgsm) : null
  const real: Partial<Record<MessageChannelCode, ChannelSender>> = {
    ...(config.email ? { EMAIL: createEmailSender(config.email) } : {}),
    ...(netgsm ? { SMS: netgsm } : {}),
    ...(config.whatsapp ? { WHATSAPP: createWhatsappSender(config.whatsapp) } : {}),
  }
  const senders = new Map<MessageChannelCode, ChannelSender>()
  for (const channel of MESSAGE_CHANNELS) {
    const sender = real[channel] ?? (config.demoSinks ? createDemoSink(channel) : undefined)
    if (sender) senders.set(channel, sender)
  }
  const deliver: DeliverContext = {
    prisma: input.prisma,
    now,
    sender: (channel) => senders.get(channel) ?? null,
    retryLimit: config.retryLimit,
    retryDelaySec: config.retryDelaySec,
  }
  const work = input.work ?? true
  const poller =
    input.databaseUrl === null
      ? createPollerDispatcher({
          prisma: input.prisma,
          logger,
          deliver,
          work,
          ...(input.pollIntervalMs ? { intervalMs: input.pollIntervalMs } : {}),
        })
      : null
  const dispatcher =
    poller ??
    createPgBossDispatcher({
      connectionString: input.databaseUrl ?? '',
      prisma: input.prisma,
      logger,
      deliver,
      work,
      ...(input.pollIntervalMs ? { pollingIntervalSeconds: Math.max(0.5, input.pollIntervalMs / 1000) } : {}),
    })
  const reports =
    netgsm && config.netgsm
      ? createNetgsmReportPoller({
          prisma: input.prisma,
          logger,
          now,
          reports: (ids) => netgsm.reports(ids),
          intervalSec: config.netgsm.reportIntervalSec,
        })
      : null
  const available = (channel: MessageChannelCode) => senders.has(channel)
  let started = false

  return {
    channels: () =>
      MESSAGE_CHANNELS.map((channel) => {
        const sender = senders.get(channel)
        const state = sender === undefined ? 'off' : sender.provider === 'demo' ? 'demo' : 'configured'
        return {
          channel,
          state,
          provider: sender?.provider ?? null,
          hint: state === 'configured' ? null : HINTS[channel],
        }
      }),
    available,
    queueInTx: (tx, request) => queueMessageInTx(tx, { available, dispatcher }, request),
    queueStaffInTx: (tx, message) => queueStaffMessageInTx(tx, dispatcher, message),
    wake: () => poller?.wake(),
    pollReports: () => reports?.pollOnce() ?? Promise.resolve(0),
    whatsappAppSecret: config.whatsapp?.appSecret ?? null,
    whatsappVerifyToken: config.whatsapp?.verifyToken ?? null,
    whatsappGraph: config.whatsapp,
    whatsappDemo: senders.get('WHATSAPP')?.provider === 'demo',
    async start() {
      // With no channel able to send, nothing can be queued: no worker, no pg-boss schema.
      if (senders.size === 0) return
      started = true
      await dispatcher.start()
      if (work) reports?.start()
    },
    async close() {
      await reports?.stop()
      if (started) await dispatcher.stop()
      for (const s of senders.values()) await s.close?.()
    },
  }
}
