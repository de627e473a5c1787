/**
 * Signing in and out, one's own account, user accounts and API tokens: the rows of the access table
 * (test/integration/server/access-table.test.ts) for who may manage whom.
 */
import type { Fixtures } from '../access-fixtures.ts'
import { EVERYONE, ADMIN, type Rows } from './row.ts'

export function authUsersRows(f: Fixtures): Rows {
  return {
    'GET /api/v1/health': { allow: 'public', req: () => ({ path: '/health' }), ok: 200 },
    'POST /api/v1/auth/login': {
      allow: 'public',
      req: () => ({ path: '/auth/login', body: { username: 'agent5', password: 'demo' }, fresh: true }),
      ok: 204,
    },
    'POST /api/v1/auth/logout': {
      allow: EVERYONE,
      req: () => ({ path: '/auth/logout', fresh: true }),
      ok: 204,
    },
    'GET /api/v1/auth/me': { allow: EVERYONE, req: () => ({ path: '/auth/me' }), ok: 200 },
    'GET /api/v1/auth/session': { allow: 'public', req: () => ({ path: '/auth/session' }), ok: 200 },
    'POST /api/v1/auth/password': {
      allow: EVERYONE,
      req: () => ({
        path: '/auth/password',
        body: { currentPassword: 'yanlis-parola', newPassword: 'Pano-Yeni-Parola-73' },
      }),
      ok: 400,
    },
    'GET /api/v1/users': { allow: ADMIN, req: () => ({ path: '/users' }), ok: 200 },
    'GET /api/v1/users/:id': { allow: ADMIN, req: () => ({ path: `/users/${f.userId('agent5')}` }), ok: 200 },
    'POST /api/v1/users': { allow: ADMIN, req: () => ({ path: '/users', body: {} }), ok: 400 },
    'PATCH /api/v1/users/:id': {
      allow: ADMIN,
      req: () => ({ path: `/users/${f.userId('agent5')}`, body: { fullName: 'Gülşen Doğan' } }),
      ok: 200,
    },
    'GET /api/v1/api-tokens': { allow: ADMIN, req: () => ({ path: '/api-tokens' }), ok: 200 },
    'POST /api/v1/api-tokens': { allow: ADMIN, req: () => ({ path: '/api-tokens', body: {} }), ok: 400 },
    'DELETE /api/v1/api-tokens/:id': { allow: ADMIN, req: () => ({ path: '/api-tokens/999999' }), ok: 404 },
  }
}
