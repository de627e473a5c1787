/**
 * Every ticket, citizen, unit and worklist endpoint × every role (agent, operator, unit, supervisor, admin,
 * anonymous) over HTTP, with the real session, CSRF and role guards: the expected status per role, a unit
 * user asking for another unit's ticket (403, nothing of the ticket in the body), the masked fields each
 * role gets, the kiosk token refused, and one AuditLog row for every citizen record an allowed role read.
 */
import request from 'supertest'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueKioskToken } from '../../../server/auth/kiosk-tokens.ts'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import { hashPassword } from '../../../server/db/password.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { createCitizen } from '../../../server/services/citizens/citizen-records.ts'
import { answerTicket } from '../../../server/services/tickets/ticket-actions.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createServiceDeps, type ServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, sessionCookieFrom, type AuthHarness } from '../server/auth-harness.ts'
import { recordCall } from './ticket-fixture.ts'

type Who = Role | 'anonymous'
type Expectation = Record<Who, number>

let h: AuthHarness
let deps: ServiceDeps
const sessions = {} as Record<Role | 'unit2', { cookie: string; csrfToken: string }>
let actors: Record<Role, Actor>
let citizenId: number
let unit2Id: number

const PERSONAL = ['Ayşe Yılmaz', 'ayse@example.com', 'Cemal Gürsel', '123 45 67', '+905321234567']

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  deps = createServiceDeps({ prisma: h.prisma, logger: pino({ level: 'silent' }) })
  const unit2 = await h.prisma.unit.create({ data: { code: 'ZABITA-T', name: 'Zabıta (test)' } })
  unit2Id = unit2.id
  await h.prisma.user.create({
    data: {
      username: 'test-unit2',
      displayName: 'Zabıta personeli',
      role: 'UNIT',
      unitId: unit2.id,
      passwordHash: await hashPassword('parola-unit2'),
    },
  })
  for (const role of ROLES) sessions[role] = await h.signIn(role)
  const login = await request(h.app)
    .post('/api/v1/auth/login')
    .send({ username: 'test-unit2', password: 'parola-unit2' })
  const cookie = sessionCookieFrom(login.headers['set-cookie'])
  const me = await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)
  sessions.unit2 = { cookie, csrfToken: (me.body as { csrfToken: string }).csrfToken }
  actors = Object.fromEntries(
    ROLES.map((r) => [
      r,
      { userId: h.users[r].id, role: r, unitId: r === 'unit' ? h.unitId : null, ip: null },
    ]),
  ) as Record<Role, Actor>
  const citizen = await createCitizen(deps, actors.agent, {
    fullName: 'Ayşe Yılmaz',
    phones: [{ number: '0532 123 45 67' }],
    email: 'ayse@example.com',
    address: 'Cemal Gürsel Cd. 10',
    mahalle: 'Bostanlı',
  })
  citizenId = citizen.citizen.id
})
afterAll(async () => {
  await h.close()
})

function call(who: Who | 'unit2', method: 'get' | 'post' | 'patch', path: string, body?: object) {
  let req = request(h.app)[method](`/api/v1${path}`)
  if (who !== 'anonymous')
    req = req.set('cookie', sessions[who].cookie).set('x-csrf-token', sessions[who].csrfToken)
  return body === undefined ? req : req.send(body)
}

const ticketBody = {
  type: 'ISTEK',
  channel: 'CAGRI_MERKEZI',
  subject: 'Kaldırım kırık',
  description: 'Bostanlı, okul önü',
} as const

async function ticketAtUnit(unitId = h.unitId): Promise<number> {
  return (await createTicket(deps, actors.agent, { ...ticketBody, citizenId, unitId })).id
}
async function newTicket(): Promise<number> {
  return (await createTicket(deps, actors.agent, { ...ticketBody, citizenId })).id
}
async function answeredTicket(): Promise<number> {
  const id = await ticketAtUnit()
  await answerTicket(deps, actors.unit, id, { answer: 'Onarıldı.' })
  return id
}
async function infoRequest(): Promise<number> {
  return (
    await createTicket(deps, actors.agent, {
      type: 'BILGI_EDINME',
      channel: 'EPOSTA',
      subject: 'Bütçe',
      description: 'x',
    })
  ).id
}
async function duplicateCitizen(): Promise<number> {
  return (await createCitizen(deps, actors.agent, { fullName: 'Ayşe Yılmaz (mükerrer)', phones: [] })).citizen
    .id
}
async function missedCall(): Promise<number> {
  const cb = await h.prisma.callback.create({
    data: {
      phoneE164: '+905321234567',
      reason: 'ABANDONED',
      dueAt: new Date(),
      firstCallAt: new Date(),
      lastCallAt: new Date(),
    },
  })
  return cb.id
}

