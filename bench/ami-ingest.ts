/**
 * AMI ingest throughput: Pano's client (framer + message + ActionID routing + decodeAmiEvent) against
 * the `asterisk-manager` 0.2.0 baseline, on the same event stream served over loopback TCP by a child
 * process (bench/_ami-event-stream.ts). Prints one JSON line.
 *
 *   npm run bench -- ami-ingest [--events 1000000] [--pano-only]
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { decodeAmiEvent } from '../telephony/ami/events.ts'
import { createAmiClient, type AmiLogger } from '../telephony/connection/ami-client.ts'

interface BaselineManager {
  on(event: string, listener: (...args: unknown[]) => void): void
  disconnect(): void
}
type BaselineFactory = (
  port: number,
  host: string,
  user: string,
  secret: string,
  events: boolean,
) => BaselineManager

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'pano-only': { type: 'boolean', default: false },
  },
})
const total = Number(values.events)

// A full GC between runs, so one run's garbage is not collected on the next one's clock, and so the
// heap left after each run can be reported (memory must stay flat however many events pass).
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const mb = (bytes: number) => Math.round(bytes / 2 ** 20)

const silent: AmiLogger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent }

async function startStreamServer(): Promise<{ port: number; stop: () => void }> {
  const file = fileURLToPath(new URL('./_ami-event-stream.ts', import.meta.url))
  const child = spawn(process.execPath, [...process.execArgv, file, '--serve', String(total)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const [line] = (await once(child.stdout, 'data')) as [Buffer]
  return { port: Number(line.toString().trim()), stop: () => child.kill() }
}

interface Run {
  readonly seconds: number
  /** CPU time this process spent (the stream server runs in a child), for a loaded machine. */
  readonly cpuSeconds: number
  readonly rssStartMb: number
  readonly rssEndMb: number
  readonly rssMaxMb: number
  /** Heap in use after a full GC once the run is over and its client closed. */
  readonly heapAfterGcMb: number
}

/** Highest RSS seen during the current run, sampled every RSS_SAMPLE_EVERY events. */
const RSS_SAMPLE_EVERY = 50_000
let rssMax = 0
function sampleRss(): void {
  rssMax = Math.max(rssMax, process.memoryUsage.rss())
}

/** Runs `body` between two full GCs and records RSS before, during (max) and after it. */
async function measured<T extends { seconds: number; cpuSeconds: number }>(
  body: () => Promise<T>,
): Promise<T & Run> {
  gc()
  const rssStartMb = mb(process.memoryUsage().rss)
  rssMax = 0
  const r = await body()
  const rssEndMb = mb(process.memoryUsage().rss)
  const rssMaxMb = mb(Math.max(rssMax, process.memoryUsage.rss()))
  gc()
  return { ...r, rssStartMb, rssEndMb, rssMaxMb, heapAfterGcMb: mb(process.memoryUsage().heapUsed) }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

async function runPano(
  port: number,
  decode: boolean,
): Promise<{ seconds: number; cpuSeconds: number; decodeErrors: number; unknown: number }> {
  const client = createAmiClient({
    pbxId: 'bench',
    host: '127.0.0.1',
    port,
    username: 'bench',
    secret: 'bench',
    logger: silent,
    pingIntervalMs: 3_600_000,
    actionTimeoutMs: 50,
  })
  let count = 0
  let decodeErrors = 0
  let unknown = 0
  let started = 0
  let cpu = process.cpuUsage()
  const done = new Promise<number>((resolve) => {
    client.on('connected', () => {
      started = performance.now()
      cpu = process.cpuUsage()
    })
    client.on('event', ({ message }) => {
      if (decode) {
        const decoded = decodeAmiEvent(message)
        if (decoded.type === 'decodeError') decodeErrors++
        else if (decoded.type === 'unknown') unknown++
      }
      if (++count % RSS_SAMPLE_EVERY === 0) sampleRss()
      if (count === total) resolve(performance.now())
    })
  })
  client.start()
  const ended = await done
  const cpuSeconds = cpuSecondsSince(cpu)
  await client.stop()
  return { seconds: (ended - started) / 1000, cpuSeconds, decodeErrors, unknown }
}

async function runBaseline(port: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const Manager = createRequire(import.meta.url)('asterisk-manager') as BaselineFactory
  const ami = Manager(port, '127.0.0.1', 'bench', 'bench', true)
  let count = 0
  let started = 0
  let cpu = process.cpuUsage()
  const ended = await new Promise<number>((resolve) => {
    ami.on('response', () => {
      if (started !== 0) return
      started = performance.now()
      cpu = process.cpuUsage()
    })
    ami.on('managerevent', () => {
      if (++count % RSS_SAMPLE_EVERY === 0) sampleRss()
      if (count === total) resolve(performance.now())
    })
  })
  const cpuSeconds = cpuSecondsSince(cpu)
  ami.disconnect()
  return { seconds: (ended - started) / 1000, cpuSeconds }
}

const load = loadavg()[0] ?? NaN
const server = await startStreamServer()
try {
  const parseOnly = await measured(() => runPano(server.port, false))
  const pano = await measured(() => runPano(server.port, true))
  const panoRss = pano.rssEndMb
  const baseline = values['pano-only']
    ? { seconds: NaN, cpuSeconds: NaN, rssEndMb: NaN, rssMaxMb: NaN }
    : await measured(() => runBaseline(server.port))
  const panoRate = total / pano.seconds
  const baselineRate = total / baseline.seconds
  console.log(
    JSON.stringify({
      bench: 'ami-ingest',
      events: total,
      pano_events_per_s: Math.round(panoRate),
      baseline_events_per_s: Math.round(baselineRate),
      ratio: Number((panoRate / baselineRate).toFixed(2)),
      pano_rss_mb: panoRss,
      pano_events_per_cpu_s: Math.round(total / pano.cpuSeconds),
      pano_without_decode_events_per_s: Math.round(total / parseOnly.seconds),
      pano_without_decode_events_per_cpu_s: Math.round(total / parseOnly.cpuSeconds),
      baseline_events_per_cpu_s: Math.round(total / baseline.cpuSeconds),
      pano_decode_errors: pano.decodeErrors,
      pano_unknown_events: pano.unknown,
      pano_rss_start_mb: pano.rssStartMb,
      pano_rss_max_mb: pano.rssMaxMb,
      pano_heap_after_gc_mb: pano.heapAfterGcMb,
      pano_without_decode_rss_start_mb: parseOnly.rssStartMb,
      pano_without_decode_rss_end_mb: parseOnly.rssEndMb,
      pano_without_decode_heap_after_gc_mb: parseOnly.heapAfterGcMb,
      baseline_rss_end_mb: baseline.rssEndMb,
      baseline_rss_max_mb: baseline.rssMaxMb,
      load_average_1m: Number(load.toFixed(1)),
    }),
  )
} finally {
  server.stop()
}
