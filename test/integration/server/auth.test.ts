import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiToken } from '../../../server/auth/api-tokens.ts'
import { hashToken } from '../../../server/auth/tokens.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import {
  createAuthHarness,
  sessionCookieFrom,
  type AuthHarness,
  type SessionBackend,
} from './auth-harness.ts'

const MINUTE = 60_000

describe.each<SessionBackend>(['postgres', 'redis'])('sign-in with sessions in %s', (backend) => {
  let h: AuthHarness
  beforeAll(async () => {
    // Behind a trusted proxy, so each test can speak from its own client address.
    h = await createAuthHarness(backend, { env: { TRUST_PROXY: 'loopback' } })
  })
  afterAll(async () => {
    await h.close()
  })

  const login = (username: string, password: string, ip?: string) => {
    const req = request(h.app).post('/api/v1/auth/login')
    if (ip) req.set('x-forwarded-for', ip)
    return req.send({ username, password })
  }

  it('signs in from a plain JSON client: 204 and an httpOnly SameSite=Lax Secure session cookie', async () => {
    const res = await login(h.users.agent.username, h.users.agent.password)
    expect(res.status).toBe(204)
    const setCookie = (res.headers['set-cookie'] as unknown as string[]).join('\n')
    expect(setCookie).toMatch(/pano_session=[A-Za-z0-9_-]{43};/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    // Production mode (DATABASE_URL): Secure by default (COOKIE_SECURE, server/config.ts).
    expect(setCookie).toMatch(/Secure/)
  })

  it('answers /me with the user, the views of the role and a CSRF token', async () => {
    const { cookie } = await h.signIn('unit')
    const res = await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: h.users.unit.id,
      username: 'test-unit',
      displayName: 'Test unit',
      role: 'unit',
      unit: { id: h.unitId, name: expect.stringMatching(/^Test Birimi/) as unknown },
      views: ['tickets'],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      mustChangePassword: false,
      system: { mode: 'production', simulator: false, warnings: [] },
    })
  })

  it('answers /me with 401 without a session or with a made-up cookie', async () => {
    expect((await request(h.app).get('/api/v1/auth/me')).status).toBe(401)
    const forged = await request(h.app)
      .get('/api/v1/auth/me')
      .set('cookie', `pano_session=${'a'.repeat(43)}`)
    expect(forged.status).toBe(401)
    expect(errorOf(forged).code).toBe('unauthorized')
  })

  it('gives the same 401 for a wrong password, an unknown user and an inactive user', async () => {
    const wrong = await login(h.users.admin.username, 'yanlis', '198.51.100.1')
    const unknown = await login('kimse', 'yanlis', '198.51.100.1')
    const inactive = await login(h.inactive.username, h.inactive.password, '198.51.100.1')
    for (const res of [wrong, unknown, inactive]) {
      expect(res.status).toBe(401)
      expect(res.body).toEqual({
        error: {
          code: 'invalid_credentials',
          kind: 'unauthenticated',
          message: 'Kullanıcı adı veya parola hatalı.',
        },
      })
      expect(res.headers['set-cookie']).toBeUndefined()
    }
  })

  it('rejects a login body without a password with field issues', async () => {
    const res = await request(h.app).post('/api/v1/auth/login').send({ username: 'x' })
    expect(res.status).toBe(400)
    expect(errorOf(res).details).toEqual({ issues: [expect.objectContaining({ path: 'password' })] })
  })

  it('signs out: 204, the session is gone from the store and the old cookie no longer works', async () => {
    const { cookie, csrfToken } = await h.signIn('operator')
    const token = cookie.split('=')[1] ?? ''
    expect(await h.stores.sessions.resolve(token)).not.toBeNull()
    const out = await request(h.app)
      .post('/api/v1/auth/logout')
      .set('cookie', cookie)
      .set('x-csrf-token', csrfToken)
    expect(out.status).toBe(204)
    expect(await h.stores.sessions.resolve(token)).toBeNull()
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(401)
  })

  it('refuses a state-changing request with the session cookie but without the right CSRF token', async () => {
    const { cookie, csrfToken } = await h.signIn('supervisor')
    const none = await request(h.app).post('/api/v1/auth/logout').set('cookie', cookie)
    expect(none.status).toBe(403)
    expect(errorOf(none).code).toBe('csrf_failed')
    const other = await h.signIn('admin')
    const foreign = await request(h.app)
      .post('/api/v1/auth/logout')
      .set('cookie', cookie)
      .set('x-csrf-token', other.csrfToken)
    expect(foreign.status).toBe(403)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).body).toMatchObject({
      csrfToken,
    })
  })

  it('does not ask for a CSRF token on login, and replaces the session the browser held', async () => {
    const { cookie } = await h.signIn('agent')
    const again = await request(h.app)
      .post('/api/v1/auth/login')
      .set('cookie', cookie)
      .send({ username: h.users.agent.username, password: h.users.agent.password })
    expect(again.status).toBe(204)
    expect(sessionCookieFrom(again.headers['set-cookie'])).not.toBe(cookie)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(401)
  })

  it('ends a session after SESSION_IDLE_MINUTES without requests', async () => {
    const { cookie } = await h.signIn('agent')
    h.advance(239 * MINUTE)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(200)
    h.advance(239 * MINUTE) // idle time restarted at the previous request
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(200)
    h.advance(241 * MINUTE)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(401)
  })

  it('ends a session at SESSION_TTL_HOURS even when it is used all the time', async () => {
    const { cookie } = await h.signIn('agent')
    for (let hour = 0; hour < 11; hour++) {
      h.advance(60 * MINUTE)
      expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(200)
    }
    h.advance(60 * MINUTE)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(401)
  })

  it('drops the sessions of a user who is deactivated', async () => {
    const { cookie } = await h.signIn('operator')
    await h.prisma.user.update({ where: { id: h.users.operator.id }, data: { active: false } })
    try {
      expect((await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)).status).toBe(401)
    } finally {
      await h.prisma.user.update({ where: { id: h.users.operator.id }, data: { active: true } })
    }
  })

  it('blocks an IP+username after 5 failures with 429 and Retry-After, even with the right password', async () => {
    const ip = '203.0.113.7'
    const { username, password } = h.users.supervisor
    for (let i = 0; i < 5; i++) expect((await login(username, 'yanlis', ip)).status).toBe(401)
    const blocked = await login(username, password, ip)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800)
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900)
    expect(errorOf(blocked).code).toBe('too_many_requests')
    expect((await login(username, password, '203.0.113.8')).status).toBe(204)
    expect((await login(h.users.admin.username, h.users.admin.password, ip)).status).toBe(204)
  })

  it('lets an integration act as its user with an API token, without CSRF', async () => {
    const { token } = await issueApiToken(h.prisma, {
      userId: h.users.admin.id,
      label: 'CRM',
      role: 'SUPERVISOR',
    })
    const me = await request(h.app).get('/api/v1/auth/me').set('authorization', `Bearer ${token}`)
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ username: 'test-admin', role: 'supervisor', csrfToken: '' })
    const post = await request(h.app).post('/api/v1/auth/logout').set('authorization', `Bearer ${token}`)
    expect(post.status).toBe(204)
    const stored = await h.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(stored.lastUsedAt).not.toBeNull()
  })

  it('refuses unknown and revoked API tokens with 401', async () => {
    const { id, token } = await issueApiToken(h.prisma, { userId: h.users.admin.id, label: 'eski' })
    await h.prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } })
    for (const header of [`Bearer ${token}`, `Bearer pano_${'x'.repeat(40)}`, 'Basic YWRtaW46ZGVtbw==']) {
      const res = await request(h.app).get('/api/v1/auth/me').set('authorization', header)
      expect(res.status).toBe(401)
      expect(errorOf(res).code).toBe('invalid_api_token')
    }
  })
})