const DIRECTORATE: Expectation = {
  agent: 200,
  operator: 200,
  unit: 403,
  supervisor: 200,
  admin: 200,
  kvkk: 403,
  anonymous: 401,
}
const EVERYONE: Expectation = {
  agent: 200,
  operator: 200,
  unit: 200,
  supervisor: 200,
  admin: 200,
  kvkk: 403,
  anonymous: 401,
}
const ANSWERING: Expectation = {
  agent: 403,
  operator: 403,
  unit: 200,
  supervisor: 200,
  admin: 200,
  kvkk: 403,
  anonymous: 401,
}
const created = (e: Expectation): Expectation =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === 200 ? 201 : v])) as Expectation

interface Case {
  name: string
  method: 'get' | 'post' | 'patch'
  /** Builds a fresh target for each caller, so one role's change does not decide the next role's answer. */
  path: () => Promise<string> | string
  body?: (who: Who) => Promise<object> | object
  expect: Expectation
}

const CASES: Case[] = [
  { name: 'search citizens', method: 'get', path: () => '/citizens?q=ayse', expect: DIRECTORATE },
  {
    name: 'create a citizen',
    method: 'post',
    path: () => '/citizens',
    body: () => ({
      fullName: 'Yeni Vatandaş',
      phones: [{ number: '0555 111 22 33' }],
      kvkkNoticeGiven: true,
    }),
    expect: created(DIRECTORATE),
  },
  { name: 'read a citizen', method: 'get', path: () => `/citizens/${citizenId}`, expect: DIRECTORATE },
  {
    name: 'edit a citizen',
    method: 'patch',
    path: () => `/citizens/${citizenId}`,
    body: () => ({ mahalle: 'Bostanlı' }),
    expect: DIRECTORATE,
  },
  {
    name: 'merge citizens',
    method: 'post',
    path: async () => `/citizens/${await duplicateCitizen()}/merge`,
    body: async () => ({ duplicateId: await duplicateCitizen() }),
    expect: { ...DIRECTORATE, operator: 403 },
  },
  {
    name: 'a citizen’s tickets',
    method: 'get',
    path: () => `/citizens/${citizenId}/tickets`,
    expect: DIRECTORATE,
  },
  { name: 'list tickets', method: 'get', path: () => '/tickets', expect: EVERYONE },
  {
    name: 'preview a due date',
    method: 'get',
    path: () => '/tickets/due-preview?channel=CIMER&type=SIKAYET',
    expect: DIRECTORATE,
  },
  {
    name: 'open a ticket',
    method: 'post',
    path: () => '/tickets',
    body: () => ticketBody,
    expect: created(DIRECTORATE),
  },
  {
    name: 'read a ticket',
    method: 'get',
    path: async () => `/tickets/${await ticketAtUnit()}`,
    expect: EVERYONE,
  },
  {
    name: 'accept (transition to işlemde)',
    method: 'post',
    path: async () => `/tickets/${await ticketAtUnit()}/transition`,
    body: () => ({ to: 'ISLEMDE' }),
    expect: ANSWERING,
  },
  {
    name: 'route',
    method: 'post',
    path: async () => `/tickets/${await newTicket()}/route`,
    body: () => ({ unitId: h.unitId }),
    expect: DIRECTORATE,
  },
  {
    name: 'unit answer',
    method: 'post',
    path: async () => `/tickets/${await ticketAtUnit()}/answer`,
    body: () => ({ answer: 'Ekip yönlendirildi.' }),
    expect: ANSWERING,
  },
  {
    name: 'return to the directorate',
    method: 'post',
    path: async () => `/tickets/${await ticketAtUnit()}/return`,
    body: () => ({ reason: 'Birimimizin konusu değil' }),
    expect: ANSWERING,
  },
  {
    name: 'citizen notified',
    method: 'post',
    path: async () => `/tickets/${await answeredTicket()}/notify`,
    body: () => ({ outcome: 'ULASILDI' }),
    expect: DIRECTORATE,
  },
  {
    name: '4982 extension',
    method: 'post',
    path: async () => `/tickets/${await infoRequest()}/extend`,
    body: () => ({ reason: 'Başka birimden bilgi istendi' }),
    expect: { ...DIRECTORATE, operator: 403 },
  },
  {
    name: 'comment',
    method: 'post',
    path: async () => `/tickets/${await ticketAtUnit()}/comments`,
    body: () => ({ text: 'Not' }),
    expect: EVERYONE,
  },
  {
    name: 'link a call',
    method: 'post',
    path: async () => `/tickets/${await ticketAtUnit()}/calls`,
    body: async () => ({
      callId: await recordCall(h.prisma, '+905321234567', new Date().toISOString(), citizenId),
    }),
    expect: DIRECTORATE,
  },
  { name: 'units', method: 'get', path: () => '/units', expect: EVERYONE },
  { name: 'notify worklist', method: 'get', path: () => '/worklists/notify', expect: DIRECTORATE },
  { name: 'missed-call worklist', method: 'get', path: () => '/worklists/missed-calls', expect: DIRECTORATE },
  {
    name: 'missed-call attempt',
    method: 'post',
    path: async () => `/worklists/missed-calls/${await missedCall()}/attempts`,
    body: () => ({ outcome: 'ULASILAMADI' }),
    expect: created(DIRECTORATE),
  },
]

