/**
 * What the fan-out runs share (bench/fanout.ts, bench/_fanout-nodes.ts): arguments, talking to child
 * processes, and one measured window over every client process added up.
 */
import type { ChildProcess } from 'node:child_process'
import { emptyHistogram, percentile, type ClientReport } from './_fanout-measure.ts'

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

export function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage)
      reject(new Error(`child process exited (${code}) before "${type}"`))
    }
    const onMessage = (m: { type: string } & T) => {
      if (m.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Sends `{ type, ...extra }` to a child and waits for its answer (`reply`, by default the same type). */
export function ask<T>(child: ChildProcess, type: string, reply = type, extra: object = {}): Promise<T> {
  const answer = waitFor<T>(child, reply)
  child.send({ type, ...extra })
  return answer
}

export const round = (n: number) => Math.round(n * 10) / 10

/** Every client process's report of one window, added up. */
export function combine(reports: readonly ClientReport[]) {
  const histogram = emptyHistogram()
  const sinceFlush = emptyHistogram()
  const batchWait = emptyHistogram()
  let count = 0
  let max = 0
  let sinceFlushMax = 0
  let lost = 0
  let loopP99 = 0
  let loopMax = 0
  let cpu = 0
  for (const r of reports) {
    r.histogram.forEach((n, i) => (histogram[i]! += n))
    r.sinceFlush.forEach((n, i) => (sinceFlush[i]! += n))
    r.batchWait.forEach((n, i) => (batchWait[i]! += n))
    count += r.count
    max = Math.max(max, r.max)
    sinceFlushMax = Math.max(sinceFlushMax, r.maxSinceFlush)
    lost += r.lost
    loopP99 = Math.max(loopP99, r.loopP99Ms)
    loopMax = Math.max(loopMax, r.loopMaxMs)
    cpu = Math.max(cpu, r.cpuPct)
  }
  return {
    count,
    lost,
    max: round(max),
    p50: round(percentile(histogram, count, 0.5)),
    p99: round(percentile(histogram, count, 0.99)),
    sinceFlushP50: round(percentile(sinceFlush, count, 0.5)),
    sinceFlushP99: round(percentile(sinceFlush, count, 0.99)),
    sinceFlushMax: round(sinceFlushMax),
    batchWaitP50: round(percentile(batchWait, count, 0.5)),
    batchWaitP99: round(percentile(batchWait, count, 0.99)),
    loopP99: round(loopP99),
    loopMax: round(loopMax),
    cpu: round(cpu),
    sample: reports.find((r) => r.sample !== null)?.sample ?? null,
    /** Each client process on its own (the several-nodes run has one per node, in the nodes' order). */
    perProcess: reports.map((r) => ({
      p50: round(percentile(r.histogram, r.count, 0.5)),
      p99: round(percentile(r.histogram, r.count, 0.99)),
      sinceFlushP99: round(percentile(r.sinceFlush, r.count, 0.99)),
      batchWaitP99: round(percentile(r.batchWait, r.count, 0.99)),
    })),
  }
}

/** Records one window of `seconds` on every client process. */
export async function measureWindow(clients: readonly ChildProcess[], seconds: number) {
  for (const c of clients) c.send({ type: 'start' })
  await new Promise((r) => setTimeout(r, seconds * 1000))
  const reports = await Promise.all(clients.map((c) => ask<{ report: ClientReport }>(c, 'stop', 'report')))
  return combine(reports.map((r) => r.report))
}
