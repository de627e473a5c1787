/**
 * Watches the live queue views (the same `QueueView`s and thresholds the boards colour their tiles by)
 * and raises and clears queue alerts (docs/alerts.md §2). Evaluated after telephony changes, at most
 * once per `changeGapMs` (a busy PBX changes the queues hundreds of times a second and every pass reads
 * the whole statistics), and every `tickMs` (the longest wait grows without events), one pass at a time.
 * A pass reads the queue views only when a rule watches a queue of a PBX this node holds. With several nodes only
 * the holder of a PBX's lease evaluates that PBX's queues (docs/decisions/021-queue-alerts.md); a PBX
 * whose data is stale (resync, down) is not evaluated at all. What was raised or cleared goes to the
 * sink (socket.io rooms, through the Redis adapter to every node's pages).
 */
import {
  ALERT_METRICS,
  QUEUE_ALERT_EVENTS,
  QUEUE_ALERT_ROOMS,
  type AlertMetric,
  type QueueAlertView,
} from '../../contract/queue-alerts.ts'
import type { MetricThreshold, QueueView, ThresholdMetric } from '../../contract/views.ts'
import { isRed, stepAlerts, type AlertSample } from '../../domain/queue-alerts.ts'
import type { Logger } from '../../logger.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import type { AlertRules } from './alert-rules.ts'
import type { AlertStore } from './alert-store.ts'

export interface AlertSource {
  queues(): QueueView[]
  subscribe(listener: (change: { kinds: readonly string[] }) => void): () => void
  isHolder(pbxId: string): boolean
}

export interface AlertSink {
  emit(room: string, event: string, payload: QueueAlertView): void
}

export interface QueueAlertMonitor {
  start(): void
  /** One pass now (after the one running, if any); resolves when it is done. */
  evaluateNow(): Promise<void>
  stop(): Promise<void>
}

interface Sampled {
  queueId: number
  metric: AlertMetric
  value: number | null
  threshold: MetricThreshold | undefined
}

const RULES_MAX_AGE_MS = 30_000
/** The longest quiet period a rule may have (alert-rules.ts): raises older than it never matter. */
const LONGEST_QUIET_MS = 1440 * 60_000

function valueOf(q: QueueView, metric: ThresholdMetric): number | null {
  return q[metric]
}

