/**
 * Queue alerts (docs/alerts.md): when a queue's tile metric turns red, the müdür is told on every open
 * page, the TV flashes the queue's tile, and an e-mail goes out when mail is configured. Wire shapes,
 * socket events and constants shared by server and client (types and constants only). An alert holds
 * no personal data: a queue, a metric, two numbers and two times, so TV links may get it too.
 */
import type { ThresholdMetric } from './views.ts'

/** Who is told over the socket and who reads the history (`GET /api/v1/queue-alerts`). */
export const QUEUE_ALERT_ROLES = ['supervisor', 'admin'] as const

/** The metrics an alert can follow: every tile metric with a threshold (server/services/thresholds). */
export const ALERT_METRICS = [
  'waiting',
  'longestWaitSec',
  'serviceLevelPct',
  'abandonRatePct',
  'asaSec',
] as const satisfies readonly ThresholdMetric[]
export type AlertMetric = (typeof ALERT_METRICS)[number]

export const ALERT_METRIC_LABELS: Record<AlertMetric, string> = {
  waiting: 'Bekleyen arayan',
  longestWaitSec: 'En uzun bekleme',
  serviceLevelPct: 'Servis seviyesi',
  abandonRatePct: 'Terk oranı',
  asaSec: 'Ortalama cevaplama süresi',
}

/** How a metric's value is written (`6`, `2 dk 5 sn`, `%58`). */
export const ALERT_METRIC_UNITS: Record<AlertMetric, 'count' | 'sec' | 'pct'> = {
  waiting: 'count',
  longestWaitSec: 'sec',
  serviceLevelPct: 'pct',
  abandonRatePct: 'pct',
  asaSec: 'sec',
}

export const ALERT_HOURS = ['OFFICE', 'ALWAYS', 'CUSTOM'] as const
export type AlertHours = (typeof ALERT_HOURS)[number]

export const ALERT_HOURS_LABELS: Record<AlertHours, string> = {
  OFFICE: 'Mesai saatlerinde (tatiller hariç)',
  ALWAYS: 'Her zaman',
  CUSTOM: 'Her gün şu saatler arasında',
}

export const DEFAULT_QUIET_MINUTES = 30

/** One rule: a queue's metric, told or not, how often, and when. */
export interface AlertRuleView {
  metric: AlertMetric
  enabled: boolean
  quietMinutes: number
  hours: AlertHours
  /** CUSTOM only: `HH:MM` Istanbul; `to` before `from` runs over midnight. */
  from: string | null
  to: string | null
}

/** `GET /api/v1/queue-alert-rules` item: every metric of a queue (a metric without a row is off). */
export interface QueueAlertRulesView {
  queueId: number
  pbxId: string
  name: string
  label: string
  rules: AlertRuleView[]
}

/** `PUT /api/v1/queue-alert-rules/:queueId` body: the rules to store (metrics left out are unchanged). */
export interface QueueAlertRulesRequest {
  rules: AlertRuleView[]
}

/** A raised alert, as the socket pushes it and the history lists it. */
export interface QueueAlertView {
  id: number
  pbxId: string
  queue: string
  queueLabel: string
  metric: AlertMetric
  /** The value when it turned red, and the red threshold then in force. */
  value: number
  threshold: number
  /** true: higher is worse (the value reached the threshold from below). */
  higherIsWorse: boolean
  /** ISO 8601. */
  raisedAt: string
  clearedAt: string | null
}

/** `GET /api/v1/queue-alerts?from&to`: the alerts raised in the report's range, newest first. */
export interface QueueAlertHistoryView {
  from: string
  to: string
  items: QueueAlertView[]
}

export const QUEUE_ALERT_EVENTS = {
  /** Server → müdür, admins, TV links with the queue board: a queue's metric turned red. */
  raised: 'queue-alert:raised',
  /** Server → the same: it is no longer red. */
  cleared: 'queue-alert:cleared',
  /** Client → server (ack): alerts not cleared yet (a page or TV that connects late). */
  open: 'queue-alerts:open',
} as const

/** Signed-in users of QUEUE_ALERT_ROLES, and TV links that show the queue board. */
export const QUEUE_ALERT_ROOMS = { staff: 'queue-alerts', tv: 'queue-alerts:tv' } as const

export interface QueueAlertServerToClientEvents {
  'queue-alert:raised': (alert: QueueAlertView) => void
  'queue-alert:cleared': (alert: QueueAlertView) => void
}

export type QueueAlertAck<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

export interface QueueAlertClientToServerEvents {
  'queue-alerts:open': (ack: (answer: QueueAlertAck<QueueAlertView[]>) => void) => void
}

/** Turkish value text (e-mail, notification, history). */
export function formatAlertValue(metric: AlertMetric, value: number): string {
  switch (ALERT_METRIC_UNITS[metric]) {
    case 'pct':
      return `%${Math.round(value * 10) / 10}`
    case 'sec': {
      const s = Math.round(value)
      return s >= 60 ? `${Math.floor(s / 60)} dk ${s % 60} sn` : `${s} sn`
    }
    default:
      return String(Math.round(value * 10) / 10)
  }
}

/** `444 1 575 Çağrı Merkezi: Bekleyen arayan 6 (kırmızı eşik ≥ 6)` */
export function describeAlert(
  a: Pick<QueueAlertView, 'queueLabel' | 'metric' | 'value' | 'threshold' | 'higherIsWorse'>,
): string {
  const op = a.higherIsWorse ? '≥' : '≤'
  return `${a.queueLabel}: ${ALERT_METRIC_LABELS[a.metric]} ${formatAlertValue(a.metric, a.value)} (kırmızı eşik ${op} ${formatAlertValue(a.metric, a.threshold)})`
}

/** Said at a daily rule's end time when both ends are the same (09:00–09:00 is no window at all). */
export const SAME_TIMES_MESSAGE =
  'Bitiş saati başlangıçla aynı olamaz; uyarıların verileceği aralığı yazın (gece yarısını aşabilir, ör. 20:00–08:00).'
