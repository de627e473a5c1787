/**
 * Windowed statistics with bounded memory: one bucket per minute for the last hour and one per local
 * day (today and yesterday). Finished calls count in the minute and day they ENTERED the queue; missed
 * rings at the time they rang; pause time is spread over the minutes and days it covers. Nothing per
 * call is kept, so memory does not grow with finished calls (bench/state.ts checks it). Calls still in
 * progress never come in here: computeStats adds them from the live state at read time, into the same
 * join-minute windows, and the state hands over a call's FinishedCall as it drops the call.
 *
 * Windows at `now` (now must not be earlier than the records added):
 * - today: since 00:00 Europe/Istanbul;
 * - last15 / last60: whole minutes, from the one holding now − 15 / 60 min to the current one;
 * - trend: twelve 5-minute slots aligned to :00, :05, … ending with the current slot.
 */
import type { FinishedCall, PauseInterval } from '../state/records.ts'
import {
  addCall,
  addMissedRing,
  addPauseMs,
  mergeInto,
  newBucket,
  type Bucket,
  type BucketParts,
} from './aggregate.ts'
import { dayStartOf, type StatsConfig } from './config.ts'

const MINUTE = 60_000
const DAY = 86_400_000
/** Minutes kept behind the latest record: the 60-minute window, its first partial minute and a spare. */
const KEEP_MINUTES = 62

export interface StatsAccumulator {
  readonly config: StatsConfig
  readonly minutes: Map<number, Bucket>
  readonly days: Map<number, Bucket>
  latest: number
}

export function createStatsAccumulator(config: StatsConfig): StatsAccumulator {
  return { config, minutes: new Map(), days: new Map(), latest: 0 }
}

function advance(acc: StatsAccumulator, t: number): void {
  if (t <= acc.latest) return
  acc.latest = t
  const oldestMinute = Math.floor(t / MINUTE) - KEEP_MINUTES
  for (const m of acc.minutes.keys()) if (m < oldestMinute) acc.minutes.delete(m)
  const oldestDay = dayStartOf(t, acc.config) - DAY
  for (const d of acc.days.keys()) if (d < oldestDay) acc.days.delete(d)
}

function minuteBucket(acc: StatsAccumulator, t: number): Bucket | undefined {
  const m = Math.floor(t / MINUTE)
  if (m < Math.floor(acc.latest / MINUTE) - KEEP_MINUTES) return undefined
  let b = acc.minutes.get(m)
  if (b === undefined) acc.minutes.set(m, (b = newBucket()))
  return b
}

function dayBucket(acc: StatsAccumulator, t: number): Bucket | undefined {
  const d = dayStartOf(t, acc.config)
  if (d < dayStartOf(acc.latest, acc.config) - DAY) return undefined
  let b = acc.days.get(d)
  if (b === undefined) acc.days.set(d, (b = newBucket()))
  return b
}

export function addFinishedCall(acc: StatsAccumulator, call: FinishedCall): void {
  advance(acc, call.endedAt.getTime())
  const t = call.enteredAt.getTime()
  for (const b of [minuteBucket(acc, t), dayBucket(acc, t)]) if (b !== undefined) addCall(b, call, acc.config)
  for (const miss of call.missedBy) {
    const at = Date.parse(miss.at)
    for (const b of [minuteBucket(acc, at), dayBucket(acc, at)])
      if (b !== undefined) addMissedRing(b, miss.interface, miss.memberName)
  }
}

/** Spreads [from, to) of a pause over the buckets it touches. */
function spreadPause(
  acc: StatsAccumulator,
  p: { memberInterface: string; memberName: string; reason: string },
  from: number,
  to: number,
): void {
  const keepFrom = (Math.floor(acc.latest / MINUTE) - KEEP_MINUTES) * MINUTE
  for (let start = Math.max(from, keepFrom); start < to;) {
    const end = Math.min(to, (Math.floor(start / MINUTE) + 1) * MINUTE)
    const b = minuteBucket(acc, start)
    if (b !== undefined) addPauseMs(b, p.memberInterface, p.memberName, p.reason, end - start)
    start = end
  }
  for (let start = Math.max(from, dayStartOf(acc.latest, acc.config) - DAY); start < to;) {
    const end = Math.min(to, dayStartOf(start, acc.config) + DAY)
    const b = dayBucket(acc, start)
    if (b !== undefined) addPauseMs(b, p.memberInterface, p.memberName, p.reason, end - start)
    start = end
  }
}

/** A closed pause interval (open ones come from the live state at query time, see computeStats). */
export function addPauseInterval(acc: StatsAccumulator, p: PauseInterval): void {
  if (p.endedAt === null) return
  const to = p.endedAt.getTime()
  advance(acc, to)
  spreadPause(acc, p, p.startedAt.getTime(), to)
}

/** Sum of the minute buckets in [fromMinute, toMinute] (of the queues' or the agents' aggregates alone). */
export function minutesBetween(
  acc: StatsAccumulator,
  fromMinute: number,
  toMinute: number,
  parts: BucketParts = 'all',
): Bucket {
  const out = newBucket()
  for (const [m, b] of acc.minutes) if (m >= fromMinute && m <= toMinute) mergeInto(out, b, parts)
  return out
}

export function todayBucket(acc: StatsAccumulator, now: number): Bucket {
  const out = newBucket()
  const b = acc.days.get(dayStartOf(now, acc.config))
  if (b !== undefined) mergeInto(out, b)
  return out
}
