/**
 * Several Pano nodes as separate processes (test/support/cluster-node.ts) on one PostgreSQL database,
 * one Redis and one PBX simulator, as production runs them behind a load balancer. A node can be stopped
 * cleanly or killed with SIGKILL; Redis can be a private server that the test restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import { createClient } from 'redis'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface NodeProcess {
  readonly name: string
  readonly url: string
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
}

export interface ProcessCluster {
  readonly nodes: NodeProcess[]
  start(name: string, extraEnv?: Record<string, string>): Promise<NodeProcess>
  kill(node: NodeProcess, signal?: NodeJS.Signals): Promise<void>
  close(): Promise<void>
}

/** The demo's PBX (`demo`) as an in-process simulator serves it: the AMI login every node uses. */
export function simulatorPbx(sim: { host: string; port: number }) {
  return {
    id: 'demo',
    host: sim.host,
    port: sim.port,
    username: 'dashboard',
    secret: 'dashboard-secret',
    auth: 'plain' as const,
  }
}

export function startProcessCluster(options: {
  databaseUrl: string
  redisUrl: string
  pbxs: ReadonlyArray<{
    id: string
    host: string
    port: number
    username: string
    secret: string
    auth: 'plain' | 'md5'
  }>
  env?: Record<string, string>
  /** Extra Node.js flags for every node (the fan-out bench's `--profile`: `--cpu-prof`). */
  nodeArgs?: readonly string[]
}): ProcessCluster {
  const keyPrefix = `pano-test:${randomUUID()}:`
  const nodes: NodeProcess[] = []
  let first = true

  async function start(name: string, extraEnv: Record<string, string> = {}): Promise<NodeProcess> {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      AMI_PBXS: JSON.stringify(options.pbxs),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env['PANO_TEST_NODE_LOG'] ?? 'warn',
      PANO_TEST_KEY_PREFIX: keyPrefix,
      PANO_TEST_SEED_DEMO: first ? '1' : '0',
      BROADCAST_INTERVAL_MS: '20',
      ...options.env,
      ...extraEnv,
      ...(process.env['PANO_TEST_NODE_LOG'] ? { LOG_LEVEL: process.env['PANO_TEST_NODE_LOG'] } : {}),
    }
    first = false
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, 'test/support/cluster-node.ts')],
      {
        cwd: ROOT,
        env,
        // stdin stays open while this process lives: the node stops when it closes (cluster-node.ts).
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
      if (process.env['PANO_TEST_NODE_LOG']) process.stderr.write(`[${name}] ${d.toString()}`)
    })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(
        () => reject(new Error(`node ${name} did not start: ${stderr.slice(-2000)}`)),
        60_000,
      )
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        if (process.env['PANO_TEST_NODE_LOG']) process.stderr.write(`[${name}] ${d.toString()}`)
        const m = /READY (\S+)/.exec(out)
        if (m?.[1]) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      void exited.then((code) => {
        clearTimeout(timer)
        reject(new Error(`node ${name} exited (${String(code)}) before it was ready: ${stderr.slice(-2000)}`))
      })
    })
    const node = { name, url, child, exited }
    nodes.push(node)
    return node
  }

  async function kill(node: NodeProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    nodes.splice(nodes.indexOf(node), 1)
    node.child.kill(signal)
    const timer = setTimeout(() => node.child.kill('SIGKILL'), 15_000)
    await node.exited
    clearTimeout(timer)
  }

  return {
    nodes,
    start,
    kill,
    async close() {
      await Promise.all([...nodes].map((n) => kill(n)))
      const redis = createClient({ url: options.redisUrl })
      await redis.connect().catch(() => undefined)
      if (redis.isOpen) {
        for await (const batch of redis.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 }))
          if (batch.length > 0) await redis.del(batch)
        await redis.quit()
      }
    },
  }
}

/** A private redis-server on a free loopback port, which a test may stop and start again. */
export interface PrivateRedis {
  readonly url: string
  stop(): Promise<void>
  start(): Promise<void>
}

/**
 * redis-server has no way to follow its parent, so it runs under a shell that waits for its stdin to
 * close: when this process goes, killed or not, the pipe closes and the shell kills the server.
 */
const REDIS_UNTIL_STDIN_CLOSES = 'redis-server "$@" & pid=$!; cat > /dev/null; kill -9 $pid; wait $pid'

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    child = spawn('sh', ['-c', REDIS_UNTIL_STDIN_CLOSES, 'sh', ...args], {
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    for (let i = 0; i < 100; i++) {
      if (await answers(port)) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('private redis-server did not start')
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    /** As a crash: the server is killed (SIGKILL) and gone when this resolves. */
    async stop() {
      const c = child
      child = null
      if (c === null) return
      const gone = new Promise((r) => c.once('exit', r))
      c.stdin?.end()
      await gone
    },
    start,
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.end()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
    srv.once('error', reject)
  })
}
