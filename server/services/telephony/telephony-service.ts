/**
 * Live telephony for the server: one bridge per PBX (the configured AMI_* PBXs, or in demo mode the
 * built-in simulator on a loopback port), call records written through the call recorder, today's
 * statistics rebuilt from the stored rows before the bridges connect, and the views, change notices
 * and actions the HTTP routes and the realtime layer use.
 *
 *   const telephony = await createTelephonyService({ config, prisma, logger })
 *   telephony.snapshot({ redacted: true })    // every PBX: queues, agents, calls, extensions, status
 *   telephony.subscribe((change) => …)        // { pbxId, kinds, receivedAt }
 *   await telephony.pauseMember({ interface, paused: true, reason: 'Mola' })
 *   telephony.getPbxStatus()                  // for /api/v1/health
 *   await telephony.close()
 */
import type { Config } from '../../config.ts'
import type {
  AgentView,
  CallView,
  ExtensionView,
  PbxStatusView,
  QueueView,
  TelephonySnapshotView,
} from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { PbxStatus } from '../../http/routes/health.ts'
import type { Logger } from '../../logger.ts'
import {
  createTelephonyBridge,
  dayStartOf,
  DEMO_PBX_ID,
  DEMO_QUEUES,
  type PbxSimulator,
  type PbxSimulatorOptions,
  type TelephonyBridge,
  type TelephonyChange,
} from '../../../telephony/index.ts'
import { historyStart, loadRecentRecords } from '../calls/call-history.ts'
import { createCallRecorder, type CallRecorder } from '../calls/call-recorder.ts'
import { DEMO_AMI_USER, startDemoSimulator } from './demo-simulator.ts'
import { agentViews, callViews, extensionViews, pbxStatusView, queueViews } from './live-views.ts'
import { loadQueueSettings, statsConfigFor, type QueueSettings } from './queue-settings.ts'
import { createTelephonyControls, type TelephonyControls } from './telephony-actions.ts'

export interface TelephonyServiceOptions {
  config: Pick<Config, 'ami' | 'simulator' | 'metrics'>
  prisma: PrismaClient
  logger: Logger
  /** Wall clock for real PBXs (the simulator brings its own). Default Date.now. */
  clock?: { now(): number }
  /** Tests: a simulator to connect to (not closed by the service), or options for the one it starts. */
  simulator?: PbxSimulator | Partial<PbxSimulatorOptions>
  bridge?: { reconcileIntervalMs?: number; tickIntervalMs?: number; reconnectInitialMs?: number }
}

export interface PbxEntry {
  readonly bridge: TelephonyBridge
  readonly clock: { now(): number }
  readonly simulated: boolean
}

export interface TelephonyService extends TelephonyControls {
  readonly pbxs: ReadonlyMap<string, PbxEntry>
  /** The built-in simulator in demo mode, else null. */
  readonly simulator: PbxSimulator | null
  readonly recorder: CallRecorder
  getPbxStatus(): PbxStatus[]
  pbxStatus(): PbxStatusView[]
  queues(): QueueView[]
  agents(): AgentView[]
  /** `redacted`: no caller number or name keys at all (wallboards, kiosks). */
  calls(options?: { redacted?: boolean }): CallView[]
  extensions(): ExtensionView[]
  snapshot(options?: { redacted?: boolean }): TelephonySnapshotView
  subscribe(listener: (change: TelephonyChange) => void): () => void
  /** Reloads the member-interface → user map (after admin edits users). */
  refreshUsers(): Promise<void>
  close(): Promise<void>
}

function isSimulator(s: TelephonyServiceOptions['simulator']): s is PbxSimulator {
  return s !== undefined && typeof (s as Partial<PbxSimulator>).groundTruth === 'function'
}

/** /health's vocabulary: only a live connection is 'connected'. */
export function healthStateOf(v: PbxStatusView): PbxStatus['state'] {
  switch (v.state) {
    case 'live':
      return 'connected'
    case 'connected':
    case 'resyncing':
      return 'resyncing'
    case 'connecting':
      return 'connecting'
    case 'down':
      return v.reason === 'auth-failed' ? 'auth_failed' : v.reason === 'stopped' ? 'stopped' : 'disconnected'
  }
}

