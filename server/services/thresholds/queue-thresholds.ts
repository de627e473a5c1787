/**
 * Tile thresholds per queue (green / amber / red; docs/design.md §2.3), stored in
 * Queue.thresholds as `{ metric: { amber, red } }` and edited by admin. Kept in memory so the
 * broadcaster can put them on every queue view; a save tells listeners so the boards change at once.
 * Defaults follow the 80/20 convention and sip.io's red at SL < 60 % or longest wait > 120 s
 * (docs/metrics.md); they are a starting point, labelled as such in the UI.
 */
import { z } from 'zod'
import type { QueueThresholdsView } from '../../contract/events.ts'
import type { MetricThreshold, ThresholdMetric } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'

export const THRESHOLD_METRICS = [
  'waiting',
  'longestWaitSec',
  'serviceLevelPct',
  'abandonRatePct',
  'asaSec',
] as const satisfies readonly ThresholdMetric[]

export const DEFAULT_THRESHOLDS: Record<ThresholdMetric, MetricThreshold> = {
  waiting: { amber: 3, red: 6, higherIsWorse: true },
  longestWaitSec: { amber: 60, red: 120, higherIsWorse: true },
  serviceLevelPct: { amber: 80, red: 60, higherIsWorse: false },
  abandonRatePct: { amber: 5, red: 10, higherIsWorse: true },
  asaSec: { amber: 20, red: 40, higherIsWorse: true },
}

const PERCENT = new Set<ThresholdMetric>(['serviceLevelPct', 'abandonRatePct'])

const pair = z.object({
  amber: z.number().finite().min(0).max(86_400),
  red: z.number().finite().min(0).max(86_400),
})
/** What a Queue row's `thresholds` JSON may hold: any subset of the metrics. */
export const storedThresholdsSchema = z.partialRecord(z.enum(THRESHOLD_METRICS), pair)

export const thresholdsInput = z
  .object({ thresholds: z.partialRecord(z.enum(THRESHOLD_METRICS), pair.strict()) })
  .strict()

export type ThresholdsInput = z.infer<typeof thresholdsInput>

/** Problems with an admin's input, in Turkish; empty when it is acceptable. */
export function thresholdProblems(input: ThresholdsInput['thresholds']): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  for (const [metric, t] of Object.entries(input) as [ThresholdMetric, { amber: number; red: number }][]) {
    if (PERCENT.has(metric) && (t.amber > 100 || t.red > 100))
      problems.push({ path: `thresholds.${metric}`, message: 'Yüzde 0 ile 100 arasında olmalı.' })
    const higherIsWorse = DEFAULT_THRESHOLDS[metric].higherIsWorse
    if (higherIsWorse && t.red < t.amber)
      problems.push({ path: `thresholds.${metric}`, message: 'Kırmızı eşik sarıdan küçük olamaz.' })
    if (!higherIsWorse && t.red > t.amber)
      problems.push({ path: `thresholds.${metric}`, message: 'Kırmızı eşik sarıdan büyük olamaz.' })
  }
  return problems
}

function effective(stored: Partial<Record<ThresholdMetric, { amber: number; red: number }>>) {
  const out = {} as Record<ThresholdMetric, MetricThreshold>
  for (const m of THRESHOLD_METRICS) {
    const s = stored[m]
    out[m] = s ? { ...s, higherIsWorse: DEFAULT_THRESHOLDS[m].higherIsWorse } : { ...DEFAULT_THRESHOLDS[m] }
  }
  return out
}

export interface QueueThresholds {
  /** Reads every queue's thresholds (at start). */
  load(): Promise<void>
  /** The thresholds in force for a queue (defaults for a queue Pano has no row for). */
  lookup(pbxId: string, queue: string): Record<ThresholdMetric, MetricThreshold>
  list(): Promise<QueueThresholdsView[]>
  save(queueId: number, input: ThresholdsInput): Promise<QueueThresholdsView>
  onChange(listener: () => void): () => void
}

export function createQueueThresholds(deps: { prisma: PrismaClient; logger: Logger }): QueueThresholds {
  const log = deps.logger.child({ module: 'thresholds' })
  const byQueue = new Map<string, Record<ThresholdMetric, MetricThreshold>>()
  const listeners = new Set<() => void>()
  const defaults = effective({})

  function parseStored(raw: unknown, queue: string) {
    const parsed = storedThresholdsSchema.safeParse(raw ?? {})
    if (parsed.success) return parsed.data
    log.warn(
      { queue, issues: parsed.error.issues.length },
      'stored queue thresholds unreadable; defaults used',
    )
    return {}
  }

  function toView(row: { id: number; pbxId: string; name: string; label: string; thresholds: unknown }) {
    const stored = parseStored(row.thresholds, row.name)
    return {
      id: row.id,
      pbxId: row.pbxId,
      name: row.name,
      label: row.label,
      thresholds: effective(stored),
      custom: THRESHOLD_METRICS.filter((m) => stored[m] !== undefined),
    } satisfies QueueThresholdsView
  }

  return {
    async load() {
      for (const view of await this.list()) byQueue.set(`${view.pbxId}/${view.name}`, view.thresholds)
    },
    lookup: (pbxId, queue) => byQueue.get(`${pbxId}/${queue}`) ?? defaults,
    async list() {
      const rows = await deps.prisma.queue.findMany({ orderBy: [{ pbxId: 'asc' }, { name: 'asc' }] })
      return rows.map(toView)
    },
    async save(queueId, input) {
      const problems = thresholdProblems(input.thresholds)
      if (problems.length > 0)
        throw new ValidationError(
          problems.map((p) => ({ ...p, code: 'custom' })),
          problems[0]?.message,
        )
      const existing = await deps.prisma.queue.findUnique({ where: { id: queueId } })
      if (!existing) throw new NotFoundError('Kuyruk bulunamadı.')
      const row = await deps.prisma.queue.update({
        where: { id: queueId },
        data: { thresholds: input.thresholds },
      })
      const view = toView(row)
      byQueue.set(`${view.pbxId}/${view.name}`, view.thresholds)
      for (const l of listeners) l()
      return view
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
