/**
 * Walks EVERY route registered on the app × every role (+ anonymous): anonymous gets 401 on anything not
 * public, a role outside the route's list gets 403, a role on the list gets past the guard. The list of
 * routes is read from Express' router, so a route added without an access guard fails here.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import { listRoutes, type RouteEntry } from '../../../server/http/route-inventory.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

const GUARD_CODES = new Set(['unauthorized', 'forbidden', 'csrf_failed'])

let h: AuthHarness
let routes: RouteEntry[]
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  routes = listRoutes(h.app)
  for (const role of ROLES) sessions[role] = await h.signIn(role)
})
afterAll(async () => {
  await h.close()
})

/** A concrete URL for a route pattern: every parameter becomes an id that does not exist. */
function concrete(path: string): string {
  return path.replace(/:(\w+)/g, '999999').replace(/\*\w*/g, 'x')
}

function send(route: RouteEntry, who: Role | 'anonymous') {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head'
  let req = request(h.app)[method](concrete(route.path))
  if (who !== 'anonymous')
    req = req.set('cookie', sessions[who].cookie).set('x-csrf-token', sessions[who].csrfToken)
  if (method !== 'get' && method !== 'head' && method !== 'delete') req = req.send({})
  return req
}

describe('route access table', () => {
  it('finds the API routes, each with an access guard', () => {
    const missing = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.path}`)
    expect(missing).toEqual([])
    const paths = routes.map((r) => `${r.method} ${r.path}`)
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/v1/health',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/me',
      ]),
    )
  })

  it('answers every route for every role as its guard says', async () => {
    const wrong: string[] = []
    for (const route of routes) {
      // Signing out would end the session the next routes need; it has its own tests.
      if (route.path === '/api/v1/auth/logout') continue
      for (const who of ['anonymous', ...ROLES] as const) {
        const res = await send(route, who)
        const code = res.status === 401 || res.status === 403 ? errorOf(res).code : ''
        const access = route.access
        const allowed =
          access?.kind === 'public' ||
          (who !== 'anonymous' && access?.kind === 'roles' && access.roles.includes(who))
        const expected = allowed ? 'through' : who === 'anonymous' ? 401 : 403
        const got = GUARD_CODES.has(code) ? res.status : 'through'
        if (got !== expected)
          wrong.push(
            `${route.method} ${route.path} as ${who}: expected ${expected}, got ${res.status} ${code}`,
          )
      }
    }
    expect(wrong).toEqual([])
  })

  it('checks logout for every role and anonymous', async () => {
    const logout = routes.find((r) => r.path === '/api/v1/auth/logout' && r.method === 'POST')
    expect(logout).toBeDefined()
    if (!logout) return
    expect((await send(logout, 'anonymous')).status).toBe(401)
    for (const role of ROLES) expect((await send(logout, role)).status).toBe(204)
  })
})
