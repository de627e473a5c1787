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
import type { AgentView, PbxStatusView, QueueView } from '../../contract/views.ts'
import type { PbxStatus } from '../../contract/health.ts'
import {
  createTelephonyBridge,
  dayStartOf,
  DEMO_PBX_ID,
  DEMO_QUEUES,
  selectExtensions,
  selectQueues,
  type PbxSimulator,
  type QueueStatsConfig,
  type TelephonyChange,
} from '../../../telephony/index.ts'
import { historyStart, loadRecentRecords } from '../calls/call-history.ts'
import { activeInterfaceOwners } from '../users/member-interfaces.ts'
import { createHolidayTableCalendar } from '../tickets/calendar-source.ts'
import { createCallRecorder } from '../calls/call-recorder.ts'
import { createRecordingNamer } from '../recordings/recording-names.ts'
import { DEMO_AMI_USER, startDemoSimulator } from './demo-simulator.ts'
import { agentViews, callViews, extensionViews, pbxStatusView, queueViews } from './live-views.ts'
import { loadQueueSettings, statsConfigFor, type QueueSettings } from './queue-settings.ts'
import { createTelephonyControls } from './telephony-actions.ts'
import type { PbxEntry, TelephonyService, TelephonyServiceOptions } from './telephony-service-types.ts'
import { clusterStatusOf, leasedBridgeClient, type ClusterPbx } from '../cluster/clustered-pbx.ts'
import { fenceCheck } from '../cluster/fenced-writes.ts'

export type {
  PbxDiscovery,
  PbxEntry,
  TelephonyService,
  TelephonyServiceOptions,
} from './telephony-service-types.ts'

function isSimulator(s: TelephonyServiceOptions['simulator']): s is PbxSimulator {
  return s !== undefined && typeof (s as Partial<PbxSimulator>).groundTruth === 'function'
}

