import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import type { UserPrincipal } from '../../../../server/auth/principal.ts'
import { allowAnonymous, requireRole, requireSignedIn } from '../../../../server/auth/require-role.ts'
import { errorHandler } from '../../../../server/http/error-handler.ts'
import { listRoutes } from '../../../../server/http/route-inventory.ts'
import { errorOf } from '../api-body.ts'
import { captureLogger } from '../log-capture.ts'

const CSRF = 'csrf-token-of-the-session'

/** The test sets the principal through headers, standing in for authenticate(). */
function appWith() {
  const app = express()
  app.use((req, _res, next) => {
    const role = req.get('x-test-role')
    if (role) {
      const principal: UserPrincipal = {
        kind: 'user',
        userId: 1,
        username: 'u',
        displayName: 'U',
        role: role as UserPrincipal['role'],
        unit: null,
        via: req.get('x-test-via') === 'api-token' ? 'api-token' : 'session',
        csrfToken: CSRF,
      }
      req.principal = principal
    }
    next()
  })
  const router = express.Router()
  router.get('/open', allowAnonymous(), (_req, res) => void res.json({ ok: true }))
  router.get('/board', requireRole('supervisor', 'admin'), (_req, res) => void res.json({ ok: true }))
  router.post('/board', requireRole('supervisor'), (_req, res) => void res.json({ ok: true }))
  router.delete('/mine', requireSignedIn(), (_req, res) => void res.json({ ok: true }))
  router.get('/forgotten', (_req, res) => void res.json({ ok: true }))
  app.use('/api/v1', router)
  app.use(errorHandler(captureLogger().logger))
  return app
}

describe('access guards', () => {
  const app = appWith()

  it('answers 401 to anonymous, 403 to the wrong role, and lets the right role in', async () => {
    expect((await request(app).get('/api/v1/board')).status).toBe(401)
    expect((await request(app).get('/api/v1/board').set('x-test-role', 'agent')).status).toBe(403)
    expect((await request(app).get('/api/v1/board').set('x-test-role', 'admin')).status).toBe(200)
    expect((await request(app).get('/api/v1/open')).status).toBe(200)
  })

  it('demands the session CSRF token on state-changing requests', async () => {
    const missing = await request(app).post('/api/v1/board').set('x-test-role', 'supervisor')
    expect(missing.status).toBe(403)
    expect(errorOf(missing).code).toBe('csrf_failed')
    const wrong = await request(app)
      .delete('/api/v1/mine')
      .set('x-test-role', 'agent')
      .set('x-csrf-token', 'nope')
    expect(errorOf(wrong).code).toBe('csrf_failed')
    const right = await request(app)
      .post('/api/v1/board')
      .set('x-test-role', 'supervisor')
      .set('x-csrf-token', CSRF)
    expect(right.status).toBe(200)
  })

  it('does not ask API-token requests for a CSRF token', async () => {
    const res = await request(app)
      .post('/api/v1/board')
      .set('x-test-role', 'supervisor')
      .set('x-test-via', 'api-token')
    expect(res.status).toBe(200)
  })

  it('lists every route with its guard, and shows the one without', () => {
    expect(listRoutes(app)).toEqual([
      { method: 'GET', path: '/api/v1/open', access: { kind: 'public' } },
      { method: 'GET', path: '/api/v1/board', access: { kind: 'roles', roles: ['supervisor', 'admin'] } },
      { method: 'POST', path: '/api/v1/board', access: { kind: 'roles', roles: ['supervisor'] } },
      {
        method: 'DELETE',
        path: '/api/v1/mine',
        access: { kind: 'roles', roles: ['agent', 'operator', 'unit', 'supervisor', 'admin', 'kvkk'] },
      },
      { method: 'GET', path: '/api/v1/forgotten', access: undefined },
    ])
  })
})
