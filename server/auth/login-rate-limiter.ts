/**
 * Sign-in throttling (docs/design.md §2.8, docs/decisions/ on sign-in limits) with rate-limiter-flexible: every
 * attempt is counted atomically BEFORE the password is checked, so parallel guesses cannot slip past the
 * limit between a check and a write. Three counters, each over LOGIN_WINDOW_MINUTES:
 * - the account from one address (LOGIN_MAX_FAILURES, 5): what a person who mistypes meets;
 * - the account from anywhere (LOGIN_MAX_FAILURES_PER_ACCOUNT): guesses spread over many addresses;
 * - the address, whatever the account (LOGIN_MAX_ATTEMPTS_PER_ADDRESS): one source trying many names.
 * A right password clears the account's counts and gives the address its attempt back. In Redis when
 * configured (shared by every node, with an in-process fallback while Redis is away), else in process.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config.ts'
import { TooManyRequestsError } from '../errors.ts'
import type { RedisConnection } from './redis-connection.ts'

export interface AttemptKeys {
  /** The normalised username (or `password-change|<username>`). */
  account: string
  address: string | undefined
}

export interface LoginRateLimiter {
  /** Counts one attempt on every counter; throws TooManyRequestsError when any of them is spent. */
  begin(keys: AttemptKeys): Promise<void>
  /** The password was right. */
  succeeded(keys: AttemptKeys): Promise<void>
}

export type LoginLimitConfig = Config['loginLimit']

/** The username as sign-in looks it up: usernames are lower-case ASCII (domain/password-policy.ts). */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase()
}

interface Counter {
  consume(key: string): Promise<RateLimiterRes>
  reward(key: string): Promise<unknown>
  delete(key: string): Promise<unknown>
}

function counters(make: (name: string, points: number) => Counter, limit: LoginLimitConfig) {
  return {
    accountAddress: make('login-account-address', limit.maxFailures),
    account: make('login-account', limit.maxFailuresPerAccount),
    address: make('login-address', limit.maxAttemptsPerAddress),
  }
}

function limiterOver(c: ReturnType<typeof counters>): LoginRateLimiter {
  const keysOf = (k: AttemptKeys) => {
    const address = k.address ?? 'unknown'
    return { accountAddress: `${address}|${k.account}`, account: k.account, address }
  }
  return {
    async begin(k) {
      const keys = keysOf(k)
      const results = await Promise.allSettled([
        c.accountAddress.consume(keys.accountAddress),
        c.account.consume(keys.account),
        c.address.consume(keys.address),
      ])
      let waitMs = 0
      for (const r of results) {
        if (r.status === 'fulfilled') continue
        // A spent counter rejects with its state; anything else is a store failure.
        if (!(r.reason instanceof RateLimiterRes)) throw r.reason
        waitMs = Math.max(waitMs, r.reason.msBeforeNext)
      }
      if (waitMs > 0 || results.some((r) => r.status === 'rejected'))
        throw new TooManyRequestsError(Math.max(1, Math.ceil(waitMs / 1000)))
    },
    async succeeded(k) {
      const keys = keysOf(k)
      await Promise.all([
        c.accountAddress.delete(keys.accountAddress),
        c.account.delete(keys.account),
        c.address.reward(keys.address),
      ])
    },
  }
}

export function createMemoryLoginRateLimiter(limit: LoginLimitConfig): LoginRateLimiter {
  const duration = limit.windowMinutes * 60
  return limiterOver(
    counters((name, points) => new RateLimiterMemory({ keyPrefix: name, points, duration }), limit),
  )
}

export function createRedisLoginRateLimiter(
  redis: RedisConnection,
  limit: LoginLimitConfig,
  keyPrefix = 'pano:',
): LoginRateLimiter {
  const duration = limit.windowMinutes * 60
  return limiterOver(
    counters(
      (name, points) =>
        new RateLimiterRedis({
          storeClient: redis,
          useRedisPackage: true,
          keyPrefix: `${keyPrefix}${name}`,
          points,
          duration,
          // While Redis is away each node keeps counting on its own rather than letting every guess in.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
        }),
      limit,
    ),
  )
}
