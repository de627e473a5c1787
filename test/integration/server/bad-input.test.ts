/**
 * Property: nothing a client sends makes the server fail. Every state-changing route the route inventory
 * lists (server/http/route-inventory.ts) gets generated bad bodies and parameters (wrong types, huge and
 * control-character strings, nested junk, broken JSON) from a signed-in user the route allows (the admin
 * where it may), on the whole running app with its PBX simulator; every answer is below 500, and the
 * server still answers /health afterwards.
 */
import { Agent } from 'node:http'
import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import { listRoutes, type RouteEntry } from '../../../server/http/route-inventory.ts'
import { startLivePano, type LivePano } from '../realtime/live-harness.ts'

/** A demo user of each role (prisma/seed-data/demo.ts), password `demo`. */
const DEMO_USER: Record<Role, string> = {
  admin: 'admin',
  supervisor: 'mudur',
  agent: 'agent1',
  operator: 'santral1',
  unit: 'fen',
  kvkk: 'kvkk',
}
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Signing out would end the session the other routes use; it has its own tests (auth.test.ts). */
const SKIPPED = new Set(['POST /api/v1/auth/logout'])

/** Field names the API uses, so generated objects reach the fields' own checks. */
const FIELDS = [
  'username',
  'password',
  'currentPassword',
  'newPassword',
  'fullName',
  'role',
  'unitId',
  'active',
  'label',
  'name',
  'note',
  'subject',
  'description',
  'category',
  'type',
  'priority',
  'citizenId',
  'wrapUpCodeId',
  'reason',
  'phone',
  'number',
  'target',
  'call',
  'boards',
  'kind',
  'date',
  'start',
  'end',
  'interface',
  'paused',
  'memberInterfaces',
  'extension',
  'expiresAt',
  'status',
  'q',
]

const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u2028',
  '\ud800',
  '%',
  '_',
  '\\',
  '"',
]
const nastyString = fc.string({
  unit: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.constantFrom('a', 'ş', 'İ', ' ', '\n', '\t', '0')),
  maxLength: 40,
})
const scalar = fc.oneof(
  nastyString,
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, -1e308, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('999999', '2026-02-30', '1', 'true', '[]', '{}', 'ADMIN', 'ISTEK'),
)
const junk = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), nastyString), tie('value'), { maxKeys: 5 }),
})).value
const body = fc.oneof(
  junk,
  fc.dictionary(fc.constantFrom(...FIELDS), junk, { minKeys: 1, maxKeys: 8 }),
  fc.record({ [FIELDS[0]!]: scalar }),
)
const param = fc.oneof(
  fc.constantFrom('999999', '0', '-1', '1.5', 'x', '2026-13-40', 'main', 'main%2F1700.1', '%00', '%25'),
  // encodeURIComponent throws on a lone surrogate; a path cannot carry one anyway.
  nastyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
)

/** Bodies every route gets once, beside the generated ones. */
const FIXED: { what: string; send: string; type?: string }[] = [
  { what: 'array', send: '[1,"a",null]' },
  { what: 'broken JSON', send: '{"note": "x' },
  { what: 'not JSON at all', send: 'wrap-up=1', type: 'text/plain' },
  { what: 'a body over the limit', send: JSON.stringify({ note: 'x'.repeat(150_000) }) },
  { what: 'deep nesting', send: `${'['.repeat(3000)}${']'.repeat(3000)}` },
  {
    what: 'NUL in every field',
    send: JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, `a\u0000b`]))),
  },
]

/**
 * Valid bodies of routes that store text: one field at a time is replaced by generated junk, so the
 * junk gets past the other fields' checks to the one under test (and, if that let it through, to
 * PostgreSQL). Paths use rows of the demo seed.
 */
interface Template {
  method: 'post' | 'put' | 'patch'
  path: string
  role: Role | null
  body: Record<string, unknown>
}

