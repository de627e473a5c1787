/**
 * The one composition root (docs/design.md §2, docs/style-guide.md §3.1): config → logger → database (+ demo seed) →
 * telephony → app → HTTP server → socket.io → listen, and the reverse on shutdown. `startPano()` is what
 * integration and browser tests call (port 0); `npm start` runs it through `runAsProcess()`
 * (server/compose/process.ts). The steps are put together in server/compose/.
 */
import { closeRedisClient } from './auth/redis-connection.ts'
import { settlesWithin } from './settles-within.ts'
import { createServer, type Server as HttpServer } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Express } from 'express'
import { createApp } from './app.ts'
import { startMessages, startRecordsAndIntake } from './compose/background.ts'
import { openSeededDatabase, type OpenDatabase } from './compose/database.ts'
import { closeHttpServer, listen, listeningUrl, passwordVerifier } from './compose/http-server.ts'
import { startLiveServices } from './compose/live-services.ts'
import { runAsProcess } from './compose/process.ts'
import { startSessionsAndCluster } from './compose/sessions-and-cluster.ts'
import { shareSetupChanges } from './compose/setup-changes.ts'
import { readVersion, ROOT, startupMessage, systemInfo } from './compose/start-info.ts'
import { startTelephonyBridge, type TelephonyContext, type TelephonyHandle } from './compose/telephony.ts'
import type { Config } from './config.ts'
import type { PrismaClient } from './db/generated/client.ts'
import { hashPassword, verifyPassword } from './db/index.ts'
import { answerClientErrors } from './http/client-errors.ts'
import { createHostPolicy } from './http/host-policy.ts'
import { createLogger, type Logger } from './logger.ts'
import { createRealtime, type Realtime } from './realtime/io.ts'
import { createClientAddress } from './http/client-address.ts'
import type { AgentDesk } from './services/agent-desk/desk-service.ts'
import { createPublicGuards } from './services/intake/public-guards.ts'
import type { Messaging } from './services/messaging/messaging-service.ts'
import type { QueueAlertMonitor } from './services/queue-alerts/alert-monitor.ts'
import { createAlertRules } from './services/queue-alerts/alert-rules.ts'
import { hasDemoRows } from './services/setup/demo-cleanup.ts'
import type { SpyService } from './services/supervision/spy-service.ts'
import type { SwitchboardOptions, SwitchboardService } from './services/switchboard/switchboard-service.ts'
import type { TelephonyService } from './services/telephony/telephony-service.ts'
import { createQueueThresholds } from './services/thresholds/queue-thresholds.ts'
import type { WhatsappChannel } from './services/whatsapp/whatsapp-channel.ts'

export { startTelephonyBridge, type TelephonyContext, type TelephonyHandle }

export interface StartOverrides {
  logger?: Logger
  /** An already open database (tests); Pano does not close what it did not open. */
  database?: OpenDatabase
  /** Seed the demo data and users (default: in demo mode only). */
  seedDemo?: boolean
  /** Built SPA directory (default dist/client; null: do not serve a client). */
  clientDir?: string | null
  startTelephony?: (context: TelephonyContext) => Promise<TelephonyHandle | null>
  /** Where the first-start demo user table goes (default stdout). */
  print?: (text: string) => void
  /** Redis key prefix (tests keep files apart). */
  redisKeyPrefix?: string
  /** Santral console settings (tests: a short alert time). */
  switchboard?: Pick<SwitchboardOptions, 'alertAfterMs' | 'returnTarget'>
  /** Messages: false queues without sending (tests of a restart); pollIntervalMs for quick tests. */
  messaging?: { work?: boolean; pollIntervalMs?: number }
}

export interface RunningPano {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string
  port: number
  app: Express
  httpServer: HttpServer
  realtime: Realtime
  /** Live telephony, or null when Pano runs without it. */
  telephony: TelephonyService | null
  /** The santral console's live side, or null without telephony. */
  switchboard: SwitchboardService | null
  prisma: PrismaClient
  logger: Logger
  config: Config
  /** Written messages to citizens (ADR 010). */
  messaging: Messaging
  /** WhatsApp conversations (docs/intake.md §9). */
  whatsapp: WhatsappChannel
  /** Queue alerts (docs/alerts.md); null without telephony. */
  queueAlerts: QueueAlertMonitor | null
  close(): Promise<void>
}

