/**
 * Where sessions live and how several nodes meet, for the composition root: Redis when REDIS_URL is set
 * (the cluster bus over it, docs/cluster.md), the session stores and login counters on Redis or the
 * database (server/auth/auth-stores.ts), and the hourly purge of ended sessions with the sweep of sockets
 * whose session ended (server/realtime/session-watch.ts).
 */
import { createAuthStores, type AuthStores } from '../auth/auth-stores.ts'
import { closeRedisClient, connectRedis, type RedisConnection } from '../auth/redis-connection.ts'
import type { Config } from '../config.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import type { Logger } from '../logger.ts'
import type { Realtime } from '../realtime/io.ts'
import { createClusterBus, type ClusterBus } from '../services/cluster/cluster-bus.ts'

const SESSION_PURGE_INTERVAL_MS = 60 * 60_000

export interface SessionsAndCluster {
  redis: RedisConnection | null
  /** Null on a single node (no REDIS_URL). */
  bus: ClusterBus | null
  stores: AuthStores
}

export async function startSessionsAndCluster(ctx: {
  config: Config
  prisma: PrismaClient
  logger: Logger
  onClose(cleanup: () => Promise<void>): void
  /** Redis key prefix (tests keep files apart). */
  redisKeyPrefix: string | undefined
  /** The socket server, once it exists (the purge starts before it). */
  realtime(): Realtime | null
}): Promise<SessionsAndCluster> {
  const { config, prisma, logger } = ctx
  let redis: RedisConnection | null = null
  if (config.redis.url) {
    const connected = await connectRedis(config.redis.url, logger.child({ module: 'redis' }))
    redis = connected
    ctx.onClose(() => closeRedisClient(connected))
  }
  let bus: ClusterBus | null = null
  if (redis !== null) {
    const opened = await createClusterBus({
      redis,
      keyPrefix: ctx.redisKeyPrefix ?? 'pano:',
      logger,
    })
    bus = opened
    ctx.onClose(() => opened.close())
  }
  const stores = createAuthStores({
    config,
    prisma,
    redis,
    ...(ctx.redisKeyPrefix ? { keyPrefix: ctx.redisKeyPrefix } : {}),
  })
  const purgeTimer = setInterval(() => {
    stores.purgeExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'session purge failed'))
    // Each socket watches its own session's end (realtime/session-watch.ts); this is the safety net.
    ctx
      .realtime()
      ?.sweepSessions()
      .catch((err: unknown) => logger.warn({ err }, 'socket session sweep failed'))
  }, SESSION_PURGE_INTERVAL_MS).unref()
  ctx.onClose(() => Promise.resolve(clearInterval(purgeTimer)))
  return { redis, bus, stores }
}
