/**
 * Several Pano nodes in this process on one PostgreSQL database and the real Redis (REDIS_URL set, so
 * sessions live in Redis and the socket.io Redis adapter is attached), each following its own PBX
 * simulator. Every run uses its own Redis key prefix, so parallel runs share neither sessions nor
 * adapter channels; `close()` deletes the keys the run left behind.
 */
import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import { loadConfig } from '../../../server/config.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { createPbxSimulator, type PbxSimulator, type PbxSimulatorOptions } from '../../../telephony/index.ts'
import type { TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from './live-harness.ts'
import { followSimulator } from '../../support/simulator-telephony.ts'

export const REDIS_URL = 'redis://127.0.0.1:6379'

export interface PanoNode {
  readonly name: string
  readonly pano: RunningPano
  readonly sim: PbxSimulator
  readonly url: string
}

export interface Cluster {
  start(name: string, options?: { seedDemo?: boolean; sim?: Partial<PbxSimulatorOptions> }): Promise<PanoNode>
  /** A socket.io client on `node`, connected (or rejected with the handshake error). */
  socket(node: PanoNode, auth: { cookie?: string; token?: string }): Promise<TestSocket>
  /** Shuts one node down (as a rolling restart would). */
  stop(node: PanoNode): Promise<void>
  /** Keys under this run's prefix. */
  keys(pattern?: string): Promise<string[]>
  close(): Promise<void>
}

export async function startCluster(db: TestDatabase): Promise<Cluster> {
  const keyPrefix = `pano-test:${randomUUID()}:`
  const redis = createClient({ url: REDIS_URL })
  await redis.connect()
  const nodes: PanoNode[] = []
  const sockets: TestSocket[] = []

  const stop = async (node: PanoNode) => {
    nodes.splice(nodes.indexOf(node), 1)
    await node.pano.close()
    await node.sim.close()
  }

  const keys = async (pattern = '*') => {
    const found: string[] = []
    for await (const batch of redis.scanIterator({ MATCH: `${keyPrefix}${pattern}`, COUNT: 500 }))
      found.push(...batch)
    return found
  }

  return {
    async start(name, options = {}) {
      const sim = await createPbxSimulator({
        clock: 'real',
        speed: 1,
        seed: 7,
        noise: 'none',
        ...options.sim,
      })
      const config = loadConfig({
        DATABASE_URL: db.url,
        REDIS_URL,
        PORT: '0',
        LOG_LEVEL: 'silent',
        SIMULATOR: 'off',
        BROADCAST_INTERVAL_MS: '20',
      })
      const pano = await startPano(config, {
        database: { prisma: db.prisma, kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
        seedDemo: options.seedDemo ?? false,
        clientDir: null,
        print: () => {},
        redisKeyPrefix: keyPrefix,
        startTelephony: followSimulator(sim),
      })
      const node = { name, pano, sim, url: pano.url }
      nodes.push(node)
      await until(
        () => pano.telephony?.pbxStatus() ?? [],
        (s) => s.length > 0 && s.every((p) => p.state === 'live'),
        `node ${name}'s PBX to be live`,
      )
      return node
    },
    socket: (node, auth) => openTestSocket(node.url, auth, sockets),
    stop,
    keys,
    async close() {
      for (const s of sockets) s.disconnect()
      for (const node of [...nodes].reverse()) await stop(node)
      const left = await keys()
      if (left.length > 0) await redis.del(left)
      await redis.quit()
    },
  }
}

/** Signs in on `node` (password `demo`): the cookie and the CSRF token of that session. */
export async function signIn(
  node: PanoNode,
  username: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (res.status !== 204) throw new Error(`sign-in as ${username} on ${node.name}: ${res.status}`)
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('pano_session='))
    ?.split(';')[0]
  if (!cookie) throw new Error('no session cookie')
  const me = await fetch(`${node.url}/api/v1/auth/me`, { headers: { cookie } })
  return { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
}

/** Resolves with the first `event` argument, or rejects after `timeoutMs`. */
export function nextEvent<T>(socket: TestSocket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs)
    ;(socket.once as (e: string, l: (v: T) => void) => void)(event, (value) => {
      clearTimeout(timer)
      resolve(value)
    })
  })
}
