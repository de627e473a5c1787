/**
 * When a queue alert is raised (docs/alerts.md §2), as pure rules: a metric is red exactly when its tile
 * is (client/src/lib/live/board-format.ts `levelOf`), an alert is raised on a transition from not red to
 * red, inside the rule's hours and outside its quiet period, and cleared when the metric leaves red.
 * The caller keeps the previous red state and the last raise times; the database re-checks both.
 */
import type { AlertHours } from '../contract/queue-alerts.ts'
import type { MetricThreshold } from '../contract/views.ts'
import { clockMinutes, istanbulMinuteOfDay } from './calendar/istanbul-time.ts'
import type { WorkingCalendar } from './calendar/working-days.ts'

export interface AlertRule {
  readonly enabled: boolean
  readonly quietMinutes: number
  readonly hours: AlertHours
  readonly from: string | null
  readonly to: string | null
}

/** Red as the tile shows it: at or past the red threshold; no value (nothing counted yet) is never red. */
export function isRed(value: number | null, t: MetricThreshold | undefined): boolean {
  if (value === null || t === undefined || !Number.isFinite(value)) return false
  return t.higherIsWorse ? value >= t.red : value <= t.red
}

/**
 * Whether alerts may be raised at `at`. OFFICE: a working day of the directorate's calendar (no weekend,
 * no holiday), from opening to closing (the arife's early closing on a half day). CUSTOM: every day
 * from–to, Istanbul time; a `to` before `from` runs over midnight. ALWAYS: always.
 */
export function withinHours(
  rule: Pick<AlertRule, 'hours' | 'from' | 'to'>,
  at: Date,
  calendar: WorkingCalendar,
): boolean {
  switch (rule.hours) {
    case 'ALWAYS':
      return true
    case 'OFFICE': {
      if (!calendar.isWorkingDay(at)) return false
      const t = at.getTime()
      return t >= calendar.startOfWorkingDay(at).getTime() && t < calendar.endOfWorkingDay(at).getTime()
    }
    case 'CUSTOM': {
      if (rule.from === null || rule.to === null) return false
      const minute = istanbulMinuteOfDay(at)
      const from = clockMinutes(rule.from)
      const to = clockMinutes(rule.to)
      if (from === to) return true
      return from < to ? minute >= from && minute < to : minute >= from || minute < to
    }
  }
}

export interface AlertSample<T> {
  /** `queueId/metric`: the same key in the previous state and the last raise times. */
  readonly key: string
  readonly red: boolean
  /** The queue's rule for the metric; null or disabled: cleared when it leaves red, never raised. */
  readonly rule: AlertRule | null
  readonly data: T
}

export interface AlertStep<T> {
  readonly raise: readonly AlertSample<T>[]
  readonly clear: readonly AlertSample<T>[]
  /** Turned red but not raised, and why (for the log). */
  readonly held: ReadonlyArray<{ sample: AlertSample<T>; why: 'hours' | 'quiet' | 'off' }>
  /** The red state to pass in next time. */
  readonly next: Map<string, boolean>
}

/**
 * One evaluation. A key the previous state does not know (start, or this node just took over the PBX)
 * counts as not red for raising and as red for clearing: the database has the last word on both (an
 * alert still open is not raised again, one that is open is cleared).
 */
export function stepAlerts<T>(
  previous: ReadonlyMap<string, boolean>,
  samples: readonly AlertSample<T>[],
  context: { at: Date; calendar: WorkingCalendar; lastRaisedAt: (key: string) => number | undefined },
): AlertStep<T> {
  const raise: AlertSample<T>[] = []
  const clear: AlertSample<T>[] = []
  const held: { sample: AlertSample<T>; why: 'hours' | 'quiet' | 'off' }[] = []
  const next = new Map<string, boolean>()
  const now = context.at.getTime()
  for (const s of samples) {
    const was = previous.get(s.key)
    next.set(s.key, s.red)
    if (!s.red) {
      if (was !== false) clear.push(s)
      continue
    }
    if (was === true) continue
    if (s.rule === null || !s.rule.enabled) held.push({ sample: s, why: 'off' })
    else if (!withinHours(s.rule, context.at, context.calendar)) held.push({ sample: s, why: 'hours' })
    else if (inQuietPeriod(context.lastRaisedAt(s.key), s.rule.quietMinutes, now))
      held.push({ sample: s, why: 'quiet' })
    else raise.push(s)
  }
  return { raise, clear, held, next }
}

export function inQuietPeriod(lastRaisedAt: number | undefined, quietMinutes: number, now: number): boolean {
  return lastRaisedAt !== undefined && now - lastRaisedAt < quietMinutes * 60_000
}