/** How long one shutdown step may take before the next one runs (docs/operations.md §2). */
const SHUTDOWN_STEP_MS = 10_000

/** Starts the whole application. On failure everything opened so far is closed again. */
export async function startPano(config: Config, overrides: StartOverrides = {}): Promise<RunningPano> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level })
  const cleanups: (() => Promise<void>)[] = []
  const runCleanups = async () => {
    const steps = cleanups.splice(0).reverse()
    for (const [i, cleanup] of steps.entries()) {
      try {
        // A step waiting on a service that is away must not hold the rest: the database still closes
        // and the process still ends; the step's number goes to the log.
        if (!(await settlesWithin(cleanup(), SHUTDOWN_STEP_MS)))
          logger.error(
            { step: i + 1, of: steps.length, waitedMs: SHUTDOWN_STEP_MS },
            'shutdown step did not finish; going on',
          )
      } catch (err) {
        logger.error({ err }, 'error during shutdown')
      }
    }
  }

  const onClose = (cleanup: () => Promise<void>) => void cleanups.push(cleanup)

  try {
    const print = overrides.print ?? ((t: string) => process.stdout.write(t))
    const { database, firstAdmin } = await openSeededDatabase({
      config,
      logger,
      onClose,
      database: overrides.database,
      seedDemo: overrides.seedDemo,
      print,
    })
    const { prisma } = database

    let realtime: Realtime | null = null
    const { redis, bus, stores } = await startSessionsAndCluster({
      config,
      prisma,
      logger,
      onClose,
      redisKeyPrefix: overrides.redisKeyPrefix,
      realtime: () => realtime,
    })

    const { messaging, unitEvents, inboxEvents, ticketEvents, services, unitAlerts } = await startMessages({
      config,
      prisma,
      logger,
      onClose,
      databaseUrl: database.kind === 'postgres' ? config.database.url : null,
      options: overrides.messaging,
    })
    const telephony = await (overrides.startTelephony ?? startTelephonyBridge)({
      config,
      logger,
      prisma,
      calendar: services.calendar,
      ...(bus === null ? {} : { cluster: { bus, leaseTtlMs: config.cluster.leaseTtlMs } }),
    })
    if (telephony) cleanups.push(() => telephony.close())
    const system = systemInfo(config, database.kind, telephony?.service ?? null)
    if (config.mode === 'production' && (await hasDemoRows({ prisma, verifyPassword, hashPassword })))
      system.warnings.push(
        'Bu veritabanında tanıtım (demo) verisi var: "npm run db:remove-demo" ile görün, "-- --apply" ile kaldırın.',
      )

    // Live boards: queue thresholds held in memory and put on every queue view.
    const thresholds = createQueueThresholds({ prisma, logger })
    await thresholds.load()
    const alertRules = createAlertRules({ prisma })
    await alertRules.load()

    const { recordings, retention, mailIntake, whatsapp, written } = await startRecordsAndIntake({
      config,
      prisma,
      logger,
      bus,
      onClose,
      messaging,
      inboxEvents,
      system: () => system,
    })

    let desk: AgentDesk | null = null
    let supervision: SpyService | null = null
    let switchboard: SwitchboardService | null = null
    const setup = await shareSetupChanges({
      bus,
      logger,
      onClose,
      thresholds,
      alertRules,
      refresh: {
        users: async () => {
          await Promise.all([
            telephony?.service?.refreshUsers(),
            desk?.pops?.refreshUsers(),
            switchboard?.reload(),
          ])
        },
        queues: async () => {
          await Promise.all([
            telephony?.service?.reloadQueueSettings(),
            thresholds.load(),
            alertRules.load(),
            desk?.pops?.refreshUsers(),
            switchboard?.reload(),
          ])
          realtime?.markDirty(['queues', 'agents'])
        },
        directory: async () => {
          await switchboard?.reload()
        },
      },
    })
    const app = createApp({
      whatsapp,
      config,
      logger,
      prisma,
      database,
      sessions: stores.sessions,
      loginLimiter: stores.loginLimiter,
      passwords: await passwordVerifier(),
      socketsOfEnded: {
        user: (userId) => realtime?.disconnectUser(userId),
        session: (sessionId) => realtime?.disconnectSession(sessionId),
      },
      hashPassword,
      system: () => system,
      modeReason: config.modeReason,
      calendar: services.calendar,
      messaging,
      unitEvents,
      inboxEvents,
      ticketEvents,
      unitAlerts,
      setupChanged: {
        users: () => setup.users(),
        queues: () => setup.queues(),
        directory: () => setup.directory(),
      },
      version: readVersion(),
      getPbxStatus: () => telephony?.getPbxStatus() ?? [],
      getCallRecordStatus: () => telephony?.service?.recorder.status() ?? null,
      telephony: () => telephony?.service ?? null,
      desk: () => desk,
      supervision: () => supervision,
      switchboard: () => switchboard,
      liveBoards: {
        thresholds,
        alertRules: setup.alertRules,
        onKioskRevoked: (id) => realtime?.disconnectKiosk(id),
      },
      getRealtimeStatus: () => realtime?.status() ?? { connectedSockets: 0 },
      recordings,
      reportStatsDefaults: config.metrics,
      metricsPublic: config.metrics.public,
      retention,
      ...(mailIntake === null ? {} : { mailbox: () => mailIntake.status() }),
      publicGuards: createPublicGuards({
        redis,
        ...(overrides.redisKeyPrefix ? { keyPrefix: overrides.redisKeyPrefix } : {}),
      }),
      clientDir: overrides.clientDir === undefined ? path.join(ROOT, 'dist', 'client') : overrides.clientDir,
    })
    const httpServer = createServer(app)
    answerClientErrors(httpServer, logger)
    const hosts = createHostPolicy(config.http)
    if (config.mode === 'production' && !hosts.configured)
      logger.warn(
        { host: config.http.host },
        'PUBLIC_URL / ALLOWED_HOSTS not set: only loopback names and the listening address are answered (421 for any other Host)',
      )
    realtime = createRealtime(httpServer, {
      prisma,
      sessions: stores.sessions,
      logger,
      hosts,
      clientAddress: createClientAddress(config.http.trustProxy),
      handshakeFailures: stores.handshakeFailures,
    })
    const io = realtime
    cleanups.push(() => io.close())
    if (config.redis.url)
      await io.useRedisAdapter(config.redis.url, `${overrides.redisKeyPrefix ?? ''}pano-io`)
    const live = await startLiveServices({
      config,
      prisma,
      logger,
      io,
      telephony: telephony?.service ?? null,
      services,
      messaging,
      thresholds,
      alertRules,
      written,
      unitEvents,
      inboxEvents,
      ticketEvents,
      bus,
      switchboardOptions: overrides.switchboard,
      onClose,
    })
    ;({ desk, supervision, switchboard } = live)
    cleanups.push(() => closeHttpServer(httpServer, io))
    if (redis !== null) {
      const connection = redis
      // Redis away when the node stops, or gone while it stops: its clients are dropped then, so the
      // steps that would send to it (leases, subscriptions) fail at once instead of each waiting for a
      // Redis that may not return.
      cleanups.push(async () => {
        const drop = () => {
          logger.warn('Redis is unreachable: stopping without it')
          return Promise.allSettled([closeRedisClient(connection), bus?.close()])
        }
        if (!connection.isReady) await drop()
        else connection.once('reconnecting', () => void drop())
      })
    }

    const port = await listen(httpServer, config.http.port, config.http.host)
    mailIntake?.start()
    const url = listeningUrl(config.http.host, port)
    logger.info(
      {
        url,
        database: database.kind,
        mode: config.mode,
        modeReason: config.modeReason,
        redis: redis !== null,
      },
      'Pano is listening',
    )
    print(
      startupMessage({
        config,
        url,
        databaseKind: database.kind,
        telephony: telephony?.service ?? null,
        redis: redis !== null,
        warnings: system.warnings,
        firstAdmin,
      }),
    )

    let closing: Promise<void> | null = null
    return {
      url,
      port,
      app,
      httpServer,
      realtime: io,
      telephony: telephony?.service ?? null,
      switchboard,
      prisma,
      logger,
      config,
      messaging,
      whatsapp,
      queueAlerts: live.queueAlerts,
      close: () => (closing ??= runCleanups()),
    }
  } catch (error) {
    await runCleanups()
    throw error
  }
}

const entry = process.argv[1]
if (entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url)) {
  // `npm start`: read the environment, start, and shut down cleanly on SIGTERM/SIGINT.
  runAsProcess(startPano).catch((error: unknown) => {
    process.stderr.write(
      `Pano could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  })
}