describe('ticket and citizen endpoints × roles', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const wrong: string[] = []
    for (const who of ['anonymous', ...ROLES] as const) {
      const path = await c.path()
      const body = c.body ? await c.body(who) : undefined
      const res = await call(who, c.method, path, body)
      if (res.status !== c.expect[who])
        wrong.push(`${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
    }
    expect(wrong).toEqual([])
  })

  it('a unit user asking for another unit’s ticket gets 403 with nothing of the ticket', async () => {
    const id = await ticketAtUnit(unit2Id)
    for (const [method, path, body] of [
      ['get', `/tickets/${id}`, undefined],
      ['post', `/tickets/${id}/answer`, { answer: 'x' }],
      ['post', `/tickets/${id}/comments`, { text: 'x' }],
      ['post', `/tickets/${id}/transition`, { to: 'ISLEMDE' }],
    ] as const) {
      const res = await call('unit', method, path, body)
      expect(res.status, path).toBe(403)
      expect(Object.keys(res.body as object)).toEqual(['error'])
      expect(errorOf(res)).toEqual({
        code: 'ticket_other_unit',
        kind: 'not_allowed',
        message: 'Bu talep biriminize havale edilmemiş.',
      })
    }
    expect((await call('unit2', 'get', `/tickets/${id}`)).status).toBe(200)
    const list = await call('unit', 'get', '/tickets?pageSize=100')
    expect((list.body as { items: { id: number }[] }).items.map((t) => t.id)).not.toContain(id)
    expect((await call('unit', 'get', '/tickets/99999999')).status).toBe(404)
  })

  it('a kiosk token is refused everywhere here', async () => {
    const { token } = await issueKioskToken(h.prisma, {
      label: 'TV',
      boards: ['queues'],
      createdById: h.users.admin.id,
    })
    for (const path of ['/tickets', `/citizens/${citizenId}`, '/worklists/notify', '/units']) {
      const res = await request(h.app).get(`/api/v1${path}`).set('authorization', `Bearer ${token}`)
      expect(res.status, path).toBe(401)
      expect(JSON.stringify(res.body)).not.toContain('Ayşe')
    }
  })
})

describe('what each role sees', () => {
  it('unit staff: masked number, no name, no e-mail, no address, no citizen id', async () => {
    const id = await ticketAtUnit()
    const detail = await call('unit', 'get', `/tickets/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({
      citizen: { id: null, fullName: null, phone: '0532 *** ** 67', phoneMasked: true, mahalle: 'Bostanlı' },
    })
    const list = await call('unit', 'get', '/tickets?pageSize=100')
    for (const text of [JSON.stringify(detail.body), JSON.stringify(list.body)]) {
      for (const secret of PERSONAL) expect(text).not.toContain(secret)
    }
  })

  it('unit staff: phone numbers typed into the ticket’s text are masked before they leave the server', async () => {
    const { id, number } = await createTicket(deps, actors.agent, {
      ...ticketBody,
      subject: 'Geri arama: 0532 987 65 43',
      description:
        'Vatandaş 0532 987 65 43 ya da ev (0232) 368 12 34 numarasından aranmak istiyor. Kapı no 15.',
      citizenId,
      unitId: h.unitId,
    })
    await call('agent', 'post', `/tickets/${id}/comments`, { text: 'Komşusu: +90 555 444 33 22' })
    for (const path of [`/tickets/${id}`, `/tickets/${number}`]) {
      const detail = await call('unit', 'get', path)
      expect(detail.status, path).toBe(200)
      const text = JSON.stringify(detail.body)
      for (const digits of ['987 65 43', '9876543', '368 12 34', '444 33 22'])
        expect(text).not.toContain(digits)
      expect(detail.body).toMatchObject({
        subject: 'Geri arama: 0532 *** ** 43',
        description:
          'Vatandaş 0532 *** ** 43 ya da ev 0232 *** ** 34 numarasından aranmak istiyor. Kapı no 15.',
      })
      expect(text).toContain('0555 *** ** 22')
    }
    const list = await call('unit', 'get', `/tickets?q=${encodeURIComponent('Geri arama')}`)
    expect(JSON.stringify(list.body)).not.toContain('987 65 43')
    const agent = await call('agent', 'get', `/tickets/${number}`)
    expect(agent.body).toMatchObject({ id, subject: 'Geri arama: 0532 987 65 43' })
  })

  it('a ticket is found by its number too (its own address); an unknown number is 404', async () => {
    const { id, number } = await createTicket(deps, actors.agent, { ...ticketBody, citizenId })
    const byNumber = await call('agent', 'get', `/tickets/${number}`)
    expect(byNumber.body).toMatchObject({ id, number })
    const missing = await call('agent', 'get', '/tickets/2099-999999')
    expect(missing.status).toBe(404)
  })

  it.each(['agent', 'operator', 'supervisor', 'admin'] as const)(
    '%s sees the name and number the work needs',
    async (role) => {
      const id = await ticketAtUnit()
      const detail = await call(role, 'get', `/tickets/${id}`)
      expect(detail.body).toMatchObject({
        citizen: { id: citizenId, fullName: 'Ayşe Yılmaz', phone: '0532 123 45 67', phoneMasked: false },
      })
      const citizen = await call(role, 'get', `/citizens/${citizenId}`)
      expect(citizen.body).toMatchObject({ email: 'ayse@example.com', address: 'Cemal Gürsel Cd. 10' })
    },
  )
})

