/**
 * What runs on the live connection once socket.io is up: the wallboard's live views, queue alerts, the
 * Çağrı Masası (screen pops), the müdür's listening, the santral console and the units' rooms. Each
 * service's sink is its socket.io room; with several nodes the cluster bus carries what one node must
 * tell the others (docs/cluster.md).
 */
import type { Config } from '../config.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import type { Logger } from '../logger.ts'
import { attachDeskSockets, deskSinkOn } from '../realtime/handlers/agent-desk.ts'
import { attachDirectorateSockets, directorateSinkOn } from '../realtime/handlers/directorate.ts'
import { attachSwitchboardSockets, switchboardSinkOn } from '../realtime/handlers/switchboard.ts'
import { attachUnitSockets, unitSinkOn } from '../realtime/handlers/unit-tickets.ts'
import type { Realtime } from '../realtime/io.ts'
import { createAgentDesk, type AgentDesk } from '../services/agent-desk/desk-service.ts'
import { deskTelephonyFrom } from '../services/agent-desk/desk-telephony.ts'
import type { ClusterBus } from '../services/cluster/cluster-bus.ts'
import { createAlertMirror } from '../services/switchboard/alert-mirror.ts'
import { createTransferHandover } from '../services/switchboard/transfer-handover.ts'
import { createSettleRelay } from '../services/switchboard/settle-relay.ts'
import { createClusterNotice } from '../services/cluster/notices.ts'
import { createPopReplica } from '../services/cluster/pop-replica.ts'
import type { DirectorateNudge } from '../services/directorate-nudge.ts'
import { withWrittenWaiting, type WrittenWaitingSource } from '../services/intake/written-waiting.ts'
import type { Messaging } from '../services/messaging/messaging-service.ts'
import type { AlertRules } from '../services/queue-alerts/alert-rules.ts'
import type { QueueAlertMonitor } from '../services/queue-alerts/alert-monitor.ts'
import { startQueueAlerts } from '../services/queue-alerts/start-queue-alerts.ts'
import { createSpyService, spyTelephonyFrom, type SpyService } from '../services/supervision/spy-service.ts'
import {
  createSwitchboardService,
  type SwitchboardOptions,
  type SwitchboardService,
} from '../services/switchboard/switchboard-service.ts'
import type { TelephonyService } from '../services/telephony/telephony-service.ts'
import type { QueueThresholds } from '../services/thresholds/queue-thresholds.ts'
import type { ServiceDeps } from '../services/tickets/service-deps.ts'
import type { UnitNotifier } from '../services/units/unit-notifier.ts'

export interface LiveServicesContext {
  config: Config
  prisma: PrismaClient
  logger: Logger
  io: Realtime
  telephony: TelephonyService | null
  services: ServiceDeps
  messaging: Messaging
  thresholds: QueueThresholds
  alertRules: AlertRules
  written: WrittenWaitingSource
  unitEvents: UnitNotifier
  inboxEvents: DirectorateNudge
  ticketEvents: DirectorateNudge
  bus: ClusterBus | null
  switchboardOptions?: Pick<SwitchboardOptions, 'alertAfterMs' | 'returnTarget'> | undefined
  /** Registers what to stop on shutdown (in reverse order). */
  onClose(cleanup: () => Promise<void>): void
}

export interface LiveServices {
  desk: AgentDesk
  supervision: SpyService
  switchboard: SwitchboardService | null
  queueAlerts: QueueAlertMonitor | null
}

