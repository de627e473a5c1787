/**
 * `createApp(deps)` builds the Express application without listening (tests drive it with supertest;
 * main.ts puts it behind an http.Server with socket.io). Every API route lives under /api/v1 and declares
 * its access guard (auth/require-role.ts).
 */
import express, { type Express } from 'express'
import type { RealtimeStatus } from './contract/health.ts'
import type { Config } from './config.ts'
import type { PrismaClient } from './db/generated/client.ts'
import type { Logger } from './logger.ts'
import type { DurableWriterStatus } from './services/calls/record-durability.ts'
import { authenticate } from './auth/authenticate.ts'
import type { PasswordVerifier } from './auth/login.ts'
import type { LoginRateLimiter } from './auth/login-rate-limiter.ts'
import { createLoginMetrics, type LoginMetrics } from './auth/login-metrics.ts'
import type { SessionStore } from './auth/session-store.ts'
import { apiNotFound, errorHandler } from './http/error-handler.ts'
import { requestLogger } from './http/request-logger.ts'
import { authRoutes, type SocketsOfEnded } from './http/routes/auth.ts'
import type { SystemInfo } from './contract/auth.ts'
import { hashPassword } from './db/password.ts'
import { apiTokenRoutes } from './http/routes/api-tokens.ts'
import { calendarRoutes } from './http/routes/calendar.ts'
import { pbxSetupRoutes } from './http/routes/pbx-setup.ts'
import { userRoutes } from './http/routes/users.ts'
import { healthRoutes, type PbxStatus } from './http/routes/health.ts'
import { securityHeaders } from './http/security-headers.ts'
import { createHostPolicy, hostGuard } from './http/host-policy.ts'
import { useTurkishValidationMessages } from './http/validation-messages.ts'
import { staticClient } from './http/static-client.ts'
import { citizenRoutes } from './http/routes/citizens.ts'
import { ticketRoutes } from './http/routes/tickets.ts'
import { unitRoutes } from './http/routes/units.ts'
import { worklistRoutes } from './http/routes/worklists.ts'
import { unitCallbackRoutes } from './http/routes/unit-callbacks.ts'
import { agentRoutes } from './http/routes/agents.ts'
import { callRoutes } from './http/routes/calls.ts'
import { queueRoutes } from './http/routes/queues.ts'
import { kioskTokenRoutes } from './http/routes/kiosk-tokens.ts'
import { thresholdRoutes } from './http/routes/thresholds.ts'
import { queueAlertRoutes } from './http/routes/queue-alerts.ts'
import { createAlertRules, type AlertRules } from './services/queue-alerts/alert-rules.ts'
import { createAlertStore } from './services/queue-alerts/alert-store.ts'
import { createQueueThresholds, type QueueThresholds } from './services/thresholds/queue-thresholds.ts'
import type { TelephonyService } from './services/telephony/telephony-service.ts'
import { deskRoutes } from './http/routes/agent-desk.ts'
import { supervisionRoutes } from './http/routes/supervision.ts'
import type { SpyService } from './services/supervision/spy-service.ts'
import { directoryRoutes } from './http/routes/directory.ts'
import { switchboardRoutes } from './http/routes/switchboard.ts'
import type { SwitchboardService } from './services/switchboard/switchboard-service.ts'
import type { AgentDesk } from './services/agent-desk/desk-service.ts'
import type { CalendarSource } from './services/tickets/calendar-source.ts'
import { createServiceDeps } from './services/tickets/service-deps.ts'
// Raporlar and /metrics (reports engineer).
import { reportRoutes } from './http/routes/reports.ts'
import { createHttpMetrics, metricsRoutes } from './http/routes/metrics.ts'
import { createReportService } from './services/reports/report-service.ts'
import { inProgressCallsOf } from './services/reports/live-calls.ts'
import type { Messaging } from './services/messaging/messaging-service.ts'
import { messagingRoutes } from './http/routes/messaging.ts'
import { unitAlertRoutes } from './http/routes/unit-alerts.ts'
import type { UnitAlertsScheduler } from './services/units/unit-alerts-scheduler.ts'
import type { UnitEvents } from './services/units/unit-notifier.ts'
import { whatsappWebhookRoutes } from './http/routes/whatsapp-webhook.ts'
import { JSON_TYPES, requireReadableBody } from './http/json-body.ts'
// Yönetim › KVKK: access log, export, erasure, retention periods and their daily run.
import { kvkkRoutes } from './http/routes/kvkk.ts'
import { recordingRoutes } from './http/routes/recordings.ts'
import type { RecordingStore } from './services/recordings/recording-store.ts'
import { createRetentionScheduler, type RetentionScheduler } from './services/kvkk/retention-scheduler.ts'
// Written intake: the public form (no sign-in) and the agents' inbox.
import { loadConfig } from './config.ts'
import { PUBLIC_MULTIPART_ROUTES, publicIntakeRoutes } from './http/routes/public-intake.ts'
import { intakeRoutes } from './http/routes/intake.ts'
import type { MailboxStatusView } from './contract/intake.ts'
import { mailboxOff } from './services/intake/mail/mailbox-status.ts'
import { loadChallengeSecret } from './services/intake/challenge.ts'
import { createPublicGuards, type PublicGuards } from './services/intake/public-guards.ts'
import type { ChangeEvents } from './services/directorate-nudge.ts'
import { emptyPublicFormCounts } from './services/intake/public-application.ts'
// Talepler › WhatsApp: conversations from the Cloud API webhook (docs/intake.md §9).
import { whatsappRoutes } from './http/routes/whatsapp.ts'
import { createWhatsappChannel, type WhatsappChannel } from './services/whatsapp/whatsapp-channel.ts'

