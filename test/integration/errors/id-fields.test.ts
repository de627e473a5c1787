/**
 * Record ids a client sends (paths, query strings, bodies) are 1…2 147 483 647 in plain decimal digits
 * (server/contract/id-field.ts): an id PostgreSQL's `integer` cannot hold, `0x10`, `1e3` or `-1` is a
 * 400 `validation_failed` with one Turkish sentence for the field, and an id of a row that is not there
 * is a 404 or a 400, never a 500 (server/error-response.ts maps Prisma's P2003, P2020 and P2025).
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ID_FIELD_MESSAGE } from '../../../server/contract/id-field.ts'
import { errorAnswer } from '../../../server/error-response.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
let admin: { cookie: string; csrfToken: string }
let supervisor: { cookie: string; csrfToken: string }
let ticketId: number
let citizenId: number
let callbackId: number

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  admin = await h.signIn('admin')
  supervisor = await h.signIn('supervisor')
  const ticket = await send('post', '/tickets', {
    type: 'ISTEK',
    channel: 'CAGRI_MERKEZI',
    subject: 'Sokak lambası',
    description: 'Sokak lambası yanmıyor.',
  })
  expect(ticket.status).toBe(201)
  ticketId = (ticket.body as { ticket: { id: number } }).ticket.id
  citizenId = (await h.prisma.citizen.create({ data: { fullName: 'Ayşe Yılmaz' } })).id
  const at = new Date()
  callbackId = (
    await h.prisma.callback.create({
      data: { phoneE164: '+905321112233', reason: 'ABANDONED', dueAt: at, firstCallAt: at, lastCallAt: at },
    })
  ).id
}, 60_000)
afterAll(() => h.close())

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

function send(method: Method, path: string, body?: object, who = admin) {
  const req = request(h.app)[method](`/api/v1${path}`).set('cookie', who.cookie)
  return method === 'get' ? req : req.set('x-csrf-token', who.csrfToken).send(body ?? {})
}

interface ErrorBody {
  error: {
    code: string
    kind: string
    message: string
    details?: { issues?: Array<{ path: string; message: string; code: string }> }
  }
}

/** The error model's shape (docs/errors.md) with a Turkish sentence. */
function expectErrorModel(res: request.Response, status: number, code: string, kind: string): ErrorBody {
  expect({ status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ status, code })
  const body = res.body as ErrorBody
  expect(body.error.kind).toBe(kind)
  expect(body.error.message).toMatch(/[a-zçğıöşü]+.*\.$/i)
  expect(body.error.message).not.toMatch(/prisma|integer|range|constraint|Value/i)
  return body
}

function expectIdIssue(res: request.Response, field: string): void {
  const body = expectErrorModel(res, 400, 'validation_failed', 'invalid_input')
  expect(body.error.details?.issues).toEqual([
    { path: field, message: ID_FIELD_MESSAGE, code: expect.any(String) as string },
  ])
}

/** Written into a path or a query string. */
const BAD_IN_TEXT = ['2147483648', '99999999999999999999', '0x10', '1e3', '-1', '0', '1.5', '%205']
/** Sent in a JSON body. */
const BAD_IN_JSON: unknown[] = [2147483648, 1e20, '0x10', '1e3', -1, 0, 1.5, true]

