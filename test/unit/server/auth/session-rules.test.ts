import { describe, expect, it } from 'vitest'
import { readBearerToken } from '../../../../server/auth/api-tokens.ts'
import { readSessionCookie, sessionCookieOptions } from '../../../../server/auth/session-cookie.ts'
import {
  isSessionLive,
  needsTouch,
  sessionEndsInMs,
  sessionPolicy,
} from '../../../../server/auth/session-store.ts'
import { createRandomToken, hashToken } from '../../../../server/auth/tokens.ts'

const T0 = new Date('2026-03-02T08:00:00+03:00')
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000)

describe('session expiry', () => {
  const policyAt = (minutes: number) => sessionPolicy({ ttlHours: 12, idleMinutes: 240 }, () => at(minutes))
  const session = { expiresAt: at(12 * 60), lastSeenAt: at(0) }

  it('is live until idle for SESSION_IDLE_MINUTES', () => {
    expect(isSessionLive(session, policyAt(239))).toBe(true)
    expect(isSessionLive(session, policyAt(240))).toBe(false)
  })

  it('ends at the absolute expiry even when used all the time', () => {
    expect(isSessionLive({ ...session, lastSeenAt: at(12 * 60 - 1) }, policyAt(12 * 60))).toBe(false)
  })

  it('tells a watching socket when the session ends: idle end first, the absolute end at the last', () => {
    expect(sessionEndsInMs(session, policyAt(100))).toBe(140 * 60_000)
    expect(sessionEndsInMs({ ...session, lastSeenAt: at(11 * 60) }, policyAt(11 * 60))).toBe(60 * 60_000)
    expect(sessionEndsInMs(session, policyAt(241))).toBeLessThan(0)
  })

  it('records activity at most once a minute', () => {
    expect(needsTouch(session, policyAt(0.5))).toBe(false)
    expect(needsTouch(session, policyAt(1))).toBe(true)
  })
})

describe('tokens and cookies', () => {
  it('makes distinct URL-safe tokens and stores only their sha256', () => {
    const a = createRandomToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createRandomToken()).not.toBe(a)
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(a)).not.toContain(a)
  })

  it('reads the session cookie among others and rejects malformed values', () => {
    const token = createRandomToken()
    expect(readSessionCookie(`theme=dark; pano_session=${token}; x=1`)).toBe(token)
    expect(readSessionCookie('pano_session=short')).toBeNull()
    expect(readSessionCookie('pano_session=a;b')).toBeNull()
    expect(readSessionCookie('other=1')).toBeNull()
    expect(readSessionCookie(undefined)).toBeNull()
  })

  it('sets the cookie httpOnly and SameSite=Lax, Secure only when configured', () => {
    expect(sessionCookieOptions({ cookieSecure: false })).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
    })
    expect(sessionCookieOptions({ cookieSecure: true }).secure).toBe(true)
  })

  it('reads Bearer tokens only', () => {
    expect(readBearerToken('Bearer pano_abcdefghijklmnopqrstu')).toBe('pano_abcdefghijklmnopqrstu')
    expect(readBearerToken('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toBeNull()
    expect(readBearerToken('Bearer short')).toBeNull()
  })
})
