/**
 * The one composition root (docs/design.md §2, docs/style-guide.md §3.1): config → logger → database (+ demo seed) →
 * telephony → app → HTTP server → socket.io → listen, and the reverse on shutdown. `startPano()` is what
 * integration and browser tests call (port 0); `npm start` runs `main()` below.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Express } from 'express'
import { createApp, whatsappChannelFor } from './app.ts'
import type { WhatsappChannel } from './services/whatsapp/whatsapp-channel.ts'
import { createWrittenWaitingSource, withWrittenWaiting } from './services/intake/written-waiting.ts'
import { createAuthStores } from './auth/auth-stores.ts'
import type { PasswordVerifier } from './auth/login.ts'
import { connectRedis, type RedisConnection } from './auth/redis-connection.ts'
import { createRandomToken } from './auth/tokens.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import {
  hashPassword,
  needsRehash,
  openDatabase,
  seedDatabase,
  verifyPassword,
  type Database,
} from './db/index.ts'
import type { PrismaClient } from './db/generated/client.ts'
import type { PbxStatus } from './http/routes/health.ts'
import { createLogger, prettyDestinationForTty, type Logger } from './logger.ts'
import { formatDemoUsers } from './auth/demo-users.ts'
import { createRealtime, type Realtime } from './realtime/io.ts'
import { attachDeskSockets, deskSinkOn } from './realtime/handlers/agent-desk.ts'
import { attachSwitchboardSockets, switchboardSinkOn } from './realtime/handlers/switchboard.ts'
import {
  createSwitchboardService,
  type SwitchboardOptions,
  type SwitchboardService,
} from './services/switchboard/switchboard-service.ts'
import { deskTelephonyFrom } from './services/agent-desk/desk-telephony.ts'
import { createClusterBus, type ClusterBus } from './services/cluster/cluster-bus.ts'
import { createPopReplica } from './services/cluster/pop-replica.ts'
import { createClusterNotice } from './services/cluster/notices.ts'
import { createAgentDesk, type AgentDesk } from './services/agent-desk/desk-service.ts'
import { createSpyService, spyTelephonyFrom, type SpyService } from './services/supervision/spy-service.ts'
import { createServiceDeps } from './services/tickets/service-deps.ts'
import { createQueueThresholds } from './services/thresholds/queue-thresholds.ts'
import { createAlertRules } from './services/queue-alerts/alert-rules.ts'
import type { QueueAlertMonitor } from './services/queue-alerts/alert-monitor.ts'
import { startQueueAlerts } from './services/queue-alerts/start-queue-alerts.ts'
import { createTelephonyService, type TelephonyService } from './services/telephony/telephony-service.ts'
import type { SystemInfo } from './contract/auth.ts'
import type { CalendarSource } from './services/tickets/calendar-source.ts'
import { ensureFirstAdmin, type FirstAdminOutcome } from './services/users/first-admin.ts'
import { formatStartupMessage } from './startup-message.ts'
import { createHostPolicy } from './http/host-policy.ts'
import { hasDemoRows } from './services/setup/demo-cleanup.ts'
import { createMessaging, type Messaging } from './services/messaging/messaging-service.ts'
import { createRetentionScheduler } from './services/kvkk/retention-scheduler.ts'
import { createRecordingStore } from './services/recordings/recording-store.ts'
import { createPublicGuards } from './services/intake/public-guards.ts'
import { createMailIntake } from './services/intake/mail/mail-intake.ts'
import { createUnitNotifier } from './services/units/unit-notifier.ts'
import { createUnitAlertsScheduler } from './services/units/unit-alerts-scheduler.ts'
import { attachUnitSockets, unitSinkOn } from './realtime/handlers/unit-tickets.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SESSION_PURGE_INTERVAL_MS = 60 * 60_000

/** What the telephony bridge (and, in demo mode, the PBX simulator) gives back to the composition root. */
export interface TelephonyHandle {
  getPbxStatus(): PbxStatus[]
  close(): Promise<void>
  /** The live telephony service (routes, realtime); absent for handles that only report status. */
  service?: TelephonyService
}

