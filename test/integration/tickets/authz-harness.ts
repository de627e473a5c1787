/**
 * What the ticket access tests (authz-endpoints.test.ts, authz-personal-data.test.ts) act on: the app over
 * a fresh PostgreSQL database with a signed-in session per role and one for a second unit's staff, one
 * citizen with every kind of personal data, and makers of a fresh ticket, citizen or missed call in the
 * state a request needs.
 */
import request from 'supertest'
import { pino } from 'pino'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import { hashPassword } from '../../../server/db/password.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { createCitizen } from '../../../server/services/citizens/citizen-records.ts'
import { answerTicket } from '../../../server/services/tickets/ticket-actions.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createServiceDeps, type ServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import { createAuthHarness, sessionCookieFrom, type AuthHarness } from '../server/auth-harness.ts'

export type Who = Role | 'anonymous'
export type Method = 'get' | 'post' | 'patch'

/** The citizen's personal data, none of which unit staff may see. */
export const PERSONAL = ['Ayşe Yılmaz', 'ayse@example.com', 'Cemal Gürsel', '123 45 67', '+905321234567']

export const ticketBody = {
  type: 'ISTEK',
  channel: 'CAGRI_MERKEZI',
  subject: 'Kaldırım kırık',
  description: 'Bostanlı, okul önü',
} as const

export interface TicketAuthz {
  h: AuthHarness
  deps: ServiceDeps
  actors: Record<Role, Actor>
  /** The citizen with a name, number, e-mail and address (PERSONAL). */
  citizenId: number
  /** A second unit, whose staff `unit2` is; `unit` is at h.unitId. */
  unit2Id: number
  /** A request over HTTP with the caller's session and CSRF token (none for anonymous). */
  call(who: Who | 'unit2', method: Method, path: string, body?: object): request.Test
  ticketAtUnit(unitId?: number): Promise<number>
  newTicket(): Promise<number>
  answeredTicket(): Promise<number>
  infoRequest(): Promise<number>
  duplicateCitizen(): Promise<number>
  missedCall(): Promise<number>
  close(): Promise<void>
}

export async function createTicketAuthz(): Promise<TicketAuthz> {
  const h = await createAuthHarness('postgres')
  const deps = createServiceDeps({ prisma: h.prisma, logger: pino({ level: 'silent' }) })
  const sessions = {} as Record<Role | 'unit2', { cookie: string; csrfToken: string }>
  const unit2 = await h.prisma.unit.create({ data: { code: 'ZABITA-T', name: 'Zabıta (test)' } })
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
  const actors = Object.fromEntries(
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
  const citizenId = citizen.citizen.id

  function call(who: Who | 'unit2', method: Method, path: string, body?: object) {
    let req = request(h.app)[method](`/api/v1${path}`)
    if (who !== 'anonymous')
      req = req.set('cookie', sessions[who].cookie).set('x-csrf-token', sessions[who].csrfToken)
    return body === undefined ? req : req.send(body)
  }
  async function ticketAtUnit(unitId = h.unitId): Promise<number> {
    return (await createTicket(deps, actors.agent, { ...ticketBody, citizenId, unitId })).id
  }

  return {
    h,
    deps,
    actors,
    citizenId,
    unit2Id: unit2.id,
    call,
    ticketAtUnit,
    newTicket: async () => (await createTicket(deps, actors.agent, { ...ticketBody, citizenId })).id,
    answeredTicket: async () => {
      const id = await ticketAtUnit()
      await answerTicket(deps, actors.unit, id, { answer: 'Onarıldı.' })
      return id
    },
    infoRequest: async () =>
      (
        await createTicket(deps, actors.agent, {
          type: 'BILGI_EDINME',
          channel: 'EPOSTA',
          subject: 'Bütçe',
          description: 'x',
        })
      ).id,
    duplicateCitizen: async () =>
      (await createCitizen(deps, actors.agent, { fullName: 'Ayşe Yılmaz (mükerrer)', phones: [] })).citizen
        .id,
    missedCall: async () => {
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
    },
    close: () => h.close(),
  }
}
