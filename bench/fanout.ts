/**
 * `npm run bench -- fanout [--clients 1000] [--rate 50] [--seconds 20] [--interval 25] [--db postgres|pglite]
 *   [--client probe|socket.io-client]`
 *
 * The whole Pano server (telephony service, call recording, realtime) in this process, following a PBX
 * simulator in its own process (as a real Asterisk is another machine) that offers `rate` calls per
 * second to a 200-agent queue; `clients` socket.io clients (websocket only, in two child processes)
 * hold a kiosk token and subscribe to the wallboard (the lean probe of `_socketio-probe.ts` by default,
 * the official client with `--client socket.io-client`). Latency is measured from the AMI event's receipt
 * (the delta's `receivedAt`, the oldest event in the batch) to the client's message handler; `lost`
 * counts skipped sequence numbers over every client. The server's CPU and RSS are those of this
 * process. Prints one JSON line. Loopback only.
 * The database is a fresh one on the test PostgreSQL (127.0.0.1:5432), as a production deployment that
 * serves 1 000 screens runs; `--db pglite` uses the embedded PGlite in this process (what `npm start`
 * runs for a demo), whose WASM queries share the server's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { io as connect } from 'socket.io-client'
import { connectProbe, type ProbeSocket } from './_socketio-probe.ts'
import type { ViewDelta, ViewSnapshot, Ack } from '../server/contract/events.ts'
import type { PlaceCallOptions } from '../telephony/simulator/index.ts'

const SELF = fileURLToPath(import.meta.url)
const PBX_USER = 'bench'
const PBX_SECRET = 'bench-secret'
const BUCKET_MS = 0.1
const BUCKETS = 20_000 // up to 2 s; slower goes in the last bucket (max is kept apart)

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

const bucketOf = (ms: number) => Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)))
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000

interface ClientReport {
  histogram: number[]
  /** The same deliveries measured from the flush that sent them (`delta.at`): emission + transport + client. */
  sinceFlush: number[]
  count: number
  max: number
  lost: number
  subscribed: number
  refused: number
  /** This client process's CPU use while recording (% of one core). */
  cpuPct: number
  /** This client process's own event-loop delay while recording (ms): how busy the measurer was. */
  loopP99Ms: number
  loopMaxMs: number
}

// ── child: a share of the clients ────────────────────────────────────────────────────────────────
type ClientKind = 'probe' | 'socket.io-client'