async function templates(): Promise<Template[]> {
  const prisma = live.pano.prisma
  const ticket = await prisma.ticket.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const citizen = await prisma.citizen.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const extension = await prisma.extension.findFirstOrThrow({ orderBy: { id: 'asc' } })
  const t = `/api/v1/tickets/${ticket.id}`
  return [
    {
      method: 'post',
      path: '/api/v1/tickets',
      role: 'agent',
      body: {
        type: 'ISTEK',
        channel: 'CAGRI_MERKEZI',
        subject: 'Yol',
        description: 'Çökme',
        category: 'yol',
      },
    },
    { method: 'post', path: `${t}/comments`, role: 'admin', body: { text: 'Ekip yolda.' } },
    { method: 'post', path: `${t}/extend`, role: 'admin', body: { reason: 'Keşif gerekiyor.' } },
    { method: 'post', path: `${t}/transition`, role: 'admin', body: { to: 'ISLEMDE', note: 'Başlandı.' } },
    {
      method: 'post',
      path: '/api/v1/citizens',
      role: 'agent',
      body: {
        fullName: 'Ayşe Yılmaz',
        phones: [{ number: '05321112233', label: 'cep' }],
        address: 'Bostanlı',
      },
    },
    { method: 'patch', path: `/api/v1/citizens/${citizen.id}`, role: 'agent', body: { mahalle: 'Bostanlı' } },
    {
      method: 'post',
      path: '/api/v1/kiosk-tokens',
      role: 'admin',
      body: { label: 'TV', boards: ['queues'] },
    },
    {
      method: 'post',
      path: '/api/v1/api-tokens',
      role: 'admin',
      body: { label: 'CRM', role: 'supervisor', expiresAt: null },
    },
    {
      method: 'put',
      path: '/api/v1/holidays/2031-05-06',
      role: 'admin',
      body: { name: 'Yerel', kind: 'FULL' },
    },
    {
      method: 'put',
      path: `/api/v1/directory/extensions/${extension.id}/presence`,
      role: 'operator',
      body: { note: 'Toplantıda' },
    },
    {
      method: 'post',
      path: '/api/v1/auth/login',
      role: null,
      body: { username: 'agent2', password: 'yanlis' },
    },
  ]
}

/** One keep-alive connection pool for the whole run (a fresh TCP connection per request is most of its cost). */
const http = new Agent({ keepAlive: true, maxSockets: 4 })
let live: LivePano
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>
let routes: RouteEntry[]

beforeAll(async () => {
  live = await startLivePano({ env: { COOKIE_SECURE: '0' } })
  for (const [role, username] of Object.entries(DEMO_USER) as [Role, string][]) {
    const cookie = await live.cookieFor(username)
    const me = await request(live.pano.url).get('/api/v1/auth/me').set('cookie', cookie)
    sessions[role] = { cookie, csrfToken: (me.body as { csrfToken: string }).csrfToken }
  }
  routes = listRoutes(live.pano.app).filter(
    (r) => WRITES.has(r.method) && !SKIPPED.has(`${r.method} ${r.path}`),
  )
}, 60_000)
afterAll(async () => {
  http.destroy()
  await live?.close()
})

function roleFor(route: RouteEntry): Role | null {
  const access = route.access
  if (access?.kind !== 'roles') return null
  return access.roles.includes('admin') ? 'admin' : (access.roles[0] ?? null)
}

function send(route: RouteEntry, params: string[], payload: string, type = 'application/json') {
  let i = 0
  const path = route.path.replace(/:\w+/g, () => params[i++ % params.length] ?? '999999')
  const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'
  return as(roleFor(route), method, path).set('content-type', type).send(payload)
}

function as(role: Role | null, method: 'post' | 'put' | 'patch' | 'delete', path: string) {
  const req = request(live.pano.url)[method](path).agent(http)
  return role === null
    ? req
    : req.set('cookie', sessions[role].cookie).set('x-csrf-token', sessions[role].csrfToken)
}

/** Stands for a 20 000-character string (so a counterexample stays readable). */
const HUGE = '<20000 × x>'
const expand = (v: unknown) => (v === HUGE ? 'x'.repeat(20_000) : v)

describe('generated bad input on every state-changing route', () => {
  it('lists the routes to try', () => {
    expect(routes.length).toBeGreaterThan(30)
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/v1/desk/pops/:popId/wrap-up')
  })

  it('answers the fixed bad bodies below 500 on every route', async () => {
    const failures: string[] = []
    for (const route of routes)
      for (const fixed of FIXED) {
        const res = await send(route, ['999999'], fixed.send, fixed.type)
        if (res.status >= 500)
          failures.push(`${route.method} ${route.path} ${fixed.what}: ${res.status} ${res.text}`)
      }
    expect(failures).toEqual([])
  })

  it('answers generated bodies and parameters below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(param, { minLength: 1, maxLength: 2 }),
        body,
        async (route, params, payload) => {
          const res = await send(route, params, JSON.stringify(payload))
          if (res.status >= 500) throw new Error(`${route.method} ${route.path}: ${res.status} ${res.text}`)
        },
      ),
      { numRuns: 250, seed: 20260312, endOnFailure: true },
    )
  })

  it('answers valid bodies with one field replaced by junk below 500', async () => {
    const list = await templates()
    const value = fc.oneof(nastyString, junk, fc.constantFrom(HUGE, '', ' ', '\u0000'))
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...list)
          .chain((t) => fc.tuple(fc.constant(t), fc.constantFrom(...Object.keys(t.body)), value)),
        async ([t, field, replacement]) => {
          const res = await as(t.role, t.method, t.path).send({ ...t.body, [field]: expand(replacement) })
          if (res.status >= 500) throw new Error(`${t.method} ${t.path} ${field}: ${res.status} ${res.text}`)
        },
      ),
      { numRuns: 200, seed: 20260313, endOnFailure: true },
    )
  })

  it('still answers /health afterwards', async () => {
    const res = await request(live.pano.url).get('/api/v1/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'up' })
  })
})
