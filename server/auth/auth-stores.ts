/** Picks where sessions and login counters live: Redis when REDIS_URL is set, else the database / process. */
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Config } from '../config.ts'
import type { PrismaClient } from '../db/generated/client.ts'
import { createMemoryHandshakeFailures, HANDSHAKE_FAILURE_LIMIT } from '../realtime/auth-guard.ts'
import {
  createMemoryLoginRateLimiter,
  createRedisLoginRateLimiter,
  type LoginRateLimiter,
} from './login-rate-limiter.ts'
import { createPrismaSessionStore } from './prisma-session-store.ts'
import type { RedisConnection } from './redis-connection.ts'
import { createRedisSessionStore } from './redis-session-store.ts'
import { sessionPolicy, type SessionStore } from './session-store.ts'

export interface AuthStores {
  sessions: SessionStore
  loginLimiter: LoginRateLimiter
  /** Refused socket handshakes per address (server/realtime/auth-guard.ts), shared by every node. */
  handshakeFailures: RateLimiterAbstract
  /** Periodic clean-up of dead sessions (Redis expires its keys by itself). */
  purgeExpiredSessions(): Promise<number>
}

export function createAuthStores(input: {
  config: Pick<Config, 'session' | 'loginLimit'>
  prisma: PrismaClient
  redis: RedisConnection | null
  now?: () => Date
  /** Redis key prefix (tests use one per file). */
  keyPrefix?: string
}): AuthStores {
  const now = input.now ?? (() => new Date())
  const policy = sessionPolicy(input.config.session, now)
  const limit = input.config.loginLimit
  if (input.redis) {
    return {
      sessions: createRedisSessionStore(input.redis, policy, input.keyPrefix),
      loginLimiter: createRedisLoginRateLimiter(input.redis, limit, input.keyPrefix),
      handshakeFailures: new RateLimiterRedis({
        storeClient: input.redis,
        useRedisPackage: true,
        ...HANDSHAKE_FAILURE_LIMIT,
        keyPrefix: `${input.keyPrefix ?? 'pano:'}${HANDSHAKE_FAILURE_LIMIT.keyPrefix}`,
        // While Redis is away each node counts on its own rather than reading every key presented.
        insuranceLimiter: createMemoryHandshakeFailures(),
      }),
      purgeExpiredSessions: () => Promise.resolve(0),
    }
  }
  const sessions = createPrismaSessionStore(input.prisma, policy)
  return {
    sessions,
    loginLimiter: createMemoryLoginRateLimiter(limit),
    handshakeFailures: createMemoryHandshakeFailures(),
    purgeExpiredSessions: () => sessions.purgeExpired(),
  }
}
