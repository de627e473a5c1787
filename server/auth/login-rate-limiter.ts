/**
 * Login throttling per IP + username (DESIGN §2.8): after `maxFailures` failed attempts inside
 * `windowMs`, further attempts are refused until the window (counted from the first failure) ends.
 * A successful login clears the counter. In Redis when configured (shared by all nodes), else in process.
 */
import type { RedisConnection } from './redis-connection.ts'

export interface LoginRateLimiter {
  /** Seconds until this key may try again; 0 when it may try now. */
  retryAfterSec(key: string): Promise<number>
  recordFailure(key: string): Promise<void>
  reset(key: string): Promise<void>
}

export interface RateLimitPolicy {
  maxFailures: number
  windowMs: number
  now: () => number
}

export function loginRateLimitKey(ip: string | undefined, username: string): string {
  return `${ip ?? 'unknown'}|${username.trim().toLowerCase()}`
}

export function createMemoryLoginRateLimiter(policy: RateLimitPolicy): LoginRateLimiter {
  const entries = new Map<string, { failures: number; windowEndsAt: number }>()

  function current(key: string) {
    const entry = entries.get(key)
    if (entry && entry.windowEndsAt <= policy.now()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  function sweep() {
    const now = policy.now()
    for (const [key, e] of entries) if (e.windowEndsAt <= now) entries.delete(key)
  }

  return {
    retryAfterSec(key) {
      const entry = current(key)
      if (!entry || entry.failures < policy.maxFailures) return Promise.resolve(0)
      return Promise.resolve(Math.ceil((entry.windowEndsAt - policy.now()) / 1000))
    },
    recordFailure(key) {
      const entry = current(key)
      if (entry) entry.failures++
      else {
        if (entries.size >= 10_000) sweep()
        entries.set(key, { failures: 1, windowEndsAt: policy.now() + policy.windowMs })
      }
      return Promise.resolve()
    },
    reset(key) {
      entries.delete(key)
      return Promise.resolve()
    },
  }
}

/** Redis keeps the count with the window as the key's TTL (set on the first failure only). */
export function createRedisLoginRateLimiter(
  redis: RedisConnection,
  policy: Omit<RateLimitPolicy, 'now'>,
  keyPrefix = 'pano:',
): LoginRateLimiter {
  const redisKey = (key: string) => `${keyPrefix}login-failures:${key}`
  return {
    async retryAfterSec(key) {
      const [count, ttlMs] = await redis.multi().get(redisKey(key)).pTTL(redisKey(key)).exec()
      if (Number(count ?? 0) < policy.maxFailures) return 0
      return Math.max(1, Math.ceil(Number(ttlMs) / 1000))
    },
    async recordFailure(key) {
      await redis.multi().incr(redisKey(key)).pExpire(redisKey(key), policy.windowMs, 'NX').exec()
    },
    async reset(key) {
      await redis.del(redisKey(key))
    },
  }
}