describe('every citizen read is audited', () => {
  const READS: [string, () => string][] = [
    ['GET /citizens/:id', () => `/citizens/${citizenId}`],
    ['GET /citizens?q=', () => '/citizens?q=ayşe yılmaz'],
    ['GET /citizens/:id/tickets', () => `/citizens/${citizenId}/tickets`],
    ['GET /tickets (names in the list)', () => '/tickets?q=kaldırım&pageSize=5'],
  ]
  it.each(['agent', 'operator', 'supervisor', 'admin'] as const)('%s', async (role) => {
    for (const [name, path] of READS) {
      const before = await h.prisma.auditLog.count({
        where: { entity: 'Citizen', entityId: String(citizenId) },
      })
      const res = await call(role, 'get', path())
      expect(res.status, name).toBe(200)
      const rows = await h.prisma.auditLog.findMany({
        where: { entity: 'Citizen', entityId: String(citizenId) },
        orderBy: { id: 'asc' },
        skip: before,
      })
      expect(rows.length, name).toBe(1)
      expect(rows[0], name).toMatchObject({ actorId: h.users[role].id, actorRole: role })
      expect(rows[0]?.ip, name).toMatch(/127\.0\.0\.1/)
    }
  })

  it('reading a ticket detail with the citizen audits the citizen; unit staff (masked) leave no citizen row', async () => {
    const id = await ticketAtUnit()
    const count = () => h.prisma.auditLog.count({ where: { entity: 'Citizen', entityId: String(citizenId) } })
    const start = await count()
    await call('agent', 'get', `/tickets/${id}`)
    expect(await count()).toBe(start + 1)
    await call('unit', 'get', `/tickets/${id}`)
    expect(await count()).toBe(start + 1)
  })
})
