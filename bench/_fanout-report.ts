/**
 * The one JSON line of a fan-out run (bench/fanout.ts, one node; bench/_fanout-nodes.ts, several): the
 * fields both print, with each run's own fields laid in where they belong (bench/README.md lists them).
 */
import type { ClientKind } from './_fanout-measure.ts'
import { round, type measureWindow } from './_fanout-run.ts'

type Window = Awaited<ReturnType<typeof measureWindow>>

export interface FanoutRun {
  clients: number
  rate: number
  intervalMs: number
  client: ClientKind
  db: string
  seconds: number
  /** Pano's window and the baseline's, on the same client processes. */
  measured: Window
  base: Window
  /** What the baseline is, in words, and how many clients it reached. */
  baseline: string
  baselineClients: number
  /** Calls the PBX had offered when Pano's window began and ended, and the window's wall time. */
  offeredStart: number
  offeredTotal: number
  wallMs: number
}

export function fanoutReport(
  run: FanoutRun,
  own: {
    /** Right after `bench` (the several-nodes run's `nodes`). */
    head?: Record<string, unknown>
    /** Right after `lost` (the one-node run's server CPU and memory). */
    server?: Record<string, unknown>
    /** At the end. */
    extra?: Record<string, unknown>
  } = {},
): string {
  const { measured, base } = run
  if (measured.sample === null) throw new Error('no delta reached the clients')
  const ratio = (a: number, b: number) => Math.round((a / Math.max(0.1, b)) * 100) / 100
  return JSON.stringify({
    bench: 'fanout',
    ...own.head,
    clients: run.clients,
    calls_per_s: run.rate,
    p50_ms: measured.p50,
    p99_ms: measured.p99,
    max_ms: measured.max,
    lost: measured.lost,
    ...own.server,
    baseline: run.baseline,
    baseline_clients: run.baselineClients,
    // The baseline's deltas counted from their emission: delivery alone (bench/_fanout-baseline.ts).
    baseline_p50_ms: base.sinceFlushP50,
    baseline_p99_ms: base.sinceFlushP99,
    baseline_max_ms: base.sinceFlushMax,
    baseline_lost: base.lost,
    ratio_p99: ratio(measured.p99, base.sinceFlushP99),
    interval_ms: run.intervalMs,
    client: run.client,
    db: run.db,
    seconds: run.seconds,
    deliveries: measured.count,
    calls_offered_total: run.offeredTotal,
    calls_offered_per_s: round((run.offeredTotal - run.offeredStart) / (run.wallMs / 1000)),
    delta_bytes: JSON.stringify(measured.sample).length,
    // Where the time goes (extra, labelled): latency counted from the flush that sent the delta, and
    // the measuring clients' event-loop delay and CPU.
    since_flush_p50_ms: measured.sinceFlushP50,
    since_flush_p99_ms: measured.sinceFlushP99,
    // The other part: how long a delta's oldest change waited on the node for its flush (the batching
    // of BROADCAST_INTERVAL_MS, and a follower's hop through Redis); delivery_ratio_p99 compares the
    // part both runs have, flush to client.
    batch_wait_p50_ms: measured.batchWaitP50,
    batch_wait_p99_ms: measured.batchWaitP99,
    delivery_ratio_p99: ratio(measured.sinceFlushP99, base.sinceFlushP99),
    // The same baseline deltas counted from the previous emission, as if fed by changes arriving all the
    // time and batched once per emission: the oldest change of each waited one emission interval, as
    // the oldest change of a Pano delta waits for its flush.
    batched_baseline_p50_ms: base.p50,
    batched_baseline_p99_ms: base.p99,
    batched_ratio_p99: ratio(measured.p99, base.p99),
    client_loop_p99_ms: measured.loopP99,
    client_loop_max_ms: measured.loopMax,
    client_cpu_pct: measured.cpu,
    baseline_client_cpu_pct: base.cpu,
    ...own.extra,
  })
}