describe('an id in the path', () => {
  const routes: Array<[Method, (id: string) => string, object?]> = [
    ['get', (id) => `/tickets/${id}`],
    ['post', (id) => `/tickets/${id}/comments`, { text: 'Not' }],
    ['delete', (id) => `/kiosk-tokens/${id}`],
    ['put', (id) => `/directory/extensions/${id}/presence`, { note: null }],
    ['patch', (id) => `/directory/units/${id}`, {}],
    ['put', (id) => `/queue-alert-rules/${id}`, { rules: [] }],
    ['put', (id) => `/queue-thresholds/${id}`, {}],
    ['get', (id) => `/users/${id}`],
    ['get', (id) => `/citizens/${id}`],
    ['post', (id) => `/worklists/missed-calls/${id}/attempts`, { outcome: 'ULASILAMADI' }],
    ['get', (id) => `/whatsapp/conversations/${id}`],
    ['get', (id) => `/calls/${id}/recording`],
  ]
  it.each(
    routes.flatMap(([method, path, body]) => BAD_IN_TEXT.map((id) => [method, path(id), body] as const)),
  )('%s %s is a 400 naming the id', async (method, path, body) => {
    // Recordings are for the supervisor and the KVKK officer only.
    const res = await send(method, path, body, path.endsWith('/recording') ? supervisor : admin)
    expectIdIssue(res, path.startsWith('/queue-alert-rules/') ? 'queueId' : 'id')
  })

  it('the largest id is accepted and, not being there, is a 404', async () => {
    expectErrorModel(await send('get', '/tickets/2147483647'), 404, 'ticket_not_found', 'not_found')
    const token = await send('delete', '/kiosk-tokens/2147483647')
    expectErrorModel(token, 404, (token.body as ErrorBody).error.code, 'not_found')
  })
})

describe('an id in the query string', () => {
  it.each(BAD_IN_TEXT)('GET /tickets?unitId=%s is a 400 naming unitId', async (id) => {
    expectIdIssue(await send('get', `/tickets?unitId=${id}`), 'unitId')
  })

  it('a plain decimal id filters as before', async () => {
    const res = await send('get', `/tickets?unitId=${h.unitId}`)
    expect(res.status).toBe(200)
  })
})

/** `:ticket`, `:citizen`, `:callback` and `:agent` stand for rows made in beforeAll. */
function pathOf(template: string): string {
  const rows: Record<string, number> = {
    ticket: ticketId,
    citizen: citizenId,
    callback: callbackId,
    agent: h.users.agent.id,
  }
  return template.replace(/:(\w+)/g, (_, name: string) => String(rows[name]))
}

const ticketBase = { type: 'ISTEK', channel: 'CAGRI_MERKEZI', subject: 'Konu', description: 'Açıklama' }

describe('an id in the body', () => {
  /** [method, path, the body around the id, the field the issue names] */
  const routes: Array<[Method, string, (id: unknown) => object, string]> = [
    ['post', '/tickets', (id) => ({ ...ticketBase, unitId: id }), 'unitId'],
    ['post', '/tickets', (id) => ({ ...ticketBase, citizenId: id }), 'citizenId'],
    ['post', '/tickets', (id) => ({ ...ticketBase, callId: id }), 'callId'],
    ['post', '/tickets/:ticket/route', (id) => ({ unitId: id }), 'unitId'],
    ['post', '/tickets/:ticket/calls', (id) => ({ callId: id }), 'callId'],
    ['post', '/citizens/:citizen/merge', (id) => ({ duplicateId: id }), 'duplicateId'],
    ['patch', '/users/:agent', (id) => ({ unitId: id }), 'unitId'],
    ['post', '/desk/originate', (id) => ({ target: { kind: 'ticket', ticketId: id } }), 'target.ticketId'],
    [
      'post',
      '/desk/originate',
      (id) => ({ target: { kind: 'callback', callbackId: id } }),
      'target.callbackId',
    ],
    [
      'post',
      '/worklists/missed-calls/:callback/attempts',
      (id) => ({ outcome: 'ULASILAMADI', callId: id }),
      'callId',
    ],
  ]
  it.each(
    routes.flatMap(([method, path, body, field]) =>
      BAD_IN_JSON.map((id) => ({ method, path, body, field, id: JSON.stringify(id) })),
    ),
  )('$method $path with $field $id is a 400 naming $field', async ({ method, path, body, field, id }) => {
    const res = await send(method, pathOf(path), body(JSON.parse(id)))
    expectIdIssue(res, field)
  })

  it('POST /users with an oversize unitId is a 400 naming unitId', async () => {
    const res = await send('post', '/users', {
      username: 'yeni.birim',
      fullName: 'Yeni Birim',
      role: 'unit',
      password: 'Uzun-bir-parola-2026',
      unitId: 2147483648,
    })
    expect(res.status).toBe(400)
    expect((res.body as ErrorBody).error.details?.issues).toContainEqual(
      expect.objectContaining({ path: 'unitId', message: ID_FIELD_MESSAGE }),
    )
  })
})

