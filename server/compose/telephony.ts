/** Live telephony for the composition root: the simulator in demo mode, a bridge per configured PBX. */
import type { Config } from '../config.ts'
import type { PbxStatus } from '../contract/health.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import type { Logger } from '../logger.ts'
import type { ClusterBus } from '../services/cluster/cluster-bus.ts'
import { createTelephonyService, type TelephonyService } from '../services/telephony/telephony-service.ts'
import type { CalendarSource } from '../services/tickets/calendar-source.ts'

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
