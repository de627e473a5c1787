/**
 * One holder per PBX (docs/cluster.md, ADR 019). The lease is a Redis key set only if absent, with an
 * expiry, renewed by its holder; its fencing token is a PostgreSQL row (`PbxLease`) raised by every new
 * holder, so the number survives a Redis restart and writes can check it in their own transaction.
 *
 * A holder that cannot renew (Redis down, or the key taken) steps down once its lease could have
 * expired: by then another node may hold it. A node that shuts down releases the key at once. A holder
 * that dies without a word (SIGKILL, power) is found sooner than the expiry: the holder also keeps its
 * Redis connection's id under `pbx-lease:<id>:conn`, and a node that finds no such connection on the
 * Redis server deletes the lease (if it is still the same) and takes it. Where the server refuses
 * CLIENT LIST, the expiry alone applies.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from './cluster-bus.ts'

export interface LeaseStatus {
  readonly pbxId: string
  /** Whoever held the key at the last look (this node included), or null. */
  readonly holder: string | null
  readonly holding: boolean
  /** This node's fencing token while it holds the lease. */
  readonly fence: number | null
  /** ms epoch when the current holder (as far as this node knows) took the lease. */
  readonly since: number | null
  /** How many times the lease moved to another node, from the database row. */
  readonly failovers: number
}

export interface PbxLease {
  start(): void
  /** Releases the lease if held; the next holder takes it without waiting for the expiry. */
  stop(): Promise<void>
  status(): LeaseStatus
  /** True while this node may act as the PBX's holder (its last renewal is younger than the TTL). */
  isHolder(): boolean
}

export interface PbxLeaseOptions {
  bus: ClusterBus
  prisma: PrismaClient
  pbxId: string
  logger: Logger
  /** Lease expiry (default 5 000 ms); renewed every third of it. */
  ttlMs?: number
  now?: () => number
  /** Called once this node holds the lease, with its fencing token. */
  onAcquired(fence: number): void
  /** Called when this node no longer holds it (lost, expired or stopped). */
  onLost(reason: string): void
}

const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if v == false then
  if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 2 end
end
return 0`

const RELEASE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1], KEYS[2]) return 1 end
return 0`

