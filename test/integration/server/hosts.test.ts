/**
 * The names Pano answers to (server/http/host-policy.ts) over HTTP: a page whose name was rebound to
 * Pano's address (DNS rebinding) gets 421 on every route, a write from another site's page 403, in
 * production mode with PUBLIC_URL / ALLOWED_HOSTS and with nothing configured.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

describe('production mode with PUBLIC_URL and ALLOWED_HOSTS', () => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness('postgres', {
      env: {
        PUBLIC_URL: 'https://pano.example.test',
        ALLOWED_HOSTS: 'pano-yedek.example.test',
        TRUST_PROXY: 'loopback',
      },
    })
  })
  afterAll(async () => {
    await h.close()
  })

  it('answers 421 to a foreign Host on every route, sign-in included', async () => {
    for (const host of ['evil.example', 'evil.example:3000', 'pano.example.test.evil.example']) {
      const health = await request(h.app).get('/api/v1/health').set('host', host)
      expect(health.status, host).toBe(421)
      expect(errorOf(health).code).toBe('misdirected_request')
      const login = await request(h.app)
        .post('/api/v1/auth/login')
        .set('host', host)
        .send({ username: h.users.admin.username, password: h.users.admin.password })
      expect(login.status).toBe(421)
      expect(login.headers['set-cookie']).toBeUndefined()
      expect((await request(h.app).get('/metrics').set('host', host)).status).toBe(421)
      expect((await request(h.app).get('/').set('host', host)).status).toBe(421)
    }
  })

  it('answers its own names (any port, any case) and loopback', async () => {
    for (const host of [
      'pano.example.test',
      'PANO.example.test:443',
      'pano-yedek.example.test',
      'localhost:3000',
    ])
      expect((await request(h.app).get('/api/v1/health').set('host', host)).status, host).toBe(200)
    const login = await request(h.app)
      .post('/api/v1/auth/login')
      .set('host', 'pano.example.test')
      .set('origin', 'https://pano.example.test')
      .send({ username: h.users.admin.username, password: h.users.admin.password })
    expect(login.status).toBe(204)
  })

  it('believes no X-Forwarded-Host that is not ours', async () => {
    const res = await request(h.app)
      .get('/api/v1/health')
      .set('host', 'pano.example.test')
      .set('x-forwarded-host', 'evil.example')
    expect(res.status).toBe(421)
    const both = await request(h.app)
      .get('/api/v1/health')
      .set('host', '127.0.0.1')
      .set('x-forwarded-host', 'pano.example.test, evil.example')
    expect(both.status).toBe(421)
  })

  it('refuses a write whose Origin is another site with 403, signed in or not', async () => {
    const login = await request(h.app)
      .post('/api/v1/auth/login')
      .set('origin', 'https://evil.example')
      .send({ username: h.users.admin.username, password: h.users.admin.password })
    expect(login.status).toBe(403)
    expect(errorOf(login).code).toBe('forbidden_origin')
    expect(login.headers['set-cookie']).toBeUndefined()

    const { cookie, csrfToken } = await h.signIn('admin')
    for (const origin of ['https://evil.example', 'null', 'https://pano.example.test.evil.example']) {
      const res = await request(h.app)
        .post('/api/v1/kiosk-tokens')
        .set('cookie', cookie)
        .set('x-csrf-token', csrfToken)
        .set('origin', origin)
        .send({ label: 'Koridor TV', boards: ['queues'] })
      expect(res.status, origin).toBe(403)
      expect(errorOf(res).code).toBe('forbidden_origin')
    }
    expect(await h.prisma.kioskToken.count({ where: { label: 'Koridor TV' } })).toBe(0)
    // Reads are not writes: a foreign Origin on GET goes through (the browser keeps the answer from it).
    const me = await request(h.app)
      .get('/api/v1/auth/me')
      .set('cookie', cookie)
      .set('origin', 'https://evil.example')
    expect(me.status).toBe(200)
  })

  it('marks the session cookie Secure and sends HSTS by default in production mode', async () => {
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: h.users.agent.username, password: h.users.agent.password })
    expect((res.headers['set-cookie'] as unknown as string[]).join('\n')).toMatch(/; Secure/)
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })
})

describe('nothing configured', () => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness('postgres', { env: { COOKIE_SECURE: '0' } })
  })
  afterAll(async () => {
    await h.close()
  })

  it('answers loopback names and the listening host, and 421 to any other name', async () => {
    for (const host of ['127.0.0.1:3000', 'localhost', '[::1]:3000', 'pano.localhost'])
      expect((await request(h.app).get('/api/v1/health').set('host', host)).status, host).toBe(200)
    for (const host of ['evil.example', '192.0.2.10', 'attacker.test:3000'])
      expect((await request(h.app).get('/api/v1/health').set('host', host)).status, host).toBe(421)
  })

  it('turns Secure cookies and HSTS off when COOKIE_SECURE=0 is said explicitly', async () => {
    const res = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: h.users.agent.username, password: h.users.agent.password })
    expect(res.status).toBe(204)
    expect((res.headers['set-cookie'] as unknown as string[]).join('\n')).not.toMatch(/Secure/)
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })
})