/** /health's vocabulary (telephony/bridge/connection-health.ts): only a live connection is 'connected'. */
export function healthStateOf(v: PbxStatusView): PbxStatus['state'] {
  return v.health
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
  const clustered = new Map<string, ClusterPbx>()
  const recorder = createCallRecorder({
    prisma,
    fence:
      options.cluster === undefined
        ? undefined
        : fenceCheck((id) => clustered.get(id)?.client.fence() ?? null),
    logger: log,
    calendar:
      options.calendar ?? createHolidayTableCalendar(prisma, { now: () => new Date(wallClock.now()) }),
    shortAbandonSecOf: (pbxId, queue) =>
      settings.find((s) => s.pbxId === pbxId && s.name === queue)?.shortAbandonSec ??
      defaults.shortAbandonSec,
    ...(config.recordings === undefined
      ? {}
      : { recordingNameOf: createRecordingNamer(config.recordings, log) }),
  })
  let userIdByInterface = new Map<string, number>()
  const refreshUsers = async () => {
    userIdByInterface = await activeInterfaceOwners(prisma)
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
    else {
      // The built-in PBX records into Pano's folder as MixMonitor would (docs/recordings.md §5).
      const dir = config.recordings?.dir ?? null
      simulator = ownSimulator = await startDemoSimulator(config.simulator, {
        ...(dir === null ? {} : { recordingsDir: dir }),
        ...(options.simulator ?? {}),
      })
    }
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
      ami: {
        host: sim.host,
        port: sim.port,
        ...credentials,
        auth: 'plain',
        actionTimeoutMs: config.ami.actionTimeoutMs,
        reconnect,
      },
    })
    log.info({ pbxId: id, port: sim.port }, 'built-in PBX simulator listening')
  }

  const pbxs = new Map<string, PbxEntry>()
  const listeners = new Set<(c: TelephonyChange) => void>()
  /**
   * Per PBX, the very records the bridge's state and statistics read their per-queue values from, so
   * an admin's change applies to the running bridge without a restart (from the next call on).
   */
  const emit = (c: TelephonyChange) => {
    for (const l of listeners) {
      try {
        l(c)
      } catch (e) {
        log.error({ err: e }, 'telephony subscriber threw')
      }
    }
  }
  const liveQueueConfig = new Map<
    string,
    { wrapUpSec: Record<string, number>; stats: Record<string, QueueStatsConfig>; simulated: boolean }
  >()
  const fillQueueConfig = (pbxId: string) => {
    const live = liveQueueConfig.get(pbxId)
    if (live === undefined) return
    const next = statsConfigFor(pbxId, settings, defaults).queues ?? {}
    for (const key of Object.keys(live.stats)) delete live.stats[key]
    for (const key of Object.keys(live.wrapUpSec)) delete live.wrapUpSec[key]
    Object.assign(live.stats, next)
    for (const s of settings) if (s.pbxId === pbxId) live.wrapUpSec[s.name] = s.wrapUpSec
    // The simulator is Pano's own PBX: its plan's wrap-up times are known without an admin.
    if (live.simulated) for (const q of DEMO_QUEUES) live.wrapUpSec[q.name] ??= q.wrapUpSec
    pbxs.get(pbxId)?.bridge.statsChanged()
  }
  for (const t of targets) {
    liveQueueConfig.set(t.id, { wrapUpSec: {}, stats: {}, simulated: t.simulated })
    fillQueueConfig(t.id)
    const live = liveQueueConfig.get(t.id)
    const cluster =
      options.cluster === undefined || t.ami === undefined
        ? undefined
        : leasedBridgeClient({
            ...options.cluster,
            prisma,
            logger: log,
            pbxId: t.id,
            ami: t.ami,
            clock: t.clock,
            recorder,
          })
    if (cluster !== undefined) clustered.set(t.id, cluster)
    const bridge = createTelephonyBridge({
      pbxId: t.id,
      ...(cluster !== undefined ? { client: cluster.client } : t.ami === undefined ? {} : { ami: t.ami }),
      logger: log,
      clock: t.clock,
      statsConfig: { ...statsConfigFor(t.id, settings, defaults), ...(live ? { queues: live.stats } : {}) },
      stateConfig: { wrapUpSec: live?.wrapUpSec ?? {} },
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
    bridge.onRecords((r) => void (cluster === undefined ? recorder.record(r) : cluster.onRecords(r)))
    bridge.onChange(emit)
    pbxs.set(t.id, { bridge, clock: t.clock, simulated: t.simulated, ...(cluster ? { cluster } : {}) })
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
        since: v.healthSince,
        forSec: Math.max(0, Math.round((wallClock.now() - v.healthSince) / 1000)),
        degraded: v.degraded,
        backlog: v.backlog,
        droppedFrames: v.droppedFrames,
        droppedEntries: v.droppedEntries,
        reason: v.state === 'live' ? null : v.reason,
        lastEventAgeMs: v.lastEventAgeMs,
        reconnects: v.reconnects,
        decodeErrors: v.decodeErrors,
        simulated: v.simulated,
        ...(clustered.has(v.id) ? { cluster: clusterStatusOf(clustered.get(v.id) as ClusterPbx) } : {}),
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
    async reloadQueueSettings() {
      const next = await loadQueueSettings(prisma, log)
      settings.splice(0, settings.length, ...next)
      for (const id of liveQueueConfig.keys()) fillQueueConfig(id)
      const at = wallClock.now()
      for (const e of entries()) emit({ pbxId: e.bridge.pbxId, kinds: ['queues', 'agents'], receivedAt: at })
    },
    discovery: () =>
      entries().map((e) => ({
        id: e.bridge.pbxId,
        state: healthStateOf(pbxStatusView(e.bridge.pbxId, e.bridge.getStatus(), e.simulated)),
        simulated: e.simulated,
        queues: selectQueues(e.bridge.state, e.clock.now()).map((q) => ({
          name: q.name,
          members: q.members.map((m) => ({ interface: m.interface, name: m.name })),
        })),
        extensions: selectExtensions(e.bridge.state).map((x) => ({
          exten: x.exten,
          context: x.context,
          hint: x.hint ?? null,
        })),
      })),
    isHolder: (pbxId) => clustered.get(pbxId)?.client.isHolder() ?? true,
    get holdsBoardLease() {
      const first = clustered.values().next().value
      return first === undefined ? null : () => first.client.isHolder()
    },
    reconnect: (pbxId) => pbxs.get(pbxId)?.bridge.reconnect() ?? false,
    async close() {
      listeners.clear()
      await Promise.all(entries().map((e) => e.bridge.stop()))
      await recorder.close()
      await ownSimulator?.close()
    },
  }
  return service
}