describe('session storage in PostgreSQL', () => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness('postgres')
  })
  afterAll(async () => {
    await h.close()
  })

  it('keeps only the sha256 of the cookie token, with the IP', async () => {
    const { cookie } = await h.signIn('admin')
    const token = cookie.split('=')[1] ?? ''
    const rows = await h.prisma.session.findMany({ where: { userId: h.users.admin.id } })
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)])
    expect(rows.some((r) => r.id === token)).toBe(false)
    expect(rows[0]?.ip).toMatch(/127\.0\.0\.1/)
  })

  it('purges sessions past their expiry', async () => {
    await h.signIn('agent')
    h.advance(13 * 60 * MINUTE)
    expect(await h.stores.purgeExpiredSessions()).toBeGreaterThanOrEqual(1)
    expect(await h.prisma.session.count({ where: { userId: h.users.agent.id } })).toBe(0)
  })
})

describe('sign-in of an unknown username', () => {
  const checked: string[] = []
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness('postgres', {
      deps: {
        passwords: {
          dummyHash: 'scrypt$dummy-hash-for-unknown-users',
          needsRehash: () => false,
          verify: (_password, storedHash) => {
            checked.push(storedHash)
            return Promise.resolve(false)
          },
        },
      },
    })
  })
  afterAll(async () => {
    await h.close()
  })

  it('still verifies the password (against the dummy hash), so it takes as long as a wrong password', async () => {
    const res = await request(h.app).post('/api/v1/auth/login').send({ username: 'kimse-yok', password: 'x' })
    expect(res.status).toBe(401)
    expect(checked).toEqual(['scrypt$dummy-hash-for-unknown-users'])
    await request(h.app).post('/api/v1/auth/login').send({ username: 'test-agent', password: 'x' })
    expect(checked[1]).toMatch(/^scrypt\$/)
    expect(checked[1]).not.toBe('scrypt$dummy-hash-for-unknown-users')
  })
})