/** The official client behind the probe's interface (`--client socket.io-client`). */
function openOfficialClient(url: string, auth: Record<string, unknown>): Promise<ProbeSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, auth })
    socket.once('connect', () =>
      resolve({
        emitWithAck: (event, payload) => socket.emitWithAck(event, payload) as Promise<unknown>,
        on: (event, listener) => void socket.on(event, listener),
        disconnect: () => void socket.disconnect(),
      }),
    )
    socket.once('connect_error', (err: Error) => {
      socket.disconnect()
      reject(err)
    })
  })
}
async function runClients(url: string, token: string, count: number, kind: ClientKind): Promise<void> {
  const histogram = new Array<number>(BUCKETS).fill(0)
  const sinceFlush = new Array<number>(BUCKETS).fill(0)
  let samples = 0
  let max = 0
  let lost = 0
  let recording = false
  let subscribed = 0
  let refused = 0
  const sockets: ProbeSocket[] = []
  const loop = monitorEventLoopDelay({ resolution: 5 })
  let cpuStart = process.cpuUsage()
  let wallStart = performance.now()

  const reasons = new Map<string, number>()
  const open = kind === 'socket.io-client' ? openOfficialClient : connectProbe
  const one = async (attempt = 0): Promise<void> => {
    let socket: ProbeSocket
    try {
      socket = await open(url, { token })
    } catch (err) {
      // A handshake that found the server busy is tried again, as a TV would.
      if (attempt < 5) {
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)))
        return one(attempt + 1)
      }
      refused++
      const message = err instanceof Error ? err.message : String(err)
      reasons.set(message, (reasons.get(message) ?? 0) + 1)
      return
    }
    sockets.push(socket)
    let stream: string | null = null
    let seq = 0
    const held: ViewDelta[] = []
    const take = (d: ViewDelta) => {
      if (d.stream !== stream || d.seq <= seq) return
      if (recording) lost += d.seq - seq - 1
      seq = d.seq
    }
    socket.on('wallboard:changed', (payload) => {
      const d = payload as ViewDelta
      if (recording && d.receivedAt !== null) {
        const ms = Date.now() - d.receivedAt
        samples++
        if (ms > max) max = ms
        histogram[bucketOf(ms)]! += 1
        sinceFlush[bucketOf(Date.now() - d.at)]! += 1
      }
      if (stream === null) held.push(d)
      else take(d)
    })
    const answer = (await socket.emitWithAck('view:subscribe', { view: 'wallboard' })) as Ack<ViewSnapshot>
    if (!answer.ok) {
      refused++
      return
    }
    stream = answer.data.stream
    seq = answer.data.seq
    held.splice(0).forEach(take)
    subscribed++
  }

  // Connect in waves so the handshake checks do not all hit the database at once.
  for (let i = 0; i < count; i += 25)
    await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => one()))
  if (reasons.size > 0) console.error('refused handshakes:', Object.fromEntries(reasons))
  process.send?.({ type: 'ready', subscribed, refused })
  process.on('message', (m: { type: string }) => {
    if (m.type === 'start') {
      recording = true
      loop.enable()
      cpuStart = process.cpuUsage()
      wallStart = performance.now()
    }
    if (m.type === 'stop') {
      recording = false
      loop.disable()
      const report: ClientReport = {
        histogram,
        sinceFlush,
        count: samples,
        max,
        lost,
        subscribed,
        refused,
        cpuPct: (cpuMs(process.cpuUsage(cpuStart)) / (performance.now() - wallStart)) * 100,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
      }
      process.send?.({ type: 'report', report }, undefined, undefined, () => {
        for (const s of sockets) s.disconnect()
        process.exit(0)
      })
    }
  })
}

// ── child: the PBX (simulator) and the calls it is offered ────────────────────────────────────────
async function runPbx(rate: number): Promise<void> {
  const telephony = await import('../telephony/index.ts')
  const base = telephony.DEMO_QUEUES[0]!
  const agents = Array.from({ length: 200 }, (_, i) => ({
    interface: `Local/${1001 + i}@agents/n`,
    memberName: `Temsilci ${1001 + i}`,
    username: `bench${i}`,
    extension: String(1001 + i),
  }))
  const sim = await telephony.createPbxSimulator({
    clock: 'real',
    seed: 42,
    noise: 'none',
    username: PBX_USER,
    secret: PBX_SECRET,
    queues: [{ ...base, members: agents, wrapUpSec: 0 }],
  })
  let stopCalls = () => {}
  process.on('message', (m: { type: string }) => {
    if (m.type === 'calls') stopCalls = paceCalls(sim, base.name, rate)
    if (m.type === 'count') process.send?.({ type: 'count', calls: sim.groundTruth().calls.length })
    if (m.type === 'stop') {
      stopCalls()
      void sim.close().then(() => process.exit(0))
    }
  })
  process.send?.({ type: 'listening', port: sim.port })
}

// ── parent: the server and the measurement ──────────────────────────────────────────────────────────
function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string } & T) => {
      if (m.type !== type) return
      child.off('message', onMessage)
      resolve(m)
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`client process exited (${code}) before "${type}"`)))
  })
}

/** Sends `{ type }` to a child and waits for its answer of the same type. */
function ask<T>(child: ChildProcess, type: string): Promise<T> {
  const answer = waitFor<T>(child, type)
  child.send({ type })
  return answer
}

function percentile(histogram: number[], total: number, p: number): number {
  const target = Math.ceil(total * p)
  let seen = 0
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0
    if (seen >= target) return (i + 1) * BUCKET_MS
  }
  return histogram.length * BUCKET_MS
}

