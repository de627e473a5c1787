import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createMemoryLoginRateLimiter,
  normaliseUsername,
  type LoginRateLimiter,
} from '../../../../server/auth/login-rate-limiter.ts'
import { TooManyRequestsError } from '../../../../server/errors.ts'

const LIMIT = { maxFailures: 5, maxFailuresPerAccount: 8, maxAttemptsPerAddress: 12, windowMinutes: 15 }

async function refused(limiter: LoginRateLimiter, account: string, address: string): Promise<number | null> {
  try {
    await limiter.begin({ account, address })
    return null
  } catch (error) {
    if (error instanceof TooManyRequestsError) return error.retryAfterSec
    throw error
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('in-process sign-in limiter', () => {
  it('counts every attempt: five from one address on one account, the sixth waits out the window', async () => {
    vi.useFakeTimers()
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    for (let i = 0; i < 5; i++) expect(await refused(limiter, 'agent1', '10.0.0.1')).toBeNull()
    expect(await refused(limiter, 'agent1', '10.0.0.1')).toBe(900)
    vi.advanceTimersByTime(14 * 60_000)
    expect(await refused(limiter, 'agent1', '10.0.0.1')).toBe(60)
    vi.advanceTimersByTime(61_000)
    expect(await refused(limiter, 'agent1', '10.0.0.1')).toBeNull()
  })

  it('lets the same account try from another address, and another account from the same address', async () => {
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    for (let i = 0; i < 5; i++) await refused(limiter, 'agent1', '10.0.0.1')
    expect(await refused(limiter, 'agent1', '10.0.0.1')).not.toBeNull()
    expect(await refused(limiter, 'agent1', '10.0.0.2')).toBeNull()
    expect(await refused(limiter, 'agent2', '10.0.0.1')).toBeNull()
  })

  it('stops guesses on one account spread over many addresses', async () => {
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    for (let i = 0; i < 8; i++) expect(await refused(limiter, 'admin', `10.0.1.${i}`)).toBeNull()
    expect(await refused(limiter, 'admin', '10.0.1.200')).not.toBeNull()
  })

  it('stops one address trying many accounts', async () => {
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    for (let i = 0; i < 12; i++) expect(await refused(limiter, `user${i}`, '10.0.2.1')).toBeNull()
    expect(await refused(limiter, 'user-new', '10.0.2.1')).not.toBeNull()
    expect(await refused(limiter, 'user-new', '10.0.2.2')).toBeNull()
  })

  it('starts the account again after a right password and gives the address its attempt back', async () => {
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    for (let i = 0; i < 4; i++) await refused(limiter, 'agent1', '10.0.3.1')
    await limiter.succeeded({ account: 'agent1', address: '10.0.3.1' })
    for (let i = 0; i < 5; i++) expect(await refused(limiter, 'agent1', '10.0.3.1')).toBeNull()
    expect(await refused(limiter, 'agent1', '10.0.3.1')).not.toBeNull()
  })

  it('counts parallel attempts exactly', async () => {
    const limiter = createMemoryLoginRateLimiter(LIMIT)
    const results = await Promise.all(
      Array.from({ length: 40 }, () => refused(limiter, 'agent9', '10.0.4.1')),
    )
    expect(results.filter((r) => r === null)).toHaveLength(5)
  })
})

describe('normaliseUsername', () => {
  it('trims and lower-cases, and keeps pattern characters as plain characters', () => {
    expect(normaliseUsername('  Agent1 ')).toBe('agent1')
    expect(normaliseUsername('ADMI_')).toBe('admi_')
    expect(normaliseUsername('%')).toBe('%')
  })
})
