/**
 * The public form's defences that need memory (docs/intake.md §3): a per-address counter over a fixed
 * window and a "used once" store for proof-of-work challenges. In Redis when REDIS_URL is set (shared
 * by every node), else in this process, as the sign-in limiter does (server/auth/login-rate-limiter.ts).
 */
import type { RedisConnection } from '../../auth/redis-connection.ts'

export interface WindowCounter {
  /** Counts one hit for `key`; returns the hits in the current window and the seconds it has left. */
  hit(key: string): Promise<{ count: number; retryAfterSec: number }>
  /** The hits so far, without counting one. */
  peek(key: string): Promise<{ count: number; retryAfterSec: number }>
}

export interface OnceStore {
  /** True the first time `key` is claimed within `ttlMs`; false on every later try. */
  claim(key: string, ttlMs: number): Promise<boolean>
}

export interface PublicGuards {
  submissions: WindowCounter
  lookupFailures: WindowCounter
  challenges: OnceStore
}

const MAX_MEMORY_KEYS = 50_000

function memoryCounter(windowMs: number, now: () => number): WindowCounter {
  const entries = new Map<string, { count: number; endsAt: number }>()
  const current = (key: string) => {
    const e = entries.get(key)
    if (e !== undefined && e.endsAt <= now()) {
      entries.delete(key)
      return undefined
    }
    return e
  }
  const sweep = () => {
    const t = now()
    for (const [k, e] of entries) if (e.endsAt <= t) entries.delete(k)
  }
  const view = (e: { count: number; endsAt: number } | undefined) => ({
    count: e?.count ?? 0,
    retryAfterSec: e === undefined ? 0 : Math.max(1, Math.ceil((e.endsAt - now()) / 1000)),
  })
  return {
    hit(key) {
      let e = current(key)
      if (e === undefined) {
        if (entries.size >= MAX_MEMORY_KEYS) sweep()
        e = { count: 0, endsAt: now() + windowMs }
        entries.set(key, e)
      }
      e.count++
      return Promise.resolve(view(e))
    },
    peek: (key) => Promise.resolve(view(current(key))),
  }
}

function memoryOnce(now: () => number): OnceStore {
  const used = new Map<string, number>()
  return {
    claim(key, ttlMs) {
      const t = now()
      if (used.size >= MAX_MEMORY_KEYS) for (const [k, until] of used) if (until <= t) used.delete(k)
      const until = used.get(key)
      if (until !== undefined && until > t) return Promise.resolve(false)
      used.set(key, t + ttlMs)
      return Promise.resolve(true)
    },
  }
}

function redisCounter(redis: RedisConnection, name: string, windowMs: number): WindowCounter {
  const read = async (key: string, increment: boolean) => {
    const k = `${name}:${key}`
    const [count, ttl] = increment
      ? await redis
          .multi()
          .incr(k)
          .pExpire(k, windowMs, 'NX')
          .pTTL(k)
          .exec()
          .then((r) => [r[0], r[2]])
      : await redis.multi().get(k).pTTL(k).exec()
    const ms = Number(ttl)
    return { count: Number(count ?? 0), retryAfterSec: ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0 }
  }
  return { hit: (key) => read(key, true), peek: (key) => read(key, false) }
}

function redisOnce(redis: RedisConnection, name: string): OnceStore {
  return {
    async claim(key, ttlMs) {
      const set = await redis.set(`${name}:${key}`, '1', {
        condition: 'NX',
        expiration: { type: 'PX', value: Math.max(1, ttlMs) },
      })
      return set === 'OK'
    },
  }
}

export const SUBMISSION_WINDOW_MS = 60 * 60_000
export const LOOKUP_WINDOW_MS = 15 * 60_000

export function createPublicGuards(input: {
  redis: RedisConnection | null
  keyPrefix?: string
  now?: () => number
}): PublicGuards {
  const now = input.now ?? (() => Date.now())
  if (input.redis === null) {
    return {
      submissions: memoryCounter(SUBMISSION_WINDOW_MS, now),
      lookupFailures: memoryCounter(LOOKUP_WINDOW_MS, now),
      challenges: memoryOnce(now),
    }
  }
  const prefix = `${input.keyPrefix ?? 'pano:'}public`
  return {
    submissions: redisCounter(input.redis, `${prefix}:submissions`, SUBMISSION_WINDOW_MS),
    lookupFailures: redisCounter(input.redis, `${prefix}:lookup-failures`, LOOKUP_WINDOW_MS),
    challenges: redisOnce(input.redis, `${prefix}:challenge-used`),
  }
}