export interface TelephonyContext {
  config: Config
  logger: Logger
  prisma: PrismaClient
  calendar?: CalendarSource
  /** Several nodes (REDIS_URL set): the PBX leases and feeds go over this (docs/cluster.md). */
  cluster?: { bus: ClusterBus; leaseTtlMs?: number }
}

/**
 * Live telephony: the built-in simulator when `config.simulator.enabled` (demo), a bridge for every
 * `config.ami.pbxs` entry; null when neither is configured.
 */
export async function startTelephonyBridge(context: TelephonyContext): Promise<TelephonyHandle | null> {
  const { config } = context
  if (config.ami.pbxs.length === 0 && !config.simulator.enabled) return null
  const service = await createTelephonyService({
    config,
    prisma: context.prisma,
    logger: context.logger,
    ...(context.calendar ? { calendar: context.calendar } : {}),
    ...(context.cluster ? { cluster: context.cluster } : {}),
  })
  return { getPbxStatus: () => service.getPbxStatus(), close: () => service.close(), service }
}

export interface StartOverrides {
  logger?: Logger
  /** An already open database (tests); Pano does not close what it did not open. */
  database?: Pick<Database, 'prisma' | 'kind' | 'ping'>
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

/** What the header of every screen and /health say about how this Pano runs. */
function systemInfo(
  config: Config,
  databaseKind: 'postgres' | 'pglite',
  telephony: TelephonyService | null,
): SystemInfo {
  const simulator = telephony !== null && [...telephony.pbxs.values()].some((p) => p.simulated)
  const warnings: string[] = []
  if (config.mode === 'production' && databaseKind === 'pglite')
    warnings.push(
      'Üretim kipinde gömülü veritabanı (PGlite) kullanılıyor: bu kurulum üretim için uygun değil. DATABASE_URL ile PostgreSQL ayarlayın.',
    )
  if (config.mode === 'production' && simulator)
    warnings.push('Santral simülatörü açık (SIMULATOR=on): ekranlardaki çağrılar gerçek değil.')
  return { mode: config.mode, simulator, warnings }
}

function firstAdminMessage(outcome: FirstAdminOutcome): string | null {
  switch (outcome.kind) {
    case 'exists':
      return null
    case 'created':
      return `İlk yönetici "${outcome.username}" oluşturuldu (PANO_ADMIN_USERNAME). Bu kullanıcıyla oturum açın.`
    case 'refused':
      return `İlk yönetici oluşturulmadı:\n${outcome.problems.map((p) => `    - ${p}`).join('\n')}`
    case 'missing':
      return [
        'Henüz etkin bir yönetici yok. İlk yöneticiyi oluşturmak için birini yapın:',
        '    - PANO_ADMIN_USERNAME ve PANO_ADMIN_PASSWORD (ya da PANO_ADMIN_PASSWORD_FILE) ayarlayıp yeniden başlatın,',
        '    - ya da: npm run user:create -- --username <ad> --role admin   (parola standart girdiden okunur)',
      ].join('\n')
  }
}

/** A PostgreSQL URL without its password, for the start-up message. */
function describeDatabaseUrl(url: string | null): string {
  if (url === null) return ''
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`
  } catch {
    return 'DATABASE_URL'
  }
}

function describePbx(config: Config, pbxId: string): string {
  const p = config.ami.pbxs.find((x) => x.id === pbxId)
  return p === undefined ? pbxId : `${p.host}:${p.port} (${p.username})`
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

async function passwordVerifier(): Promise<PasswordVerifier> {
  return {
    verify: (password, storedHash) => verifyPassword(password, storedHash),
    dummyHash: await hashPassword(createRandomToken()),
    needsRehash: (storedHash) => needsRehash(storedHash),
  }
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeHttpServer(server: HttpServer, realtime: Pick<Realtime, 'disconnectLocal'>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    // WebSocket connections left the HTTP server's hands at the upgrade, so neither call above ends
    // them and close() would wait for them forever: socket.io lets them go.
    realtime.disconnectLocal()
    // Requests still running get a moment, then their connections are cut.
    setTimeout(() => server.closeAllConnections(), 2_000).unref()
  })
}

/** Starts the whole application. On failure everything opened so far is closed again. */
export async function startPano(config: Config, overrides: StartOverrides = {}): Promise<RunningPano> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level })
  const cleanups: (() => Promise<void>)[] = []
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (err) {
        logger.error({ err }, 'error during shutdown')
      }
    }
  }

  try {
    let database = overrides.database
    if (!database) {
      const opened = await openDatabase({
        databaseUrl: config.database.url,
        dataDir: config.database.dataDir,
        logger: logger.child({ module: 'db' }),
        migrate: true,
      })
      cleanups.push(() => opened.close())
      database = opened
    }
    const { prisma } = database

    const print = overrides.print ?? ((t: string) => process.stdout.write(t))
    // Reference data (units, desks, reasons, codes, holidays, settings) in every mode; the demo's users,
    // citizens, tickets and PBX plan only in demo mode, never in a production database.
    const seedDemo = overrides.seedDemo ?? config.demoMode
    const seeded = await seedDatabase(prisma, { demo: seedDemo })
    if (seeded.createdDemoUsers) {
      const users = await prisma.user.findMany({
        orderBy: { id: 'asc' },
        select: { username: true, displayName: true, role: true, unit: { select: { name: true } } },
      })
      print(formatDemoUsers(users))
    }
    const firstAdmin = await ensureFirstAdmin(prisma, config.firstAdmin, hashPassword)
    if (firstAdmin.kind === 'refused')
      logger.error({ problems: firstAdmin.problems }, 'the first admin from PANO_ADMIN_* was not created')

    let redis: RedisConnection | null = null
    if (config.redis.url) {
      const connected = await connectRedis(config.redis.url, logger.child({ module: 'redis' }))
      redis = connected
      cleanups.push(() => connected.close())
    }
    let bus: ClusterBus | null = null
    if (redis !== null) {
      const opened = await createClusterBus({
        redis,
        keyPrefix: overrides.redisKeyPrefix ?? 'pano:',
        logger,
      })
      bus = opened
      cleanups.push(() => opened.close())
    }
    const stores = createAuthStores({
      config,
      prisma,
      redis,
      ...(overrides.redisKeyPrefix ? { keyPrefix: overrides.redisKeyPrefix } : {}),
    })
    let realtime: Realtime | null = null
    const purgeTimer = setInterval(() => {
      stores.purgeExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'session purge failed'))
      // Each socket watches its own session's end (realtime/session-watch.ts); this is the safety net.
      realtime?.sweepSessions().catch((err: unknown) => logger.warn({ err }, 'socket session sweep failed'))
    }, SESSION_PURGE_INTERVAL_MS).unref()
    cleanups.push(() => Promise.resolve(clearInterval(purgeTimer)))

    // Written messages to citizens (ADR 010): pg-boss on PostgreSQL, the poller on the embedded database.
    const messaging = createMessaging({
      config: config.messaging,
      prisma,
      logger,
      databaseUrl: database.kind === 'postgres' ? config.database.url : null,
      ...(overrides.messaging?.work === undefined ? {} : { work: overrides.messaging.work }),
      ...(overrides.messaging?.pollIntervalMs ? { pollIntervalMs: overrides.messaging.pollIntervalMs } : {}),
    })
    await messaging.start()
    cleanups.push(() => messaging.close())
    // One calendar (holidays, office hours) for the legal clocks, the worklists and the call recorder.
    // Unit staff hear of new tickets in room unit:<id> (docs/messaging.md §8); the sink comes with socket.io.
    const unitEvents = createUnitNotifier({ prisma, logger })
    const services = createServiceDeps({ prisma, logger, messaging, unitEvents })
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
    cleanups.push(() => Promise.resolve(unitAlerts.stop()))
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

    // KVKK retention: checked hourly on every node, run once a day by one of them (advisory lock).
    // Call recordings (docs/recordings.md): the folder Pano reads them from and retention deletes in.
    const recordings = config.recordings.dir === null ? null : createRecordingStore(config.recordings.dir)
    const retention = createRetentionScheduler({ prisma, logger, now: () => new Date(), recordings })
    retention.start()
    cleanups.push(() => Promise.resolve(retention.stop()))

    // The mailbox reader (docs/intake.md §7): only when IMAP_URL is set; Yönetim says so otherwise.
    const imap = config.intake.imap
    const mailIntake =
      imap.url === null ? null : createMailIntake({ prisma, logger, imap: { ...imap, url: imap.url } })
    if (mailIntake !== null) cleanups.push(() => mailIntake.stop())

    // WhatsApp conversations (docs/intake.md §9): files not fetched yet are retried every minute.
    const whatsapp = whatsappChannelFor({ prisma, logger, messaging, system: () => system })
    whatsapp.start()
    cleanups.push(() => whatsapp.stop())
    // Written requests waiting, for the wallboard (docs/intake.md §10).
    const written = createWrittenWaitingSource({ prisma, logger })
    await written.start()
    cleanups.push(() => Promise.resolve(written.stop()))
    whatsapp.onChange = () => written.nudge()

    let desk: AgentDesk | null = null
    let supervision: SpyService | null = null
    let switchboard: SwitchboardService | null = null
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
      unitAlerts,
      setupChanged: {
        users: () => {
          const refreshes = [
            telephony?.service?.refreshUsers() ?? Promise.resolve(),
            desk?.pops?.refreshUsers() ?? Promise.resolve(),
            switchboard?.reload() ?? Promise.resolve(),
          ]
          Promise.all(refreshes).catch((err: unknown) => logger.warn({ err }, 'user map refresh failed'))
        },
        queues: async () => {
          await Promise.all([
            telephony?.service?.reloadQueueSettings() ?? Promise.resolve(),
            thresholds.load(),
            alertRules.load(),
            desk?.pops?.refreshUsers() ?? Promise.resolve(),
            switchboard?.reload() ?? Promise.resolve(),
          ])
          realtime?.markDirty(['queues', 'agents'])
        },
      },
      version: readVersion(),
      getPbxStatus: () => telephony?.getPbxStatus() ?? [],
      getCallRecordStatus: () => telephony?.service?.recorder.status() ?? null,
      telephony: () => telephony?.service ?? null,
      desk: () => desk,
      supervision: () => supervision,
      switchboard: () => switchboard,
      liveBoards: { thresholds, alertRules, onKioskRevoked: (id) => realtime?.disconnectKiosk(id) },
      getRealtimeStatus: () => ({ connectedSockets: realtime?.connectedSockets() ?? 0 }),
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
    const hosts = createHostPolicy(config.http)
    if (config.mode === 'production' && !hosts.configured)
      logger.warn(
        { host: config.http.host },
        'PUBLIC_URL / ALLOWED_HOSTS not set: only loopback names and the listening address are answered (421 for any other Host)',
      )
    realtime = createRealtime(httpServer, { prisma, sessions: stores.sessions, logger, hosts })
    const io = realtime
    cleanups.push(() => io.close())
    if (config.redis.url)
      await io.useRedisAdapter(config.redis.url, `${overrides.redisKeyPrefix ?? ''}pano-io`)
    if (telephony?.service) {
      // Pause reasons are seeded reference data (no screen edits them): read once for the TVs' labels.
      const reasonLabels = new Map(
        (await prisma.pauseReason.findMany({ select: { code: true, label: true } })).map((r) => [
          r.code,
          r.label,
        ]),
      )
      io.attachLiveSource(withWrittenWaiting(telephony.service, written), {
        intervalMs: config.realtime.broadcastIntervalMs,
        thresholds: (pbxId, queue) => thresholds.lookup(pbxId, queue),
        pauseReasonLabel: (code) => reasonLabels.get(code) ?? code,
      })
      thresholds.onChange(() => io.markDirty(['queues']))
    }
    // Queue alerts (docs/alerts.md): the holder of each PBX tells the müdür when a tile turns red.
    const queueAlerts = startQueueAlerts({
      io: io.io,
      prisma,
      logger,
      messaging,
      publicUrl: config.http.publicUrl,
      calendar: services.calendar,
      rules: alertRules,
      thresholds: (pbxId, queue) => thresholds.lookup(pbxId, queue),
      source: telephony?.service ?? null,
    })
    if (queueAlerts !== null) cleanups.push(() => queueAlerts.stop())
    const popReplica = bus === null ? null : await createPopReplica(bus, logger)
    if (popReplica !== null) cleanups.push(() => popReplica.close())
    // Çağrı Masası: screen pop to agent:<userId>, pause, wrap-up, click-to-call.
    const agentDesk = await createAgentDesk({
      services,
      prisma,
      logger,
      telephony: telephony?.service ? deskTelephonyFrom(telephony.service) : null,
      sink: deskSinkOn(io.io),
      ...(popReplica === null ? {} : { popReplica }),
    })
    desk = agentDesk
    cleanups.push(() => Promise.resolve(agentDesk.stop()))
    attachDeskSockets(io.io, () => agentDesk.pops)
    // The müdür's listen / whisper / barge (ADR 018): ChanSpy through the PBX, announced on the desk.
    const spyTelephony = telephony?.service ? spyTelephonyFrom(telephony.service) : null
    const spy = createSpyService({
      prisma,
      clock: services.clock,
      logger,
      telephony: () => spyTelephony,
      sink: deskSinkOn(io.io),
    })
    supervision = spy
    cleanups.push(() => Promise.resolve(spy.close()))
    // Santral: live calls, directory lights and transfer follow-up in room `switchboard`.
    const transferNotice =
      bus === null ? null : await createClusterNotice(bus, 'switchboard-transfers', logger)
    if (transferNotice !== null) cleanups.push(() => transferNotice.close())
    if (telephony?.service) {
      const sb = await createSwitchboardService({
        prisma,
        telephony: telephony.service,
        logger,
        ...overrides.switchboard,
        ...(transferNotice === null ? {} : { peers: transferNotice }),
      })
      sb.attachSink(switchboardSinkOn(io.io))
      cleanups.push(() => Promise.resolve(sb.close()))
      switchboard = sb
    }
    attachSwitchboardSockets(io.io, () => switchboard)
    unitEvents.attachSink(unitSinkOn(io.io))
    attachUnitSockets(io.io, { prisma, logger, now: () => new Date() })
    cleanups.push(() => closeHttpServer(httpServer, io))

    const port = await listen(httpServer, config.http.port, config.http.host)
    mailIntake?.start()
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`
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
      formatStartupMessage({
        version: readVersion(),
        url,
        mode: config.mode,
        modeReason: config.modeReason,
        database: {
          kind: database.kind,
          where:
            database.kind === 'pglite'
              ? path.resolve(config.database.dataDir, 'pglite')
              : describeDatabaseUrl(config.database.url),
        },
        pbxs: (telephony?.service ? [...telephony.service.pbxs.values()] : []).map((p) => ({
          id: p.bridge.pbxId,
          simulated: p.simulated,
          target: describePbx(config, p.bridge.pbxId),
        })),
        redis: redis !== null,
        warnings: system.warnings,
        firstAdmin: firstAdminMessage(firstAdmin),
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
      queueAlerts,
      close: () => (closing ??= runCleanups()),
    }
  } catch (error) {
    await runCleanups()
    throw error
  }
}

/** `npm start`: read the environment, start, and shut down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md.\n`)
      process.exit(1)
    }
    throw error
  }
  const destination = await prettyDestinationForTty(process.stdout)
  const logger = createLogger({ level: config.log.level, ...(destination ? { destination } : {}) })

  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection')
    process.exit(1)
  })
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception')
    process.exit(1)
  })

  const pano = await startPano(config, { logger })
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutting down')
    pano.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

const entry = process.argv[1]
if (entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Pano could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  })
}
