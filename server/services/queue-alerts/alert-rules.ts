/**
 * The alert rules per queue and metric (docs/alerts.md §1), edited in Yönetim › Eşikler next to the
 * thresholds. Held in memory for the monitor, keyed `pbxId/queue`; a save changes them at once. A metric
 * without a row is off: alerts are something the directorate turns on, queue by queue.
 */
import { z } from 'zod'
import {
  ALERT_HOURS,
  ALERT_METRICS,
  DEFAULT_QUIET_MINUTES,
  SAME_TIMES_MESSAGE,
  type AlertMetric,
  type AlertRuleView,
  type QueueAlertRulesView,
} from '../../contract/queue-alerts.ts'
import { textField } from '../../contract/text-field.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { NotFoundError } from '../../errors.ts'

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const clock = textField().regex(HHMM, 'SS:DD biçiminde bir saat yazın (ör. 08:30).')

const ruleInput = z
  .object({
    metric: z.enum(ALERT_METRICS),
    enabled: z.boolean(),
    quietMinutes: z.number().int('Tam dakika yazın.').min(0).max(1440, 'En çok 1440 dakika (bir gün).'),
    hours: z.enum(ALERT_HOURS),
    from: clock.nullable(),
    to: clock.nullable(),
  })
  .strict()
  .refine((r) => r.hours !== 'CUSTOM' || (r.from !== null && r.to !== null), {
    message: 'Saat aralığı için başlangıç ve bitiş saatini yazın.',
    path: ['from'],
  })
  // Equal ends make no window at all: neither an empty day nor the whole day reads from 09:00–09:00.
  .refine((r) => r.hours !== 'CUSTOM' || r.from === null || r.from !== r.to, {
    message: SAME_TIMES_MESSAGE,
    path: ['to'],
  })

export const alertRulesInput = z
  .object({
    rules: z
      .array(ruleInput)
      .max(ALERT_METRICS.length)
      .refine((rules) => new Set(rules.map((r) => r.metric)).size === rules.length, {
        message: 'Her ölçü bir kez yazılabilir.',
      }),
  })
  .strict()

export type AlertRulesInput = z.infer<typeof alertRulesInput>

/** A queue's rules as the monitor reads them. */
export interface QueueRules {
  readonly queueId: number
  readonly pbxId: string
  readonly name: string
  readonly label: string
  readonly rules: ReadonlyMap<AlertMetric, AlertRuleView>
}

export interface AlertRules {
  load(): Promise<void>
  /** Queues with at least one rule row (on or off), keyed `pbxId/name`. */
  byQueue(): ReadonlyMap<string, QueueRules>
  list(): Promise<QueueAlertRulesView[]>
  save(queueId: number, input: AlertRulesInput): Promise<QueueAlertRulesView>
}

const OFF = (metric: AlertMetric): AlertRuleView => ({
  metric,
  enabled: false,
  quietMinutes: DEFAULT_QUIET_MINUTES,
  hours: 'OFFICE',
  from: null,
  to: null,
})

interface RuleRow {
  metric: string
  enabled: boolean
  quietMinutes: number
  hours: AlertRuleView['hours']
  fromTime: string | null
  toTime: string | null
}

function ruleView(row: RuleRow): AlertRuleView | null {
  const metric = ALERT_METRICS.find((m) => m === row.metric)
  if (metric === undefined) return null
  return {
    metric,
    enabled: row.enabled,
    quietMinutes: row.quietMinutes,
    hours: row.hours,
    from: row.fromTime,
    to: row.toTime,
  }
}

function queueView(q: {
  id: number
  pbxId: string
  name: string
  label: string
  alertRules: RuleRow[]
}): QueueAlertRulesView {
  const stored = new Map(
    q.alertRules.map(ruleView).flatMap((r) => (r === null ? [] : [[r.metric, r] as const])),
  )
  return {
    queueId: q.id,
    pbxId: q.pbxId,
    name: q.name,
    label: q.label,
    rules: ALERT_METRICS.map((m) => stored.get(m) ?? OFF(m)),
  }
}

export function createAlertRules(deps: { prisma: PrismaClient }): AlertRules {
  let cache = new Map<string, QueueRules>()
  const read = () =>
    deps.prisma.queue.findMany({
      orderBy: [{ pbxId: 'asc' }, { name: 'asc' }],
      select: { id: true, pbxId: true, name: true, label: true, alertRules: true },
    })
  const remember = (rows: Awaited<ReturnType<typeof read>>) => {
    const next = new Map<string, QueueRules>()
    for (const q of rows) {
      if (q.alertRules.length === 0) continue
      const rules = new Map<AlertMetric, AlertRuleView>()
      for (const r of q.alertRules) {
        const v = ruleView(r)
        if (v !== null) rules.set(v.metric, v)
      }
      next.set(`${q.pbxId}/${q.name}`, { queueId: q.id, pbxId: q.pbxId, name: q.name, label: q.label, rules })
    }
    cache = next
  }
  return {
    async load() {
      remember(await read())
    },
    byQueue: () => cache,
    async list() {
      const rows = await read()
      remember(rows)
      return rows.map(queueView)
    },
    async save(queueId, input) {
      const queue = await deps.prisma.queue.findUnique({ where: { id: queueId }, select: { id: true } })
      if (queue === null) throw new NotFoundError('Kuyruk bulunamadı.')
      await deps.prisma.$transaction(
        input.rules.map((r) => {
          const data = {
            enabled: r.enabled,
            quietMinutes: r.quietMinutes,
            hours: r.hours,
            fromTime: r.hours === 'CUSTOM' ? r.from : null,
            toTime: r.hours === 'CUSTOM' ? r.to : null,
          }
          return deps.prisma.queueAlertRule.upsert({
            where: { queueId_metric: { queueId, metric: r.metric } },
            create: { queueId, metric: r.metric, ...data },
            update: data,
          })
        }),
      )
      const rows = await read()
      remember(rows)
      const saved = rows.find((q) => q.id === queueId)
      if (saved === undefined) throw new NotFoundError('Kuyruk bulunamadı.')
      return queueView(saved)
    },
  }
}
