import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppDeps } from '../../../server/app.ts'
import { issueApiToken } from '../../../server/auth/api-tokens.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

let h: AuthHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** /health as an admin sees it (signed in), after the anonymous answer was checked to say only up/down. */
async function health(deps: Partial<AppDeps> = {}) {
  h = await createAuthHarness('postgres', { deps })
  const anonymous = await request(h.app).get('/api/v1/health')
  const { cookie } = await h.signIn('admin')
  const res = await request(h.app).get('/api/v1/health').set('cookie', cookie)
  expect(anonymous.status).toBe(res.status)
  expect(anonymous.body).toEqual({ status: res.status === 200 ? 'up' : 'down' })
  return { status: res.status, body: res.body as HealthView }
}

describe('GET /api/v1/health', () => {
  it('reports the version, the database and no PBX before the telephony bridge plugs in', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      status: 'ok',
      version: '9.9.9-test',
      database: { ok: true, kind: 'postgres' },
      pbx: [],
      realtime: { connectedSockets: 0 },
    })
  })

  it('shows each PBX connection and is degraded (still 200) while one is down', async () => {
    const { status, body } = await health({
      getPbxStatus: () => [
        { id: 'main', state: 'connected', reason: null, lastEventAgeMs: 120, reconnects: 0 },
        { id: 'ek-bina', state: 'disconnected', reason: 'ECONNREFUSED', lastEventAgeMs: null, reconnects: 4 },
      ],
    })
    expect(status).toBe(200)
    expect(body.status).toBe('degraded')
    expect(body.pbx[1]).toEqual({
      id: 'ek-bina',
      state: 'disconnected',
      reason: 'ECONNREFUSED',
      lastEventAgeMs: null,
      reconnects: 4,
    })
  })

  it('answers 503 when the database does not answer', async () => {
    const { status, body } = await health({
      database: { kind: 'postgres', ping: () => Promise.resolve(false) },
    })
    expect(status).toBe(503)
    expect(body).toMatchObject({ status: 'down', database: { ok: false, kind: 'postgres' } })
  })

  it('tells anonymous callers and other roles only up or down; an API token sees the details', async () => {
    h = await createAuthHarness('postgres')
    const anonymous = await request(h.app).get('/api/v1/health')
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toEqual({ status: 'up' })
    const { cookie } = await h.signIn('supervisor')
    const supervisor = await request(h.app).get('/api/v1/health').set('cookie', cookie)
    expect(supervisor.body).toEqual({ status: 'up' })
    const { token } = await issueApiToken(h.prisma, {
      userId: h.users.admin.id,
      label: 'izleme',
      role: 'OPERATOR',
    })
    const monitor = await request(h.app).get('/api/v1/health').set('authorization', `Bearer ${token}`)
    expect(monitor.body).toMatchObject({ status: 'ok', version: '9.9.9-test', database: { ok: true } })
  })

  it('sends security headers with a same-origin CSP', async () => {
    h = await createAuthHarness('postgres')
    const res = await request(h.app).get('/api/v1/health')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })
})