describe('an id of a row that is not there', () => {
  const missing = 99_999

  it('a missed-call attempt naming a call that does not exist is a 400 for callId', async () => {
    const res = await send('post', pathOf('/worklists/missed-calls/:callback/attempts'), {
      outcome: 'ULASILAMADI',
      callId: missing,
    })
    const body = expectErrorModel(res, 400, 'validation_failed', 'invalid_input')
    expect(body.error.details?.issues).toEqual([
      { path: 'callId', message: body.error.message, code: 'not_found' },
    ])
  })

  it.each<[Method, string, object?]>([
    ['get', `/tickets/${missing}`],
    ['delete', `/kiosk-tokens/${missing}`],
    ['put', `/directory/extensions/${missing}/presence`, { note: null }],
    ['put', `/queue-alert-rules/${missing}`, { rules: [] }],
    ['get', `/users/${missing}`],
    ['get', `/citizens/${missing}`],
    ['post', `/worklists/missed-calls/${missing}/attempts`, { outcome: 'ULASILAMADI' }],
    ['post', '/tickets/:ticket/route', { unitId: missing }],
    ['post', '/tickets/:ticket/calls', { callId: missing }],
    ['post', '/citizens/:citizen/merge', { duplicateId: missing }],
    ['patch', '/users/:agent', { unitId: missing }],
    ['post', '/tickets', { ...ticketBase, unitId: missing }],
    ['post', '/tickets', { ...ticketBase, citizenId: missing }],
    ['post', '/tickets', { ...ticketBase, callId: missing }],
  ])('%s %s %j is a 400 or a 404', async (method, path, body) => {
    const res = await send(method, pathOf(path), body)
    expect([400, 404]).toContain(res.status)
    expectErrorModel(
      res,
      res.status,
      (res.body as ErrorBody).error.code,
      res.status === 400 ? 'invalid_input' : 'not_found',
    )
  })
})

describe('Prisma errors a route did not check first', () => {
  async function answerOf(write: Promise<unknown>) {
    const error = await write.then(
      () => expect.unreachable('the write should fail'),
      (e: unknown) => e,
    )
    return errorAnswer(error)
  }

  it('a row to update that is not there (P2025) is a 404', async () => {
    const answer = await answerOf(h.prisma.citizen.update({ where: { id: 99_999 }, data: { fullName: 'X' } }))
    expect(answer).toMatchObject({
      status: 404,
      error: { code: 'not_found', kind: 'not_found' },
      log: 'debug',
    })
  })

  it('a reference to a row that is not there (P2003) is a 400 naming the field', async () => {
    const answer = await answerOf(
      h.prisma.callback.create({
        data: {
          phoneE164: '+905320000000',
          reason: 'ABANDONED',
          dueAt: new Date(),
          firstCallAt: new Date(),
          lastCallAt: new Date(),
          unitId: 99_999,
        },
      }),
    )
    expect(answer).toMatchObject({
      status: 400,
      error: { code: 'validation_failed', kind: 'invalid_input', details: { issues: [{ path: 'unitId' }] } },
    })
  })

  it('deleting a row others still point at (P2003) is a 409', async () => {
    await h.prisma.kioskToken.create({
      data: { tokenHash: 'id-fields-test', label: 'Salon', createdById: h.users.supervisor.id },
    })
    const answer = await answerOf(h.prisma.user.delete({ where: { id: h.users.supervisor.id } }))
    expect(answer).toMatchObject({ status: 409, error: { code: 'record_in_use', kind: 'conflict' } })
  })

  it('an id PostgreSQL cannot hold (P2020) is a 400', async () => {
    const answer = await answerOf(
      h.prisma.citizen.update({ where: { id: 2_147_483_648 }, data: { fullName: 'X' } }),
    )
    expect(answer).toMatchObject({ status: 400, error: { code: 'validation_failed', kind: 'invalid_input' } })
  })
})
