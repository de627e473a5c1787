/**
 * Queue alerts in the database (docs/alerts.md §3): raising one writes its row and queues the müdür's
 * e-mails in one transaction, under a PostgreSQL advisory lock, after checking again that no alert of
 * the queue and metric is still open and none was raised within the quiet period. So however many nodes
 * or restarts see the same red tile, it is told once (docs/decisions/021-queue-alerts.md).
 */
import {
  ALERT_METRICS,
  ALERT_METRIC_LABELS,
  describeAlert,
  formatAlertValue,
  type AlertMetric,
  type QueueAlertView,
} from '../../contract/queue-alerts.ts'
import { ISTANBUL_TIME_ZONE } from '../../contract/time-zone.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { StaffMessage } from '../messaging/queue-staff-message.ts'
import { loadStaffTemplates, renderStaffText, type StaffText } from '../messaging/staff-templates.ts'
import { DEFAULT_THRESHOLDS } from '../thresholds/queue-thresholds.ts'

/** pg_advisory_xact_lock(key1, key2): "PANO" and the queue alerts (1 retention, 2 unit alerts). */
const LOCK_KEYS = [0x50414e4f, 3] as const

export interface RaiseRequest {
  queueId: number
  metric: AlertMetric
  value: number
  threshold: number
  quietMinutes: number
  at: Date
}

export interface AlertMail {
  /** Queues the staff message in the raise's transaction (the outbox, ADR 010); null: mail is off. */
  queue: ((tx: Prisma.TransactionClient, message: StaffMessage) => Promise<boolean>) | null
  publicUrl: string | null
  /** After a raise that queued mail committed: the outbox sends it now. */
  wake?: () => void
}

const alertSelect = {
  id: true,
  metric: true,
  value: true,
  threshold: true,
  raisedAt: true,
  clearedAt: true,
  queue: { select: { pbxId: true, name: true, label: true } },
} as const

type AlertRow = Prisma.QueueAlertGetPayload<{ select: typeof alertSelect }>

export function alertView(row: AlertRow): QueueAlertView {
  const metric = ALERT_METRICS.find((m) => m === row.metric) ?? 'waiting'
  return {
    id: row.id,
    pbxId: row.queue.pbxId,
    queue: row.queue.name,
    queueLabel: row.queue.label,
    metric,
    value: row.value,
    threshold: row.threshold,
    higherIsWorse: DEFAULT_THRESHOLDS[metric].higherIsWorse,
    raisedAt: row.raisedAt.toISOString(),
    clearedAt: row.clearedAt?.toISOString() ?? null,
  }
}

/** The müdür's e-mail about an alert, in the QUEUE_ALERT template's wording (admin's edit or default). */
export function alertMail(
  a: QueueAlertView,
  publicUrl: string | null,
  template: StaffText,
): Omit<StaffMessage, 'key' | 'recipient'> {
  const when = new Intl.DateTimeFormat('tr-TR', {
    timeZone: ISTANBUL_TIME_ZONE,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(a.raisedAt))
  const text = renderStaffText('QUEUE_ALERT', template, {
    queue: a.queueLabel,
    metric: ALERT_METRIC_LABELS[a.metric],
    alertSummary: describeAlert(a),
    value: formatAlertValue(a.metric, a.value),
    threshold: formatAlertValue(a.metric, a.threshold),
    raisedAt: when,
    boardLink: publicUrl === null ? 'Pano › Kuyruk Panosu' : `${publicUrl}/pano`,
  })
  return { templateKey: 'QUEUE_ALERT', ticketId: null, ...text, at: new Date(a.raisedAt) }
}

export interface AlertStore {
  /** The new alert, or null when one is still open or the quiet period holds. */
  raise(request: RaiseRequest): Promise<QueueAlertView | null>
  /** Clears the open alert of the queue and metric; the cleared one, or null when none was open. */
  clear(queueId: number, metric: AlertMetric, at: Date): Promise<QueueAlertView | null>
  open(): Promise<QueueAlertView[]>
  /** Alerts raised in [from, to), newest first. */
  history(from: Date, to: Date): Promise<QueueAlertView[]>
  /** The last raise per `queueId/metric` since `since` (the quiet periods after a start). */
  lastRaised(since: Date): Promise<Map<string, number>>
}

export function createAlertStore(deps: { prisma: PrismaClient; mail: () => AlertMail }): AlertStore {
  const { prisma } = deps
  return {
    async raise(r) {
      const { queue, publicUrl, wake } = deps.mail()
      let mailed = false
      const raised = await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${LOCK_KEYS[0]}::int, ${LOCK_KEYS[1]}::int)) AS l`
        const open = await tx.queueAlert.findFirst({
          where: { queueId: r.queueId, metric: r.metric, clearedAt: null },
          select: { id: true },
        })
        if (open !== null) return null
        const recent = await tx.queueAlert.findFirst({
          where: {
            queueId: r.queueId,
            metric: r.metric,
            raisedAt: { gt: new Date(r.at.getTime() - r.quietMinutes * 60_000) },
          },
          select: { id: true },
        })
        if (recent !== null) return null
        const row = await tx.queueAlert.create({
          data: {
            queueId: r.queueId,
            metric: r.metric,
            value: r.value,
            threshold: r.threshold,
            raisedAt: r.at,
          },
          select: alertSelect,
        })
        const view = alertView(row)
        if (queue !== null) {
          const mudurs = await tx.user.findMany({
            where: { active: true, role: 'SUPERVISOR', email: { not: null } },
            select: { id: true, email: true },
            orderBy: { id: 'asc' },
          })
          const text = alertMail(view, publicUrl, (await loadStaffTemplates(tx)).QUEUE_ALERT)
          for (const u of mudurs)
            if (await queue(tx, { ...text, key: `queue-alert:${row.id}:${u.id}`, recipient: u.email ?? '' }))
              mailed = true
        }
        return view
      })
      if (mailed) wake?.()
      return raised
    },
    async clear(queueId, metric, at) {
      const open = await prisma.queueAlert.findFirst({
        where: { queueId, metric, clearedAt: null },
        select: { id: true },
      })
      if (open === null) return null
      const done = await prisma.queueAlert.updateMany({
        where: { id: open.id, clearedAt: null },
        data: { clearedAt: at },
      })
      if (done.count === 0) return null
      return alertView(
        await prisma.queueAlert.findUniqueOrThrow({ where: { id: open.id }, select: alertSelect }),
      )
    },
    async open() {
      const rows = await prisma.queueAlert.findMany({
        where: { clearedAt: null },
        select: alertSelect,
        orderBy: { raisedAt: 'desc' },
      })
      return rows.map(alertView)
    },
    async history(from, to) {
      const rows = await prisma.queueAlert.findMany({
        where: { raisedAt: { gte: from, lt: to } },
        select: alertSelect,
        orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
        take: 5_000,
      })
      return rows.map(alertView)
    },
    async lastRaised(since) {
      const rows = await prisma.queueAlert.groupBy({
        by: ['queueId', 'metric'],
        where: { raisedAt: { gte: since } },
        _max: { raisedAt: true },
      })
      return new Map(rows.map((r) => [`${r.queueId}/${r.metric}`, r._max.raisedAt?.getTime() ?? 0]))
    },
  }
}
