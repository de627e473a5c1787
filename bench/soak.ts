/**
 * `npm run bench -- soak [--minutes 20] [--rate 5] [--clients 50] [--every 60] [--db postgres|pglite]`
 *
 * A working day compressed: the whole Pano server in this process follows the fan-out bench's PBX
 * (`_fanout-pbx.ts`, its own process, 200 agents, `--rate` calls a second) with `--clients` wallboard
 * sockets in a child process (`_fanout-clients.ts`), for `--minutes`. Every `--every` seconds it forces
 * a full garbage collection (through the inspector, so no flag is needed) and records the heap that is
 * left, the RSS, the calls offered and recorded, and that window's delivery p99 and lost deltas.
 *
 * The baseline is the same run's heap after the warm-up (the first sample after a fifth of the window,
 * at least one minute): `heap_ratio` is the last sample over it, and `heap_growth_kb_per_1000_calls` the
 * least-squares slope of the heap after warm-up against the calls offered. A server that keeps
 * something per call without bound shows it there; caches that fill once (V8's compiled code, rings of
 * recent ids, the last hour's minute buckets) flatten out. `--snapshots DIR` also writes a heap snapshot
 * (after the same GC) at the warm-up sample and at the end, to compare in Chrome's DevTools. Prints one
 * JSON line. Loopback only.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { arg, ask, measureWindow, round, waitFor } from './_fanout-run.ts'
import { option, startPanoUnderLoad } from './_pano-under-load.ts'

const CLIENTS = fileURLToPath(new URL('./_fanout-clients.ts', import.meta.url))
const MB = 1024 * 1024

interface Sample {
  minute: number
  calls: number
  recorded: number
  heapMb: number
  rssMb: number
  p99Ms: number
  lost: number
}

/** Least-squares slope of y against x (0 with fewer than two distinct x). */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx
}

async function heapAfterGc(session: Session): Promise<{ heap: number; rss: number }> {
  await session.post('HeapProfiler.collectGarbage')
  const { heapUsed, rss } = process.memoryUsage()
  return { heap: heapUsed, rss }
}

async function writeSnapshot(session: Session, file: string): Promise<void> {
  const chunks: string[] = []
  const onChunk = (m: { params: { chunk: string } }) => chunks.push(m.params.chunk)
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  session.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await writeFile(file, chunks.join(''))
}

async function runSoak(): Promise<void> {
  const minutes = arg('minutes', 20)
  const rate = arg('rate', 5)
  const clients = arg('clients', 50)
  const every = arg('every', 60)
  const snapshots = option('snapshots')
  if (snapshots !== undefined) await mkdir(snapshots, { recursive: true })
  const session = new Session()
  session.connect()
  const load = await startPanoUnderLoad({ rate, label: 'soak' })
  const { pano, pbx } = load
  const children: ChildProcess[] = []
  try {
    const watcher = fork(CLIENTS, [pano.url, load.token, String(clients), 'probe'], {
      execArgv: process.execArgv,
    })
    children.push(watcher)
    const { subscribed } = await waitFor<{ subscribed: number }>(watcher, 'ready')
    pbx.send({ type: 'calls' })

    const samples: Sample[] = []
    const started = performance.now()
    const windows = Math.max(2, Math.round((minutes * 60) / every))
    const warmAt = Math.max(1, minutes / 5)
    let warmSnapshot = false
    for (let i = 0; i < windows; i++) {
      const window = await measureWindow([watcher], every)
      const { heap, rss } = await heapAfterGc(session)
      samples.push({
        minute: round((performance.now() - started) / 60_000),
        calls: (await ask<{ calls: number }>(pbx, 'count')).calls,
        recorded: await pano.prisma.call.count(),
        heapMb: round(heap / MB),
        rssMb: Math.round(rss / MB),
        p99Ms: window.p99,
        lost: window.lost,
      })
      const minute = samples.at(-1)!.minute
      if (snapshots !== undefined && ((!warmSnapshot && minute >= warmAt) || i === windows - 1)) {
        await writeSnapshot(session, join(snapshots, `soak-${minute}min.heapsnapshot`))
        warmSnapshot = true
      }
    }
    const after = samples.filter((s) => s.minute >= warmAt)
    const warm = after[0] ?? samples[0]!
    const last = samples.at(-1)!
    const perCallMb = slope(after.map((s) => ({ x: s.calls, y: s.heapMb })))
    console.log(
      JSON.stringify({
        bench: 'soak',
        minutes,
        calls_per_s: rate,
        clients: subscribed,
        db: load.db,
        calls_offered: last.calls,
        calls_recorded: last.recorded,
        heap_warm_mb: warm.heapMb,
        heap_warm_minute: warm.minute,
        heap_end_mb: last.heapMb,
        heap_ratio: Math.round((last.heapMb / warm.heapMb) * 100) / 100,
        heap_growth_kb_per_1000_calls: Math.round(perCallMb * 1024 * 1000),
        rss_end_mb: last.rssMb,
        lost: samples.reduce((s, x) => s + x.lost, 0),
        p99_ms_first: samples[0]!.p99Ms,
        p99_ms_last: last.p99Ms,
        samples: samples.map((s) => [s.minute, s.calls, s.heapMb, s.rssMb, s.p99Ms]),
      }),
    )
  } finally {
    session.disconnect()
    for (const c of children) if (c.exitCode === null) c.kill()
    await load.close()
  }
}

runSoak().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