export const API_PREFIX = '/api/v1'

export interface AppDeps {
  /** `intake` absent: the defaults of an empty environment (form on, mailbox off). */
  config: Pick<Config, 'http' | 'session'> & { intake?: Config['intake'] }
  logger: Logger
  prisma: PrismaClient
  database: { kind: 'postgres' | 'pglite'; ping(): Promise<unknown> }
  sessions: SessionStore
  loginLimiter: LoginRateLimiter
  passwords: PasswordVerifier
  /** Closes the sockets of a user or session that ended (logout, deactivation, role change). */
  socketsOfEnded?: SocketsOfEnded
  /** Default: scrypt of server/db/password.ts. */
  hashPassword?: (password: string) => Promise<string>
  /** Mode, simulator and warnings for every screen's header (default: production, no simulator). */
  system?: () => SystemInfo
  /** Why that mode (config.modeReason), for /health. */
  modeReason?: string
  /** Admin changes that running services must see at once (user map, queue settings, directory). */
  setupChanged?: { users(): void; queues(): Promise<void>; directory(): Promise<void> }
  /** From package.json; shown by /health. */
  version: string
  /** The telephony bridge plugs in here; until then the list is empty. */
  getPbxStatus?: () => PbxStatus[]
  getRealtimeStatus?: () => RealtimeStatus
  /** The call recorder's durability (waiting, retried, quarantined records), for /health and /metrics. */
  getCallRecordStatus?: () => DurableWriterStatus | null
  /** Live telephony (queues, agents, calls, pause action); null or absent: none configured. */
  telephony?: () => TelephonyService | null
  /** Live boards: thresholds shared with the broadcaster; a revoked TV token's sockets disconnected. */
  /** The Çağrı Masası (screen pop, pause, click-to-call); started after the app, so read per request. */
  desk?: () => AgentDesk | null
  /** The müdür's listen / whisper / barge (ADR 018); started after the app, so read per request. */
  supervision?: () => SpyService | null
  liveBoards?: {
    thresholds: QueueThresholds
    onKioskRevoked: (kioskTokenId: number) => void
    /** Queue alert rules, shared with the alert monitor (docs/alerts.md). */
    alertRules?: AlertRules
  }
  /** The santral console; started after the app, so read per request. */
  switchboard?: () => SwitchboardService | null
  /** Directory of the built SPA (dist/client); not served when absent or null. */
  clientDir?: string | null
  now?: () => Date
  /** Working-day calendar for the ticket clocks; default: the Holiday table. */
  calendar?: CalendarSource
  /** Reports' global SL threshold / short-abandon limit (config.metrics); default 20 s / 5 s. */
  reportStatsDefaults?: { serviceLevelSec: number; shortAbandonSec: number }
  /** `/metrics` without sign-in from loopback (config METRICS_PUBLIC=loopback); default 'off'. */
  metricsPublic?: 'off' | 'loopback'
  /** Written messages to citizens (ADR 010); absent: tickets are told by phone only. */
  messaging?: Messaging
  /** Unit staff told live of tickets reaching their unit (docs/messaging.md §8). */
  unitEvents?: UnitEvents
  /** The agents told live that the inbox changed (server/services/directorate-nudge.ts). */
  inboxEvents?: ChangeEvents
  /** The directorate told live that the tickets changed (server/services/directorate-nudge.ts). */
  ticketEvents?: ChangeEvents
  /** Unit reminders, escalations and digests (main.ts starts its timer); absent: not on this server. */
  unitAlerts?: UnitAlertsScheduler
  /** Sign-in outcomes counted for /metrics (default: a fresh set of counters). */
  loginMetrics?: LoginMetrics
  /** The daily retention run (main.ts starts its timer); default: one that only runs when asked. */
  retention?: RetentionScheduler
  /** The public form's address limits and used challenges (Redis when configured); default in process. */
  publicGuards?: PublicGuards
  /** The mailbox reader's state for Yönetim (default: not configured). */
  mailbox?: () => MailboxStatusView
  /** WhatsApp conversations (main.ts starts its file sweep); default: one built from `messaging`. */
  whatsapp?: WhatsappChannel
  /** The recordings folder (RECORDINGS_DIR, docs/recordings.md); absent or null: none. */
  recordings?: RecordingStore | null
}