export async function createTelephonyService(options: TelephonyServiceOptions): Promise<TelephonyService> {
  const { config, prisma, logger } = options
  const log = logger.child({ module: 'telephony' })
  const wallClock = options.clock ?? { now: () => Date.now() }
  const settings: QueueSettings[] = await loadQueueSettings(prisma, log)
  const defaults = {
    serviceLevelSec: config.metrics.serviceLevelSec,
    shortAbandonSec: config.metrics.shortAbandonSec,
  }
  const recorder = createCallRecorder({
    prisma,
    logger: log,
    shortAbandonSecOf: (pbxId, queue) =>
      settings.find((s) => s.pbxId === pbxId && s.name === queue)?.shortAbandonSec ??
      defaults.shortAbandonSec,
  })
  let userIdByInterface = new Map<string, number>()
  const refreshUsers = async () => {
    const users = await prisma.user.findMany({
      where: { memberInterface: { not: null }, active: true },
      select: { id: true, memberInterface: true },
    })
    userIdByInterface = new Map(users.map((u) => [u.memberInterface as string, u.id]))
  }
  await refreshUsers()

  let ownSimulator: PbxSimulator | null = null
  let simulator: PbxSimulator | null = null
  const targets: Array<{
    id: string
    clock: { now(): number }
    simulated: boolean
    ami: Parameters<typeof createTelephonyBridge>[0]['ami']
  }> = []
  const reconnect = {
    ...(options.bridge?.reconnectInitialMs === undefined
      ? {}
      : { initialMs: options.bridge.reconnectInitialMs }),
    maxMs: config.ami.reconnectMaxMs,
  }
  for (const p of config.ami.pbxs) {
    targets.push({
      id: p.id,
      clock: wallClock,
      simulated: false,
      ami: {
        host: p.host,
        port: p.port,
        username: p.username,
        secret: p.secret,
        tls: p.tls,
        auth: p.auth,
        actionTimeoutMs: config.ami.actionTimeoutMs,
        pingIntervalMs: config.ami.pingIntervalMs,
        reconnect,
      },
    })
  }
  if (config.simulator.enabled || isSimulator(options.simulator)) {
    if (isSimulator(options.simulator)) simulator = options.simulator
    else simulator = ownSimulator = await startDemoSimulator(config.simulator, options.simulator ?? {})
    const sim = simulator
    const id = config.ami.pbxs.some((p) => p.id === DEMO_PBX_ID) ? 'simulator' : DEMO_PBX_ID
    const credentials = isSimulator(options.simulator)
      ? { username: 'dashboard', secret: 'dashboard-secret' }
      : {
          username: options.simulator?.username ?? DEMO_AMI_USER.username,
          secret: options.simulator?.secret ?? DEMO_AMI_USER.secret,
        }
    targets.push({
      id,
      clock: { now: () => sim.now() },
      simulated: true,
      ami: { host: sim.host, port: sim.port, ...credentials, auth: 'plain', reconnect },
    })
    log.info({ pbxId: id, port: sim.port }, 'built-in PBX simulator listening')
  }

  const pbxs = new Map<string, PbxEntry>()
  const listeners = new Set<(c: TelephonyChange) => void>()
  for (const t of targets) {
    const wrapUpSec = Object.fromEntries(
      settings.filter((s) => s.pbxId === t.id).map((s) => [s.name, s.wrapUpSec] as const),
    )
    if (t.simulated) for (const q of DEMO_QUEUES) wrapUpSec[q.name] ??= q.wrapUpSec
    const bridge = createTelephonyBridge({
      pbxId: t.id,
      ...(t.ami === undefined ? {} : { ami: t.ami }),
      logger: log,
      clock: t.clock,
      statsConfig: statsConfigFor(t.id, settings, defaults),
      stateConfig: { wrapUpSec },
      ...(options.bridge?.reconcileIntervalMs === undefined
        ? {}
        : { reconcileIntervalMs: options.bridge.reconcileIntervalMs }),
      ...(options.bridge?.tickIntervalMs === undefined
        ? {}
        : { tickIntervalMs: options.bridge.tickIntervalMs }),
    })
    // Restart: today's numbers come back from the stored rows before anything new is counted.
    const now = t.clock.now()
    const history = await loadRecentRecords(
      prisma,
      t.id,
      historyStart(now, dayStartOf(now, bridge.statsConfig)),
    )
    bridge.loadHistory(history.finishedCalls, history.pauses)
    log.info(
      { pbxId: t.id, calls: history.finishedCalls.length, pauses: history.pauses.length },
      'statistics rebuilt',
    )
    bridge.onRecords((r) => void recorder.record(r))
    bridge.onChange((c) => {
      for (const l of listeners) {
        try {
          l(c)
        } catch (e) {
          log.error({ err: e }, 'telephony subscriber threw')
        }
      }
    })
    pbxs.set(t.id, { bridge, clock: t.clock, simulated: t.simulated })
  }
  for (const { bridge } of pbxs.values()) bridge.start()

  const entries = () => [...pbxs.values()]
  const pbxStatus = () =>
    entries().map((e) => pbxStatusView(e.bridge.pbxId, e.bridge.getStatus(), e.simulated))
  const service: TelephonyService = {
    pbxs,
    simulator,
    recorder,
    ...createTelephonyControls(pbxs),
    pbxStatus,
    getPbxStatus: () =>
      pbxStatus().map((v) => ({
        id: v.id,
        state: healthStateOf(v),
        reason: v.state === 'live' ? null : v.reason,
        lastEventAgeMs: v.lastEventAgeMs,
        reconnects: v.reconnects,
        decodeErrors: v.decodeErrors,
        simulated: v.simulated,
      })),
    queues: () =>
      entries().flatMap((e) => {
        const now = e.clock.now()
        return queueViews(e.bridge, e.bridge.stats(now), settings, e.bridge.getStatus().stale)
      }),
    agents: () =>
      entries().flatMap((e) => {
        const now = e.clock.now()
        return agentViews(e.bridge, e.bridge.stats(now), userIdByInterface, now)
      }),
    calls: (o = {}) => entries().flatMap((e) => callViews(e.bridge, e.clock.now(), o.redacted === true)),
    extensions: () => entries().flatMap((e) => extensionViews(e.bridge)),
    snapshot(o = {}) {
      // One statistics pass per PBX for both the queue and the agent views.
      const queues: QueueView[] = []
      const agents: AgentView[] = []
      for (const e of entries()) {
        const now = e.clock.now()
        const report = e.bridge.stats(now)
        queues.push(...queueViews(e.bridge, report, settings, e.bridge.getStatus().stale))
        agents.push(...agentViews(e.bridge, report, userIdByInterface, now))
      }
      return {
        at: wallClock.now(),
        pbxs: pbxStatus(),
        queues,
        agents,
        calls: service.calls(o),
        extensions: service.extensions(),
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refreshUsers,
    async close() {
      listeners.clear()
      await Promise.all(entries().map((e) => e.bridge.stop()))
      await recorder.whenIdle()
      await ownSimulator?.close()
    },
  }
  return service
}