/** A small seeded generator so every run offers the same calls. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Offers `rate` calls per second by the wall clock. The simulator's own scenario generator waits for
 * each arrival's timer before setting the next, so every millisecond of event-loop delay in this
 * (shared) process stretched the gaps and it offered ~30 calls/s instead of 50; here a late tick
 * places every call that is due. Calls: ring 0.2–0.5 s, talk 5–6 s, 5 % abandon after ~5 s.
 */
function paceCalls(
  sim: { placeCall(o: PlaceCallOptions): unknown },
  queue: string,
  rate: number,
): () => void {
  const random = seeded(42)
  const start = performance.now()
  let placed = 0
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * rate)
    for (; placed < due; placed++) {
      let number = '+905'
      for (let i = 0; i < 9; i++) number += String(Math.floor(random() * 10))
      const abandons = random() < 0.05
      sim.placeCall({
        queue,
        callerNumber: number,
        answer: Math.round(200 + random() * 300),
        talkMs: Math.round(5000 + random() * 1000),
        ...(abandons ? { patienceMs: Math.round(1000 - Math.log(1 - random()) * 4000) } : {}),
      })
    }
  }, 5)
  return () => clearInterval(timer)
}

async function runServer(): Promise<void> {
  const clients = arg('clients', 1000)
  const rate = arg('rate', 50)
  const seconds = arg('seconds', 20)
  const intervalMs = arg('interval', 25)
  const clientKind: ClientKind = process.argv.includes('socket.io-client') ? 'socket.io-client' : 'probe'
  const dbArg = process.argv.includes('--db') ? process.argv[process.argv.indexOf('--db') + 1] : 'postgres'
  if (dbArg !== 'postgres' && dbArg !== 'pglite') throw new Error('--db must be postgres or pglite')
  const [{ startPano }, { loadConfig }, { issueKioskToken }] = await Promise.all([
    import('../server/main.ts'),
    import('../server/config.ts'),
    import('../server/auth/kiosk-tokens.ts'),
  ])
  const dataDir = await mkdtemp(join(tmpdir(), 'pano-bench-fanout-'))
  const database =
    dbArg === 'postgres'
      ? await (
          await import('../test/support/test-database.ts')
        )
          .createTestDatabase()
          .catch((err: unknown) => {
            throw new Error(`PostgreSQL on 127.0.0.1:5432 is needed (or pass --db pglite): ${String(err)}`)
          })
      : null
  const pbx = fork(SELF, ['pbx', String(rate)], { execArgv: process.execArgv })
  const children: ChildProcess[] = [pbx]
  const { port } = await waitFor<{ port: number }>(pbx, 'listening')
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
    LOG_LEVEL: 'silent',
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(port),
    AMI_USERNAME: PBX_USER,
    AMI_SECRET: PBX_SECRET,
    AMI_AUTH: 'plain',
    BROADCAST_INTERVAL_MS: String(intervalMs),
  })
  const pano = await startPano(config, { seedDemo: true, clientDir: null, print: () => {} })
  const offered = async () => (await ask<{ calls: number }>(pbx, 'count')).calls
  pbx.send({ type: 'calls' })
  try {
    const admin = await pano.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } })
    const { token } = await issueKioskToken(pano.prisma, {
      label: 'bench',
      boards: ['queues'],
      createdById: admin.id,
    })
    const shares = [Math.ceil(clients / 2), Math.floor(clients / 2)].filter((n) => n > 0)
    const clientProcesses = shares.map((n) =>
      fork(SELF, ['client', pano.url, token, String(n), clientKind], { execArgv: process.execArgv }),
    )
    children.push(...clientProcesses)
    const ready = await Promise.all(
      clientProcesses.map((c) => waitFor<{ subscribed: number; refused: number }>(c, 'ready')),
    )
    const subscribed = ready.reduce((s, r) => s + r.subscribed, 0)

    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const broadcaster = pano.realtime.broadcaster()
    const flushStart = broadcaster?.stats()
    const offeredStart = await offered()
    const cpuStart = process.cpuUsage()
    const wallStart = performance.now()
    for (const c of clientProcesses) c.send({ type: 'start' })
    let rssMax = process.memoryUsage().rss
    const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 500)
    await new Promise((r) => setTimeout(r, seconds * 1000))
    const reports = clientProcesses.map((c) => waitFor<{ report: ClientReport }>(c, 'report'))
    for (const c of clientProcesses) c.send({ type: 'stop' })
    const done = await Promise.all(reports)
    clearInterval(rssTimer)
    const cpu = process.cpuUsage(cpuStart)
    const wallMs = performance.now() - wallStart
    loop.disable()
    const offeredTotal = await offered()
    const offeredInWindow = offeredTotal - offeredStart
    const flushEnd = broadcaster?.stats()

    const histogram = new Array<number>(BUCKETS).fill(0)
    const sinceFlush = new Array<number>(BUCKETS).fill(0)
    let count = 0
    let max = 0
    let lost = 0
    let clientLoopP99 = 0
    let clientLoopMax = 0
    let clientCpu = 0
    for (const { report } of done) {
      clientCpu = Math.max(clientCpu, report.cpuPct)
      clientLoopP99 = Math.max(clientLoopP99, report.loopP99Ms)
      clientLoopMax = Math.max(clientLoopMax, report.loopMaxMs)
      report.histogram.forEach((n, i) => (histogram[i]! += n))
      report.sinceFlush.forEach((n, i) => (sinceFlush[i]! += n))
      count += report.count
      max = Math.max(max, report.max)
      lost += report.lost
    }
    const round = (n: number) => Math.round(n * 10) / 10
    console.log(
      JSON.stringify({
        bench: 'fanout',
        clients: subscribed,
        calls_per_s: rate,
        p50_ms: round(percentile(histogram, count, 0.5)),
        p99_ms: round(percentile(histogram, count, 0.99)),
        max_ms: round(max),
        lost,
        cpu_pct: round((cpuMs(cpu) / wallMs) * 100),
        rss_mb: Math.round(rssMax / 1024 / 1024),
        interval_ms: intervalMs,
        client: clientKind,
        db: database ? 'postgres' : 'pglite',
        seconds,
        deliveries: count,
        calls_offered_total: offeredTotal,
        calls_offered_per_s: round(offeredInWindow / (wallMs / 1000)),
        // Where the time goes (extra, labelled): latency counted from the flush that sent the delta
        // (so p99_ms minus this is the batching wait), the server's and the measuring clients'
        // event-loop delay and CPU, and the broadcaster's flushes (views + diffs vs handing deltas to
        // socket.io, which writes them to every socket).
        since_flush_p50_ms: round(percentile(sinceFlush, count, 0.5)),
        since_flush_p99_ms: round(percentile(sinceFlush, count, 0.99)),
        server_loop_p99_ms: round(loop.percentile(99) / 1e6),
        server_loop_max_ms: round(loop.max / 1e6),
        client_loop_p99_ms: round(clientLoopP99),
        client_loop_max_ms: round(clientLoopMax),
        client_cpu_pct: round(clientCpu),
        ...(flushStart && flushEnd
          ? {
              flushes: flushEnd.flushes - flushStart.flushes,
              flush_compute_ms_avg: round(
                (flushEnd.computeMs - flushStart.computeMs) /
                  Math.max(1, flushEnd.flushes - flushStart.flushes),
              ),
              flush_emit_ms_avg: round(
                (flushEnd.emitMs - flushStart.emitMs) / Math.max(1, flushEnd.flushes - flushStart.flushes),
              ),
              flush_max_ms: round(flushEnd.flushMaxMs),
            }
          : {}),
      }),
    )
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill()
    await pano.close()
    await rm(dataDir, { recursive: true, force: true })
    await database?.drop()
  }
}

const fail = (err: unknown) => {
  console.error(err)
  process.exit(1)
}
if (process.argv[2] === 'client') {
  const [, , , url, token, count, kind] = process.argv
  runClients(url ?? '', token ?? '', Number(count), kind === 'socket.io-client' ? kind : 'probe').catch(fail)
} else if (process.argv[2] === 'pbx') {
  runPbx(Number(process.argv[3])).catch(fail)
} else {
  runServer().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