/** The conversation channel for `messaging`: the demo inbox only when the whole process is in demo mode. */
export function whatsappChannelFor(deps: Pick<AppDeps, 'prisma' | 'logger' | 'messaging' | 'system'>) {
  return createWhatsappChannel({
    prisma: deps.prisma,
    logger: deps.logger,
    graph: deps.messaging?.whatsappGraph ?? null,
    demo: deps.messaging?.whatsappDemo === true && deps.system?.().mode === 'demo',
  })
}

export function createApp(deps: AppDeps): Express {
  useTurkishValidationMessages()
  const app = express()
  const startedAt = Date.now()
  app.disable('x-powered-by')
  app.set('trust proxy', deps.config.http.trustProxy)

  const httpMetrics = createHttpMetrics()
  app.use(httpMetrics.middleware)
  // Before anything reads the request: a foreign Host is 421, a foreign Origin on a write 403.
  app.use(hostGuard(createHostPolicy(deps.config.http), deps.logger.child({ module: 'http' })))
  app.use(securityHeaders({ https: deps.config.http.hsts }))
  app.use(requestLogger(deps.logger.child({ module: 'http' })))
  const whatsapp = deps.whatsapp ?? whatsappChannelFor(deps)
  // Before the API's JSON parser: the signature is checked over the raw body.
  app.use(
    whatsappWebhookRoutes({
      prisma: deps.prisma,
      logger: deps.logger.child({ module: 'whatsapp-webhook' }),
      messaging: () => deps.messaging,
      whatsapp: () => whatsapp,
      now: deps.now ?? (() => new Date()),
    }),
  )

  const api = express.Router()
  api.use(express.json({ limit: '100kb', type: JSON_TYPES }))
  api.use(requireReadableBody(PUBLIC_MULTIPART_ROUTES))
  api.use(
    authenticate({ prisma: deps.prisma, sessions: deps.sessions, ...(deps.now ? { now: deps.now } : {}) }),
  )
  const retention =
    deps.retention ??
    createRetentionScheduler({
      prisma: deps.prisma,
      logger: deps.logger,
      now: deps.now ?? (() => new Date()),
      recordings: deps.recordings ?? null,
    })
  api.use(
    healthRoutes({
      retention: () => retention.health(),
      version: deps.version,
      database: deps.database,
      getPbxStatus: deps.getPbxStatus ?? (() => []),
      getRealtimeStatus: deps.getRealtimeStatus ?? (() => ({ connectedSockets: 0 })),
      ...(deps.getCallRecordStatus ? { getCallRecordStatus: deps.getCallRecordStatus } : {}),
      uptimeSec: () => (Date.now() - startedAt) / 1000,
      ...(deps.system
        ? { system: () => ({ ...(deps.system?.() ?? defaultSystem()), reason: deps.modeReason ?? '' }) }
        : {}),
    }),
  )
  const hash = deps.hashPassword ?? hashPassword
  const system = deps.system ?? defaultSystem
  const loginMetrics = deps.loginMetrics ?? createLoginMetrics()
  api.use(authRoutes({ ...deps, hashPassword: hash, system, loginMetrics }))
  const ticketServices = createServiceDeps(deps)
  // Yönetim: users, API tokens, the PBXs' queues, holidays and office hours.
  const nowOf = deps.now ? { now: deps.now } : {}
  api.use(
    userRoutes({
      prisma: deps.prisma,
      logger: deps.logger.child({ module: 'users' }),
      hashPassword: hash,
      endSessions: async (userId) => {
        await deps.sessions.destroyAllForUser(userId)
        deps.socketsOfEnded?.user(userId)
      },
      onUsersChanged: () => deps.setupChanged?.users(),
      ...nowOf,
    }),
  )
  api.use(apiTokenRoutes({ prisma: deps.prisma, ...nowOf }))
  api.use(
    pbxSetupRoutes({
      prisma: deps.prisma,
      discovery: () => deps.telephony?.()?.discovery() ?? [],
      onQueuesChanged: () => deps.setupChanged?.queues() ?? Promise.resolve(),
      reconnect: (pbxId) => deps.telephony?.()?.reconnect(pbxId) ?? false,
      ...nowOf,
    }),
  )
  api.use(calendarRoutes({ prisma: deps.prisma, calendar: ticketServices.calendar, ...nowOf }))
  for (const routes of [citizenRoutes, ticketRoutes, unitRoutes, worklistRoutes])
    api.use(routes(ticketServices))
  // A unit's callers lost on a switchboard transfer (ADR 007).
  api.use(unitCallbackRoutes(ticketServices))
  // Live telephony: /queues, /agents, /agents/pause, /calls.
  const telephonyDeps = { telephony: deps.telephony ?? (() => null), prisma: deps.prisma }
  for (const routes of [queueRoutes, agentRoutes, callRoutes]) api.use(routes(telephonyDeps))
  // A call's recording for the müdür and the data officer, every listen audited.
  api.use(
    recordingRoutes({
      prisma: deps.prisma,
      store: deps.recordings ?? null,
      now: deps.now ?? (() => new Date()),
    }),
  )
  // Live boards' admin: TV kiosk tokens, queue thresholds, pause reasons.
  const liveBoards = deps.liveBoards ?? { thresholds: createQueueThresholds(deps) }
  api.use(
    kioskTokenRoutes({
      prisma: deps.prisma,
      ...(deps.liveBoards ? { onRevoked: deps.liveBoards.onKioskRevoked } : {}),
    }),
  )
  api.use(thresholdRoutes(liveBoards.thresholds, deps.prisma))
  api.use(
    queueAlertRoutes({
      rules: deps.liveBoards?.alertRules ?? createAlertRules(deps),
      store: createAlertStore({ prisma: deps.prisma, mail: () => ({ queue: null, publicUrl: null }) }),
      now: deps.now ?? (() => new Date()),
    }),
  )
  api.use(deskRoutes(deps.desk ?? (() => null)))
  api.use(supervisionRoutes({ prisma: deps.prisma, spy: deps.supervision ?? (() => null), ...nowOf }))
  // Santral: the console's actions and the unit directory.
  const switchboard = deps.switchboard ?? (() => null)
  const setupChanged = deps.setupChanged
  api.use(switchboardRoutes({ switchboard }))
  api.use(
    directoryRoutes({
      prisma: deps.prisma,
      switchboard,
      pbxIds: () => deps.getPbxStatus?.().map((p) => p.id) ?? [],
      ...(setupChanged ? { onChanged: () => setupChanged.directory() } : {}),
    }),
  )
  // Raporlar (supervisor, admin).
  const reportNow = () => ticketServices.clock.now()
  const reports = createReportService({
    prisma: deps.prisma,
    logger: deps.logger,
    calendar: ticketServices.calendar,
    now: reportNow,
    statsDefaults: deps.reportStatsDefaults,
    inProgressCalls: () => inProgressCallsOf(deps.telephony?.() ?? null),
  })
  api.use(reportRoutes({ reports, now: reportNow }))
  api.use(messagingRoutes({ prisma: deps.prisma, messaging: () => deps.messaging, now: reportNow }))
  api.use(unitAlertRoutes({ unitAlerts: () => deps.unitAlerts ?? null }))
  api.use(
    kvkkRoutes({
      prisma: deps.prisma,
      logger: deps.logger.child({ module: 'kvkk' }),
      now: reportNow,
      services: ticketServices,
      retention,
      recordings: deps.recordings ?? null,
    }),
  )
  const intake = deps.config.intake ?? loadConfig({}).intake
  let secret: Promise<string> | null = null
  const publicCounts = emptyPublicFormCounts()
  api.use(
    publicIntakeRoutes({
      counts: publicCounts,
      enabled: intake.publicForm.enabled,
      services: ticketServices,
      guards: deps.publicGuards ?? createPublicGuards({ redis: null }),
      settings: intake.publicForm,
      challengeSecret: () =>
        (secret ??= loadChallengeSecret(deps.prisma).catch((err: unknown) => {
          secret = null
          throw err
        })),
    }),
  )
  api.use(
    intakeRoutes({
      ...ticketServices,
      mailbox: deps.mailbox ?? (() => mailboxOff(intake.imap.folder)),
      publicForm: () => ({
        enabled: intake.publicForm.enabled,
        powBits: intake.publicForm.powBits,
        maxPerHour: intake.publicForm.maxPerHour,
        counts: { ...publicCounts },
      }),
    }),
  )
  api.use(whatsappRoutes({ ...ticketServices, whatsapp }))
  api.use(apiNotFound())
  app.use(API_PREFIX, api)
  app.use('/api', apiNotFound())
  app.use(
    metricsRoutes({
      http: httpMetrics,
      authenticate: authenticate({
        prisma: deps.prisma,
        sessions: deps.sessions,
        ...(deps.now ? { now: deps.now } : {}),
      }),
      publicAccess: deps.metricsPublic ?? 'off',
      loginMetrics,
      version: deps.version,
      startedAtMs: startedAt,
      nowMs: () => Date.now(),
      getPbxStatus: deps.getPbxStatus ?? (() => []),
      getRealtimeStatus: deps.getRealtimeStatus ?? (() => ({ connectedSockets: 0 })),
      ...(deps.getCallRecordStatus ? { getCallRecordStatus: deps.getCallRecordStatus } : {}),
    }),
  )

  const client = deps.clientDir ? staticClient(deps.clientDir) : null
  if (client) app.use(client)

  app.use(errorHandler(deps.logger.child({ module: 'http' })))
  return app
}

function defaultSystem(): SystemInfo {
  return { mode: 'production', simulator: false, warnings: [] }
}
