/**
 * What admin configures per queue (Queue rows: label, kind, SL threshold T, short-abandon limit, wrap-up
 * time, tile thresholds), turned into the bridge's statistics config and the
 * labels the views show. Read once at start; bad thresholds JSON is ignored (logged), never fatal.
 */
import type { MetricThreshold, QueueKindView, ThresholdMetric } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ISTANBUL_OFFSET_MINUTES } from '../../domain/calendar/istanbul-time.ts'
import type { Logger } from '../../logger.ts'
import { DEFAULT_THRESHOLDS, storedThresholdsSchema } from '../thresholds/queue-thresholds.ts'
import type { StatsConfig } from '../../../telephony/index.ts'

export interface QueueSettings {
  readonly pbxId: string
  readonly name: string
  readonly label: string
  readonly kind: QueueKindView
  readonly serviceLevelSec: number
  readonly shortAbandonSec: number
  readonly wrapUpSec: number
  /** False: counted, but left off the boards and the live queue list. */
  readonly shown: boolean
  readonly thresholds: Partial<Record<ThresholdMetric, MetricThreshold>>
}

export function parseThresholds(
  raw: unknown,
  onInvalid: (message: string) => void,
): Partial<Record<ThresholdMetric, MetricThreshold>> {
  const parsed = storedThresholdsSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    onInvalid(parsed.error.message)
    return {}
  }
  const out: Partial<Record<ThresholdMetric, MetricThreshold>> = {}
  for (const [metric, t] of Object.entries(parsed.data) as Array<
    [ThresholdMetric, { amber: number; red: number }]
  >)
    out[metric] = { amber: t.amber, red: t.red, higherIsWorse: DEFAULT_THRESHOLDS[metric].higherIsWorse }
  return out
}

export async function loadQueueSettings(prisma: PrismaClient, logger: Logger): Promise<QueueSettings[]> {
  const rows = await prisma.queue.findMany({ orderBy: [{ pbxId: 'asc' }, { name: 'asc' }] })
  return rows.map((q) => ({
    pbxId: q.pbxId,
    name: q.name,
    label: q.label,
    kind: q.kind,
    serviceLevelSec: q.serviceLevelSec,
    shortAbandonSec: q.shortAbandonSec,
    wrapUpSec: q.wrapUpSec,
    shown: q.shown,
    thresholds: parseThresholds(q.thresholds, (message) =>
      logger.warn({ queue: q.name, pbxId: q.pbxId, message }, 'queue thresholds ignored'),
    ),
  }))
}

/** The bridge's statistics config for one PBX: global defaults, then each queue's own values. */
export function statsConfigFor(
  pbxId: string,
  settings: readonly QueueSettings[],
  defaults: { serviceLevelSec: number; shortAbandonSec: number },
): Partial<StatsConfig> {
  const queues: Record<string, { serviceLevelSec: number; shortAbandonSec: number; wrapUpSec: number }> = {}
  for (const q of settings) {
    if (q.pbxId !== pbxId) continue
    queues[q.name] = {
      serviceLevelSec: q.serviceLevelSec,
      shortAbandonSec: q.shortAbandonSec,
      wrapUpSec: q.wrapUpSec,
    }
  }
  return {
    serviceLevelSec: defaults.serviceLevelSec,
    shortAbandonSec: defaults.shortAbandonSec,
    utcOffsetMin: ISTANBUL_OFFSET_MINUTES,
    queues,
  }
}