export function createPbxLease(options: PbxLeaseOptions): PbxLease {
  const { bus, prisma, pbxId } = options
  const ttlMs = options.ttlMs ?? 5_000
  const now = options.now ?? Date.now
  const log = options.logger.child({ module: 'pbx-lease', pbxId })
  const key = bus.key(`pbx-lease:${pbxId}`)
  const connKey = bus.key(`pbx-lease:${pbxId}:conn`)
  let clientListRefused = false
  let holding: { fence: number; value: string; renewedAt: number } | null = null
  let seen: { holder: string | null; since: number | null; failovers: number } = {
    holder: null,
    since: null,
    failovers: 0,
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let busy = false

  async function acquire(): Promise<void> {
    const value = bus.nodeId
    const taken = await bus.redis.set(key, value, {
      condition: 'NX',
      expiration: { type: 'PX', value: ttlMs },
    })
    if (taken !== 'OK') {
      const holder = await bus.redis.get(key)
      if (holder !== seen.holder) seen = { ...seen, holder, since: holder === null ? null : now() }
      if (holder !== null && (await holderConnectionGone())) {
        const freed = await bus.redis.eval(RELEASE_IF, { keys: [key, connKey], arguments: [holder] })
        if (freed === 1) {
          log.warn({ holder }, 'the holder’s Redis connection is gone: its lease is released early')
          return acquire()
        }
      }
      return
    }
    await publishConnection()
    let fence: number
    try {
      fence = await raiseFence(value)
    } catch (err) {
      log.warn({ err }, 'lease taken in Redis but its fencing token could not be raised; released')
      await bus.redis.eval(RELEASE_IF, { keys: [key, connKey], arguments: [value] }).catch(() => undefined)
      return
    }
    holding = { fence, value, renewedAt: now() }
    log.info({ fence, node: bus.nodeId }, 'this node now holds the PBX connection')
    options.onAcquired(fence)
  }

  /** The holder keeps its Redis connection id next to the lease (renewed with it). */
  async function publishConnection(): Promise<void> {
    const id: unknown = await bus.redis.sendCommand(['CLIENT', 'ID'])
    await bus.redis.set(connKey, typeof id === 'number' || typeof id === 'string' ? String(id) : '', {
      expiration: { type: 'PX', value: ttlMs },
    })
  }

  /** True only when the Redis server says the holder's connection no longer exists. */
  async function holderConnectionGone(): Promise<boolean> {
    if (clientListRefused) return false
    const id = await bus.redis.get(connKey)
    if (id === null || !/^\d+$/.test(id)) return false
    try {
      const list: unknown = await bus.redis.sendCommand(['CLIENT', 'LIST', 'ID', id])
      return String(list).trim() === ''
    } catch (err) {
      clientListRefused = true
      log.warn({ err }, 'CLIENT LIST refused: a dead holder is found only when its lease expires')
      return false
    }
  }

  async function raiseFence(holder: string): Promise<number> {
    const rows = await prisma.$queryRaw<Array<{ fence: number; failovers: number; acquiredAt: Date }>>`
      INSERT INTO "PbxLease" ("pbxId", "fence", "holder", "acquiredAt", "failovers")
      VALUES (${pbxId}, 1, ${holder}, now(), 0)
      ON CONFLICT ("pbxId") DO UPDATE SET
        "fence" = "PbxLease"."fence" + 1,
        "failovers" = "PbxLease"."failovers" + CASE WHEN "PbxLease"."holder" = ${holder} THEN 0 ELSE 1 END,
        "holder" = ${holder},
        "acquiredAt" = now()
      RETURNING "fence", "failovers", "acquiredAt"`
    const row = rows[0]
    if (row === undefined) throw new Error('PbxLease upsert returned no row')
    seen = { holder, since: row.acquiredAt.getTime(), failovers: row.failovers }
    return row.fence
  }

  async function renew(h: NonNullable<typeof holding>): Promise<void> {
    try {
      const r = await bus.redis.eval(RENEW, { keys: [key], arguments: [h.value, String(ttlMs)] })
      if (r === 0) return lose('another node holds the lease')
      h.renewedAt = now()
      await publishConnection()
      if (r === 2) log.warn('lease key was gone (Redis restarted?); taken again with the same token')
    } catch (err) {
      if (now() - h.renewedAt >= ttlMs) return lose('lease not renewed within its expiry')
      log.warn({ err }, 'lease renewal failed; still within the expiry')
    }
  }

  function lose(reason: string): void {
    if (holding === null) return
    holding = null
    log.warn({ reason }, 'this node no longer holds the PBX connection')
    options.onLost(reason)
  }

  async function step(): Promise<void> {
    if (holding !== null) await renew(holding)
    else await acquire()
  }

  function schedule(): void {
    if (!running) return
    // A little jitter so that nodes started together do not ask in lockstep; a follower looks twice a
    // second whether the holder still has its Redis connection.
    const base = holding !== null ? ttlMs / 3 : Math.min(500, ttlMs / 3)
    const wait = Math.round(base + Math.random() * (base / 5))
    timer = setTimeout(() => {
      if (busy) return schedule()
      busy = true
      step()
        .catch((err: unknown) => {
          if (holding !== null && now() - holding.renewedAt >= ttlMs)
            lose('lease not renewed within its expiry')
          log.warn({ err }, 'lease step failed')
        })
        .finally(() => {
          busy = false
          schedule()
        })
    }, wait)
    timer.unref()
  }

  return {
    start() {
      if (running) return
      running = true
      busy = true
      step()
        .catch((err: unknown) => log.warn({ err }, 'first lease attempt failed'))
        .finally(() => {
          busy = false
          schedule()
        })
    },
    async stop() {
      running = false
      clearTimeout(timer)
      const h = holding
      if (h === null) return
      holding = null
      await bus.redis.eval(RELEASE_IF, { keys: [key, connKey], arguments: [h.value] }).catch(() => undefined)
      options.onLost('stopped')
    },
    status: () => ({
      pbxId,
      holder: holding !== null ? bus.nodeId : seen.holder,
      holding: holding !== null,
      fence: holding?.fence ?? null,
      since: seen.since,
      failovers: seen.failovers,
    }),
    isHolder: () => holding !== null && now() - holding.renewedAt < ttlMs,
  }
}
