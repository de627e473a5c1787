import { describe, expect, it } from 'vitest'
import {
  createMemoryLoginRateLimiter,
  loginRateLimitKey,
} from '../../../../server/auth/login-rate-limiter.ts'

function limiterAt(start = 1_000_000) {
  let now = start
  const limiter = createMemoryLoginRateLimiter({ maxFailures: 5, windowMs: 15 * 60_000, now: () => now })
  return { limiter, advance: (ms: number) => (now += ms) }
}

describe('in-process login rate limiter', () => {
  it('lets four failures through and blocks after the fifth until the window ends', async () => {
    const { limiter, advance } = limiterAt()
    const key = loginRateLimitKey('10.0.0.1', 'agent1')
    for (let i = 0; i < 4; i++) {
      await limiter.recordFailure(key)
      expect(await limiter.retryAfterSec(key)).toBe(0)
    }
    await limiter.recordFailure(key)
    expect(await limiter.retryAfterSec(key)).toBe(900)
    advance(14 * 60_000)
    expect(await limiter.retryAfterSec(key)).toBe(60)
    advance(60_000)
    expect(await limiter.retryAfterSec(key)).toBe(0)
  })

  it('keeps IPs and usernames apart, and ignores username case', async () => {
    const { limiter } = limiterAt()
    for (let i = 0; i < 5; i++) await limiter.recordFailure(loginRateLimitKey('10.0.0.1', 'Agent1'))
    expect(await limiter.retryAfterSec(loginRateLimitKey('10.0.0.1', 'agent1 '))).toBeGreaterThan(0)
    expect(await limiter.retryAfterSec(loginRateLimitKey('10.0.0.2', 'agent1'))).toBe(0)
    expect(await limiter.retryAfterSec(loginRateLimitKey('10.0.0.1', 'agent2'))).toBe(0)
  })

  it('forgets the failures after a successful login', async () => {
    const { limiter } = limiterAt()
    const key = loginRateLimitKey('10.0.0.1', 'agent1')
    for (let i = 0; i < 5; i++) await limiter.recordFailure(key)
    await limiter.reset(key)
    expect(await limiter.retryAfterSec(key)).toBe(0)
  })
})
