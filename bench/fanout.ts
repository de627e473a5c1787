/**
 * `npm run bench -- fanout [--clients 1000] [--rate 50] [--seconds 20] [--interval 25] [--db postgres|pglite]
 *   [--client probe|socket.io-client] [--nodes N]`

 * With `--nodes N` (N ≥ 2) the run is the several-nodes one of bench/_fanout-nodes.ts instead.
 *
 * The whole Pano server (telephony service, call recording, realtime) in this process, following a PBX
 * simulator in its own process (`_fanout-pbx.ts`, as a real Asterisk is another machine) that offers
 * `rate` calls per second to a 200-agent queue; `clients` Socket.IO clients (websocket only, in two
 * child processes, `_fanout-clients.ts`) hold a kiosk token and subscribe to the wallboard (the lean
 * probe of `_socketio-probe.ts` by default, the official client with `--client socket.io-client`).
 * Latency is measured from the AMI event's receipt (the delta's `receivedAt`, the oldest event in the
 * batch) to the client's message handler; `lost` counts skipped sequence numbers over every client.
 * The server's CPU and RSS are those of this process.
 *
 * Then, in the same run, the baseline (`_fanout-baseline.ts`): with Pano and the PBX stopped, socket.io
 * alone sends a delta of the size Pano sent, as often as Pano flushed, to the same client processes;
 * `ratio_p99` is Pano's p99 over the baseline's. Prints one JSON line. Loopback only.
 *
 * The database is a fresh one on the test PostgreSQL (127.0.0.1:5432), as a production deployment that
 * serves 1 000 screens runs; `--db pglite` uses the embedded PGlite in this process (what `npm start`
 * runs for a demo), whose WASM queries share the server's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startBaseline } from './_fanout-baseline.ts'
import { cpuMs, type ClientKind } from './_fanout-measure.ts'
import { runNodes } from './_fanout-nodes.ts'
import { fanoutReport } from './_fanout-report.ts'
import { arg, ask, measureWindow, round, waitFor } from './_fanout-run.ts'
import { startPanoUnderLoad } from './_pano-under-load.ts'

const CLIENTS = fileURLToPath(new URL('./_fanout-clients.ts', import.meta.url))

async function runServer(): Promise<void> {
  const clients = arg('clients', 1000)
  const rate = arg('rate', 50)
  const seconds = arg('seconds', 20)
  const intervalMs = arg('interval', 25)
  const clientKind: ClientKind = process.argv.includes('socket.io-client') ? 'socket.io-client' : 'probe'
  const load = await startPanoUnderLoad({
    rate,
    label: 'fanout',
    env: { BROADCAST_INTERVAL_MS: String(intervalMs) },
  })
  const { pano, pbx } = load
  const children: ChildProcess[] = []
  const baseline = await startBaseline().catch(async (err: unknown) => {
    await load.close()
    throw err
  })
  try {
    const offered = async () => (await ask<{ calls: number }>(pbx, 'count')).calls
    pbx.send({ type: 'calls' })
    const shares = [Math.ceil(clients / 2), Math.floor(clients / 2)].filter((n) => n > 0)
    const clientProcesses = shares.map((n) =>
      fork(CLIENTS, [pano.url, load.token, String(n), clientKind], { execArgv: process.execArgv }),
    )
    children.push(...clientProcesses)
    const ready = await Promise.all(
      clientProcesses.map((c) => waitFor<{ subscribed: number; refused: number }>(c, 'ready')),
    )
    const subscribed = ready.reduce((s, r) => s + r.subscribed, 0)

    // ── Pano ──
    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const broadcaster = pano.realtime.broadcaster()
    const flushStart = broadcaster?.stats()
    const offeredStart = await offered()
    const cpuStart = process.cpuUsage()
    const wallStart = performance.now()
    let rssMax = process.memoryUsage().rss
    const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 500)
    const measured = await measureWindow(clientProcesses, seconds)
    clearInterval(rssTimer)
    const cpu = process.cpuUsage(cpuStart)
    const wallMs = performance.now() - wallStart
    loop.disable()
    const offeredTotal = await offered()
    const flushEnd = broadcaster?.stats()
    const flushes = flushStart && flushEnd ? flushEnd.flushes - flushStart.flushes : 0
    const perFlush = (ms: number) => round(ms / Math.max(1, flushes))

    // ── baseline: socket.io alone, Pano and the PBX stopped ──
    await load.stopPano()
    pbx.send({ type: 'stop' })
    if (measured.sample === null) throw new Error('no delta reached the clients')
    const again = await Promise.all(
      clientProcesses.map((c) =>
        ask<{ subscribed: number; refused: number }>(c, 'connect', 'ready', { url: baseline.url }),
      ),
    )
    const stopBaseline = baseline.emitEvery(wallMs / Math.max(1, flushes), measured.sample)
    const base = await measureWindow(clientProcesses, seconds)
    stopBaseline()

    console.log(
      fanoutReport(
        {
          clients: subscribed,
          rate,
          intervalMs,
          client: clientKind,
          db: load.db,
          seconds,
          measured,
          base,
          baseline: 'socket.io alone, same clients, same delta size and rate',
          baselineClients: again.reduce((s, r) => s + r.subscribed, 0),
          offeredStart,
          offeredTotal,
          wallMs,
        },
        {
          server: {
            cpu_pct: round((cpuMs(cpu) / wallMs) * 100),
            rss_mb: Math.round(rssMax / 1024 / 1024),
          },
          // The server's event-loop delay, and its broadcaster's flushes (views + diffs vs handing
          // deltas to socket.io, which writes them to every socket).
          extra: {
            server_loop_p99_ms: round(loop.percentile(99) / 1e6),
            server_loop_max_ms: round(loop.max / 1e6),
            ...(flushStart && flushEnd
              ? {
                  flushes,
                  flush_compute_ms_avg: perFlush(flushEnd.computeMs - flushStart.computeMs),
                  flush_emit_ms_avg: perFlush(flushEnd.emitMs - flushStart.emitMs),
                  flush_max_ms: round(flushEnd.flushMaxMs),
                }
              : {}),
          },
        },
      ),
    )
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill()
    await baseline.close()
    await load.close()
  }
}

;(process.argv.includes('--nodes') ? runNodes() : runServer()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
