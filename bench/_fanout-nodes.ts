/**
 * `npm run bench -- fanout --nodes N [--clients 2000] [--rate 50] [--seconds 20] [--interval 25] [--profile DIR]`
 *
 * Several Pano nodes as separate processes (test/support/process-cluster.ts) on one PostgreSQL database,
 * a private Redis and one PBX simulator process; one node holds the PBX lease and the others replay its
 * feed (docs/cluster.md). The wallboard clients (kiosk token) are spread evenly over the nodes, one
 * client process per node, and the latency is measured as in the single-node run: from the AMI event's
 * receipt at the holder (the delta's `receivedAt`) to the client's handler, so a follower's numbers
 * include the hop through Redis.
 *
 * The baseline, in the same run with Pano stopped: N plain socket.io servers joined by the Redis
 * adapter on the same Redis, each in a process of its own as Pano's nodes are
 * (bench/_fanout-baseline-node.ts), the same client processes spread the same way, one server emitting
 * a delta of the size Pano sent as often as each client received one. Prints one JSON line
 * (bench/_fanout-report.ts) with `nodes`, `nodes_cpu_pct` and `baseline_nodes_cpu_pct` (each node or
 * baseline server process's CPU during its window, % of one core, from /proc) and `baseline_every_ms`. `--profile DIR`: every node writes a V8 CPU
 * profile there when it stops.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClientKind } from './_fanout-measure.ts'
import { fanoutReport } from './_fanout-report.ts'
import { arg, ask, measureWindow, round, waitFor } from './_fanout-run.ts'

const CLIENTS = fileURLToPath(new URL('./_fanout-clients.ts', import.meta.url))
const PBX = fileURLToPath(new URL('./_fanout-pbx.ts', import.meta.url))
const BASELINE_NODE = fileURLToPath(new URL('./_fanout-baseline-node.ts', import.meta.url))
/** USER_HZ: the unit of /proc/<pid>/stat's times on Linux. */
const CLOCK_TICKS_PER_S = 100

