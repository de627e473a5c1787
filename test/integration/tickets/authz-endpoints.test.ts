/**
 * Every ticket, citizen, unit and worklist endpoint × every role (agent, operator, unit, supervisor, admin,
 * anonymous) over HTTP, with the real session, CSRF and role guards: the expected status per role, a unit
 * user asking for another unit's ticket (403, nothing of the ticket in the body) and the kiosk token
 * refused. What each allowed role sees of the citizen: authz-personal-data.test.ts.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueKioskToken } from '../../../server/auth/kiosk-tokens.ts'
import { ROLES } from '../../../server/contract/auth.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createTicketAuthz, ticketBody, type Method, type TicketAuthz, type Who } from './authz-harness.ts'
import { recordCall } from './ticket-fixture.ts'

type Expectation = Record<Who, number>

let w: TicketAuthz
beforeAll(async () => {
  w = await createTicketAuthz()
})
afterAll(async () => {
  await w.close()
})

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
  method: Method
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
  { name: 'read a citizen', method: 'get', path: () => `/citizens/${w.citizenId}`, expect: DIRECTORATE },
  {
    name: 'edit a citizen',
    method: 'patch',
    path: () => `/citizens/${w.citizenId}`,
    body: () => ({ mahalle: 'Bostanlı' }),
    expect: DIRECTORATE,
  },
  {
    name: 'merge citizens',
    method: 'post',
    path: async () => `/citizens/${await w.duplicateCitizen()}/merge`,
    body: async () => ({ duplicateId: await w.duplicateCitizen() }),
    expect: { ...DIRECTORATE, operator: 403 },
  },
  {
    name: 'a citizen’s tickets',
    method: 'get',
    path: () => `/citizens/${w.citizenId}/tickets`,
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
    path: async () => `/tickets/${await w.ticketAtUnit()}`,
    expect: EVERYONE,
  },
  {
    name: 'accept (transition to işlemde)',
    method: 'post',
    path: async () => `/tickets/${await w.ticketAtUnit()}/transition`,
    body: () => ({ to: 'ISLEMDE' }),
    expect: ANSWERING,
  },
  {
    name: 'route',
    method: 'post',
    path: async () => `/tickets/${await w.newTicket()}/route`,
    body: () => ({ unitId: w.h.unitId }),
    expect: DIRECTORATE,
  },
  {
    name: 'unit answer',
    method: 'post',
    path: async () => `/tickets/${await w.ticketAtUnit()}/answer`,
    body: () => ({ answer: 'Ekip yönlendirildi.' }),
    expect: ANSWERING,
  },
  {
    name: 'return to the directorate',
    method: 'post',
    path: async () => `/tickets/${await w.ticketAtUnit()}/return`,
    body: () => ({ reason: 'Birimimizin konusu değil' }),
    expect: ANSWERING,
  },
  {
    name: 'citizen notified',
    method: 'post',
    path: async () => `/tickets/${await w.answeredTicket()}/notify`,
    body: () => ({ outcome: 'ULASILDI' }),
    expect: DIRECTORATE,
  },
  {
    name: '4982 extension',
    method: 'post',
    path: async () => `/tickets/${await w.infoRequest()}/extend`,
    body: () => ({ reason: 'Başka birimden bilgi istendi' }),
    expect: { ...DIRECTORATE, operator: 403 },
  },
  {
    name: 'comment',
    method: 'post',
    path: async () => `/tickets/${await w.ticketAtUnit()}/comments`,
    body: () => ({ text: 'Not' }),
    expect: EVERYONE,
  },
  {
    name: 'link a call',
    method: 'post',
    path: async () => `/tickets/${await w.ticketAtUnit()}/calls`,
    body: async () => ({
      callId: await recordCall(w.h.prisma, '+905321234567', new Date().toISOString(), w.citizenId),
    }),
    expect: DIRECTORATE,
  },
  { name: 'units', method: 'get', path: () => '/units', expect: EVERYONE },
  { name: 'notify worklist', method: 'get', path: () => '/worklists/notify', expect: DIRECTORATE },
  { name: 'missed-call worklist', method: 'get', path: () => '/worklists/missed-calls', expect: DIRECTORATE },
  {
    name: 'missed-call attempt',
    method: 'post',
    path: async () => `/worklists/missed-calls/${await w.missedCall()}/attempts`,
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
      const res = await w.call(who, c.method, path, body)
      if (res.status !== c.expect[who])
        wrong.push(`${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`)
    }
    expect(wrong).toEqual([])
  })

  it('a unit user asking for another unit’s ticket gets 403 with nothing of the ticket', async () => {
    const id = await w.ticketAtUnit(w.unit2Id)
    for (const [method, path, body] of [
      ['get', `/tickets/${id}`, undefined],
      ['post', `/tickets/${id}/answer`, { answer: 'x' }],
      ['post', `/tickets/${id}/comments`, { text: 'x' }],
      ['post', `/tickets/${id}/transition`, { to: 'ISLEMDE' }],
    ] as const) {
      const res = await w.call('unit', method, path, body)
      expect(res.status, path).toBe(403)
      expect(Object.keys(res.body as object)).toEqual(['error'])
      expect(errorOf(res)).toEqual({
        code: 'ticket_other_unit',
        kind: 'not_allowed',
        message: 'Bu talep biriminize havale edilmemiş.',
      })
    }
    expect((await w.call('unit2', 'get', `/tickets/${id}`)).status).toBe(200)
    const list = await w.call('unit', 'get', '/tickets?pageSize=100')
    expect((list.body as { items: { id: number }[] }).items.map((t) => t.id)).not.toContain(id)
    expect((await w.call('unit', 'get', '/tickets/99999999')).status).toBe(404)
  })

  it('a kiosk token is refused everywhere here', async () => {
    const { token } = await issueKioskToken(w.h.prisma, {
      label: 'TV',
      boards: ['queues'],
      createdById: w.h.users.admin.id,
    })
    for (const path of ['/tickets', `/citizens/${w.citizenId}`, '/worklists/notify', '/units']) {
      const res = await request(w.h.app).get(`/api/v1${path}`).set('authorization', `Bearer ${token}`)
      expect(res.status, path).toBe(401)
      expect(JSON.stringify(res.body)).not.toContain('Ayşe')
    }
  })
})
