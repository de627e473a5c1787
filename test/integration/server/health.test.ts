import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppDeps } from '../../../server/app.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

let h: AuthHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

async function health(deps: Partial<AppDeps> = {}) {
  h = await createAuthHarness('postgres', { deps })
  const res = await request(h.app).get('/api/v1/health')
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