export function createQueueAlertMonitor(deps: {
  source: AlertSource
  thresholds: (pbxId: string, queue: string) => Partial<Record<ThresholdMetric, MetricThreshold>>
  rules: AlertRules
  store: AlertStore
  calendar: CalendarSource
  sink: () => AlertSink | null
  logger: Logger
  now?: () => number
  tickMs?: number
  /** Passes caused by telephony changes start at least this far apart (default 250 ms). */
  changeGapMs?: number
}): QueueAlertMonitor {
  const log = deps.logger.child({ module: 'queue-alerts' })
  const now = deps.now ?? Date.now
  let red = new Map<string, boolean>()
  let lastRaised: Map<string, number> | null = null
  let rulesAt = now()
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  let timer: ReturnType<typeof setInterval> | undefined
  let unsubscribe: (() => void) | undefined
  const changeGapMs = deps.changeGapMs ?? 250
  let lastPassAt = -Infinity
  let changeTimer: ReturnType<typeof setTimeout> | undefined

  /** A telephony change: a pass now, or one when `changeGapMs` has passed since the last one began. */
  function changed(): void {
    if (changeTimer !== undefined || stopped) return
    const wait = lastPassAt + changeGapMs - now()
    if (wait <= 0) {
      void schedule()
      return
    }
    changeTimer = setTimeout(() => {
      changeTimer = undefined
      void schedule()
    }, wait)
    changeTimer.unref()
  }

  function emit(event: string, alert: QueueAlertView): void {
    const sink = deps.sink()
    if (sink === null) return
    sink.emit(QUEUE_ALERT_ROOMS.staff, event, alert)
    sink.emit(QUEUE_ALERT_ROOMS.tv, event, alert)
  }

  async function pass(): Promise<void> {
    const at = new Date(now())
    lastPassAt = at.getTime()
    if (at.getTime() - rulesAt > RULES_MAX_AGE_MS) {
      // Another node may have saved rules: read them again now and then.
      await deps.rules.load()
      rulesAt = at.getTime()
    }
    lastRaised ??= await deps.store.lastRaised(new Date(at.getTime() - LONGEST_QUIET_MS))
    const raisedAt = lastRaised
    const byQueue = deps.rules.byQueue()
    const samples: AlertSample<Sampled>[] = []
    const seen = new Set<string>()
    // Without a rule on a queue of a PBX held here every view would be skipped below: none is read.
    const held = new Set<string>()
    for (const { pbxId } of byQueue.values())
      if (!held.has(pbxId) && deps.source.isHolder(pbxId)) held.add(pbxId)
    for (const q of held.size === 0 ? [] : deps.source.queues()) {
      const queueRules = byQueue.get(`${q.pbxId}/${q.name}`)
      if (queueRules === undefined || q.stale || !deps.source.isHolder(q.pbxId)) continue
      const thresholds = deps.thresholds(q.pbxId, q.name)
      for (const metric of ALERT_METRICS) {
        const key = `${queueRules.queueId}/${metric}`
        const value = valueOf(q, metric)
        const threshold = thresholds[metric]
        seen.add(key)
        samples.push({
          key,
          red: isRed(value, threshold),
          rule: queueRules.rules.get(metric) ?? null,
          data: { queueId: queueRules.queueId, metric, value, threshold },
        })
      }
    }
    const calendar = await deps.calendar.current()
    const step = stepAlerts(red, samples, { at, calendar, lastRaisedAt: (k) => raisedAt.get(k) })
    // Keys not evaluated this time (stale PBX, lease elsewhere) are forgotten: unknown next time.
    red = new Map([...step.next].filter(([k]) => seen.has(k)))
    for (const { sample, why } of step.held)
      if (why !== 'off') log.info({ key: sample.key, why }, 'queue metric turned red; no alert raised')
    for (const s of step.raise) {
      const { queueId, metric, value, threshold } = s.data
      if (value === null || threshold === undefined || s.rule === null) continue
      const alert = await deps.store.raise({
        queueId,
        metric,
        value,
        threshold: threshold.red,
        quietMinutes: s.rule.quietMinutes,
        at,
      })
      if (alert === null) continue
      raisedAt.set(s.key, at.getTime())
      log.info({ alertId: alert.id, queue: alert.queue, metric, value }, 'queue alert raised')
      emit(QUEUE_ALERT_EVENTS.raised, alert)
    }
    for (const s of step.clear) {
      const cleared = await deps.store.clear(s.data.queueId, s.data.metric, at)
      if (cleared !== null) emit(QUEUE_ALERT_EVENTS.cleared, cleared)
    }
  }

  function schedule(): Promise<void> {
    if (stopped) return Promise.resolve()
    if (running !== null) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        try {
          await pass()
        } catch (err) {
          log.error({ err }, 'queue alert pass failed')
        }
      } while (again && !stopped)
      running = null
    })()
    return running
  }

  return {
    start() {
      if (unsubscribe !== undefined) return
      unsubscribe = deps.source.subscribe((c) => {
        if (c.kinds.includes('queues') || c.kinds.includes('connection')) changed()
      })
      const tickMs = deps.tickMs ?? 5_000
      if (tickMs > 0) {
        timer = setInterval(() => void schedule(), tickMs)
        timer.unref()
      }
      void schedule()
    },
    async evaluateNow() {
      // A pass already running may have read the views before the caller's change: one more runs.
      if (running === null) return schedule()
      again = true
      return running
    },
    async stop() {
      stopped = true
      unsubscribe?.()
      if (timer !== undefined) clearInterval(timer)
      if (changeTimer !== undefined) clearTimeout(changeTimer)
      await running
    },
  }
}