export async function runNodes(): Promise<void> {
  const nodes = Math.max(2, Math.floor(arg('nodes', 2)))
  const clients = arg('clients', 2000)
  const rate = arg('rate', 50)
  const seconds = arg('seconds', 20)
  const intervalMs = arg('interval', 25)
  const clientKind: ClientKind = process.argv.includes('socket.io-client') ? 'socket.io-client' : 'probe'
  const profileAt = process.argv.indexOf('--profile')
  const profileDir = profileAt >= 0 ? resolve(process.argv[profileAt + 1] ?? 'fanout-profiles') : null
  const [{ createTestDatabase }, { startPrivateRedis, startProcessCluster }, { issueKioskToken }] =
    await Promise.all([
      import('../test/support/test-database.ts'),
      import('../test/support/process-cluster.ts'),
      import('../server/auth/kiosk-tokens.ts'),
    ])
  const database = await createTestDatabase()
  const redis = await startPrivateRedis()
  const profileArgs = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
  const pbx = fork(PBX, [String(rate), 'bench', 'bench-secret'], {
    execArgv: [...process.execArgv, ...profileArgs],
  })
  const children: ChildProcess[] = [pbx]
  let cluster: ReturnType<typeof startProcessCluster> | null = null
  const baseline: ChildProcess[] = []
  try {
    const { port } = await waitFor<{ port: number }>(pbx, 'listening')
    cluster = startProcessCluster({
      databaseUrl: database.url,
      redisUrl: redis.url,
      pbxs: [
        { id: 'main', host: '127.0.0.1', port, username: 'bench', secret: 'bench-secret', auth: 'plain' },
      ],
      env: { BROADCAST_INTERVAL_MS: String(intervalMs), LOG_LEVEL: 'silent' },
      // Each node writes a V8 CPU profile into this folder when it stops.
      ...(profileDir === null ? {} : { nodeArgs: profileArgs }),
    })
    const started = []
    for (let i = 0; i < nodes; i++) started.push(await cluster.start(`node-${i + 1}`))
    pbx.send({ type: 'calls' })
    const admin = await database.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } })
    const { token } = await issueKioskToken(database.prisma, {
      label: 'bench',
      boards: ['queues'],
      createdById: admin.id,
    })
    const share = (i: number) => Math.floor(clients / nodes) + (i < clients % nodes ? 1 : 0)
    const clientProcesses = started.map((node, i) =>
      fork(CLIENTS, [node.url, token, String(share(i)), clientKind], { execArgv: process.execArgv }),
    )
    children.push(...clientProcesses)
    const ready = await Promise.all(
      clientProcesses.map((c) => waitFor<{ subscribed: number; refused: number }>(c, 'ready')),
    )
    const subscribed = ready.reduce((s, r) => s + r.subscribed, 0)
    const offeredStart = (await ask<{ calls: number }>(pbx, 'count')).calls
    const cpuStart = started.map((n) => processCpuMs(n.child.pid))
    const pbxCpuStart = processCpuMs(pbx.pid)
    const machineStart = machineTicks()
    const wallStart = performance.now()
    const measured = await measureWindow(clientProcesses, seconds)
    const wallMs = performance.now() - wallStart
    const machineBusy = busyPct(machineStart, machineTicks())
    const pbxCpu = cpuPct(pbxCpuStart, processCpuMs(pbx.pid), wallMs)
    const nodesCpu = started.map((n, i) => cpuPct(cpuStart[i] ?? null, processCpuMs(n.child.pid), wallMs))
    const offeredTotal = (await ask<{ calls: number }>(pbx, 'count')).calls
    if (measured.sample === null) throw new Error('no delta reached the clients')

    // ── baseline: socket.io + the Redis adapter alone, Pano and the PBX stopped ──
    await cluster.close()
    cluster = null
    pbx.send({ type: 'stop' })
    for (let i = 0; i < nodes; i++) {
      baseline.push(fork(BASELINE_NODE, [redis.url], { execArgv: process.execArgv }))
    }
    const baseUrls = await Promise.all(baseline.map((b) => waitFor<{ url: string }>(b, 'listening')))
    const again = await Promise.all(
      clientProcesses.map((c, i) =>
        ask<{ subscribed: number }>(c, 'connect', 'ready', { url: baseUrls[i]?.url }),
      ),
    )
    // As often as each Pano client got a delta.
    const everyMs = (wallMs * Math.max(1, subscribed)) / Math.max(1, measured.count)
    await ask(baseline[0]!, 'emit', 'emitting', { every: everyMs, sample: measured.sample })
    const baseCpuStart = baseline.map((b) => processCpuMs(b.pid))
    const baseMachineStart = machineTicks()
    const baseWallStart = performance.now()
    const base = await measureWindow(clientProcesses, seconds)
    const baseWallMs = performance.now() - baseWallStart
    const baseMachineBusy = busyPct(baseMachineStart, machineTicks())
    const baseNodesCpu = baseline.map((b, i) =>
      cpuPct(baseCpuStart[i] ?? null, processCpuMs(b.pid), baseWallMs),
    )
    await ask(baseline[0]!, 'stop-emit', 'stopped')

    console.log(
      fanoutReport(
        {
          clients: subscribed,
          rate,
          intervalMs,
          client: clientKind,
          db: 'postgres',
          seconds,
          measured,
          base,
          baseline: `socket.io with the Redis adapter alone on ${nodes} server processes, same clients spread the same way, same delta size and rate`,
          baselineClients: again.reduce((s, r) => s + r.subscribed, 0),
          offeredStart,
          offeredTotal,
          wallMs,
        },
        {
          head: { nodes },
          extra: {
            baseline_every_ms: round(everyMs),
            nodes_cpu_pct: nodesCpu,
            baseline_nodes_cpu_pct: baseNodesCpu,
            pbx_cpu_pct: pbxCpu,
            // The whole machine (every core, every process) during each window, from /proc/stat.
            machine_busy_pct: machineBusy,
            baseline_machine_busy_pct: baseMachineBusy,
            // Per node in start order: the first node started alone, so it holds the PBX lease.
            per_node_p50_ms: measured.perProcess.map((n) => n.p50),
            per_node_p99_ms: measured.perProcess.map((n) => n.p99),
            per_node_since_flush_p99_ms: measured.perProcess.map((n) => n.sinceFlushP99),
            per_node_batch_wait_p99_ms: measured.perProcess.map((n) => n.batchWaitP99),
            baseline_per_node_p99_ms: base.perProcess.map((n) => n.sinceFlushP99),
          },
        },
      ),
    )
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill()
    await cluster?.close()
    await Promise.all(baseline.map((b) => closeChild(b)))
    await redis.stop()
    await database.drop()
  }
}

/** Asks a baseline server process to close and waits for it to exit. */
function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.send({ type: 'close' })
  })
}

/** A process's CPU use between two readings of processCpuMs over `wallMs` (% of one core). */
function cpuPct(fromMs: number | null, toMs: number | null, wallMs: number): number | null {
  return fromMs === null || toMs === null ? null : round(((toMs - fromMs) / wallMs) * 100)
}

interface MachineTicks {
  readonly busy: number
  readonly total: number
}

/** The machine's CPU time so far (all cores, clock ticks): busy and in all; null off Linux. */
function machineTicks(): MachineTicks | null {
  try {
    // First line: cpu user nice system idle iowait irq softirq steal ...
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

/** Share of all cores busy between two readings (%). */
function busyPct(from: MachineTicks | null, to: MachineTicks | null): number | null {
  if (from === null || to === null || to.total === from.total) return null
  return round(((to.busy - from.busy) / (to.total - from.total)) * 100)
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    // Fields after the command name: state is field 3, utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S
  } catch {
    return null
  }
}
