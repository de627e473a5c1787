/** What the fan-out bench's clients measure and how the parent adds it up (latency histograms). */
import type { ViewDelta } from '../server/contract/events.ts'

export const BUCKET_MS = 0.1
export const BUCKETS = 20_000 // up to 2 s; slower goes in the last bucket (max is kept apart)

export type ClientKind = 'probe' | 'socket.io-client'

export interface ClientReport {
  histogram: number[]
  /** The same deliveries measured from the flush that sent them (`delta.at`): emission + transport + client. */
  sinceFlush: number[]
  /** How long each delta's oldest change waited on the node before the flush (`at - receivedAt`): the batching. */
  batchWait: number[]
  count: number
  max: number
  /** The longest delivery counted from the flush. */
  maxSinceFlush: number
  lost: number
  subscribed: number
  refused: number
  /** This client process's CPU use while recording (% of one core). */
  cpuPct: number
  /** This client process's own event-loop delay while recording (ms): how busy the measurer was. */
  loopP99Ms: number
  loopMaxMs: number
  /** The last delta received: the baseline sends one of the same size. */
  sample: ViewDelta | null
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKETS).fill(0)
}

export function percentile(histogram: readonly number[], total: number, p: number): number {
  const target = Math.ceil(total * p)
  let seen = 0
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0
    if (seen >= target) return (i + 1) * BUCKET_MS
  }
  return histogram.length * BUCKET_MS
}

export const bucketOf = (ms: number) => Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)))
export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000