export async function startLiveServices(ctx: LiveServicesContext): Promise<LiveServices> {
  const { prisma, logger, io, telephony, bus } = ctx
  if (telephony !== null) {
    // Pause reasons are seeded reference data (no screen edits them): read once for the TVs' labels.
    const reasonLabels = new Map(
      (await prisma.pauseReason.findMany({ select: { code: true, label: true } })).map((r) => [
        r.code,
        r.label,
      ]),
    )
    io.attachLiveSource(withWrittenWaiting(telephony, ctx.written), {
      intervalMs: ctx.config.realtime.broadcastIntervalMs,
      thresholds: (pbxId, queue) => ctx.thresholds.lookup(pbxId, queue),
      pauseReasonLabel: (code) => reasonLabels.get(code) ?? code,
    })
    ctx.thresholds.onChange(() => io.markDirty(['queues']))
    // Several nodes over one PBX: its holder computes the boards once for every node (ADR 023).
    const holdsLease = telephony.holdsBoardLease
    if (bus !== null && holdsLease !== null) await io.relayBoards({ bus, holdsLease })
  }
  // Queue alerts (docs/alerts.md): the holder of each PBX tells the müdür when a tile turns red.
  const queueAlerts = startQueueAlerts({
    io: io.io,
    prisma,
    logger,
    messaging: ctx.messaging,
    publicUrl: ctx.config.http.publicUrl,
    calendar: ctx.services.calendar,
    rules: ctx.alertRules,
    thresholds: (pbxId, queue) => ctx.thresholds.lookup(pbxId, queue),
    source: telephony,
  })
  if (queueAlerts !== null) ctx.onClose(() => queueAlerts.stop())

  // Çağrı Masası: screen pop to agent:<userId>, pause, wrap-up, click-to-call.
  const popReplica = bus === null ? null : await createPopReplica(bus, logger)
  if (popReplica !== null) ctx.onClose(() => popReplica.close())
  const desk = await createAgentDesk({
    services: ctx.services,
    prisma,
    logger,
    telephony: telephony ? deskTelephonyFrom(telephony) : null,
    sink: deskSinkOn(io.io),
    ...(popReplica === null ? {} : { popReplica }),
  })
  ctx.onClose(() => Promise.resolve(desk.stop()))
  attachDeskSockets(io.io, () => desk.pops)

  // The müdür's listen / whisper / barge (ADR 018): ChanSpy through the PBX, announced on the desk.
  const spyTelephony = telephony ? spyTelephonyFrom(telephony) : null
  const supervision = createSpyService({
    prisma,
    clock: ctx.services.clock,
    logger,
    telephony: () => spyTelephony,
    sink: deskSinkOn(io.io),
  })
  ctx.onClose(() => Promise.resolve(supervision.close()))

  // Santral: live calls, directory lights and transfer follow-up in room `switchboard`.
  const transferNotice = bus === null ? null : await createClusterNotice(bus, 'switchboard-transfers', logger)
  if (transferNotice !== null) ctx.onClose(() => transferNotice.close())
  let switchboard: SwitchboardService | null = null
  if (telephony !== null) {
    const sb = await createSwitchboardService({
      prisma,
      telephony,
      logger,
      ...ctx.switchboardOptions,
      ...(transferNotice === null ? {} : { peers: transferNotice }),
      ...(bus === null
        ? {}
        : {
            shareAlerts: (book) => createAlertMirror(bus, book, logger),
            handover: createTransferHandover(bus, logger),
            settle: (run) => createSettleRelay(bus, logger, run),
          }),
    })
    sb.attachSink(switchboardSinkOn(io.io))
    ctx.onClose(() => Promise.resolve(sb.close()))
    switchboard = sb
  }
  attachSwitchboardSockets(io.io, () => switchboard)
  ctx.unitEvents.attachSink(unitSinkOn(io.io))
  attachUnitSockets(io.io, { prisma, logger, now: () => new Date() })
  // Talepler: the directorate's sockets in one room, told when the inbox or the tickets changed.
  ctx.inboxEvents.attachSink(directorateSinkOn(io.io))
  ctx.ticketEvents.attachSink(directorateSinkOn(io.io))
  // Shutdown runs the cleanups last-first, so this runs before socket.io and its Redis adapter close: a
  // nudge still waiting on its timer is dropped, and a unit's notice under way is sent, instead of either
  // publishing through a closed Redis client.
  ctx.onClose(async () => {
    ctx.inboxEvents.close()
    ctx.ticketEvents.close()
    await ctx.unitEvents.settled()
  })
  attachDirectorateSockets(io.io)
  return { desk, supervision, switchboard, queueAlerts }
}
