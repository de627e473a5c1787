/**
 * The Çağrı Masası over HTTP against text a client should never send: a NUL byte in a wrap-up note once
 * failed the Call row's write (PostgreSQL refuses NUL in text) and the failure escaped as an unhandled
 * rejection, which ends the process (server/main.ts). Now the boundary refuses it with 400 and the
 * field's name, and the desk goes on working.
 */
import { randomUUID } from 'node:crypto'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../server/app.ts'
import { createAuthStores } from '../../../server/auth/auth-stores.ts'
import { loadConfig } from '../../../server/config.ts'
import type { ScreenPop } from '../../../server/contract/agent-desk.ts'
import { hashPassword, needsRehash, verifyPassword } from '../../../server/db/password.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { sessionCookieFrom } from '../server/auth-harness.ts'
import { createDeskHarness, type DeskHarness } from './desk-harness.ts'

const AGENT1 = 'Local/1001@agents/n'

let h: DeskHarness
let app: Express
let agent: { cookie: string; csrfToken: string; id: number }

beforeAll(async () => {
  h = await createDeskHarness()
  const config = loadConfig({ COOKIE_SECURE: '0' })
  const stores = createAuthStores({ config, prisma: h.prisma, redis: null })
  app = createApp({
    config,
    logger: captureLogger().logger,
    prisma: h.prisma,
    database: { kind: 'postgres', ping: () => h.prisma.$queryRaw`SELECT 1` },
    sessions: stores.sessions,
    loginLimiter: stores.loginLimiter,
    passwords: { verify: verifyPassword, dummyHash: await hashPassword(randomUUID()), needsRehash },
    version: '9.9.9-test',
    clientDir: null,
    desk: () => h.desk,
    telephony: () => h.telephony,
  })
  const login = await request(app).post('/api/v1/auth/login').send({ username: 'agent1', password: 'demo' })
  expect(login.status).toBe(204)
  const cookie = sessionCookieFrom(login.headers['set-cookie'])
  const me = (await request(app).get('/api/v1/auth/me').set('cookie', cookie)).body as {
    csrfToken: string
    id: number
  }
  agent = { cookie, csrfToken: me.csrfToken, id: me.id }
})
afterAll(async () => {
  await h?.close()
})

const post = (path: string, body: unknown) =>
  request(app)
    .post(path)
    .set('cookie', agent.cookie)
    .set('x-csrf-token', agent.csrfToken)
    .send(body as object)

const popOf = (number: string, phase: ScreenPop['phase']) => () =>
  h.pushed
    .filter((p) => p.room === `agent:${agent.id}` && p.event === 'desk:pop')
    .map((p) => p.payload as ScreenPop)
    .filter((p) => p.callerNumber === number && p.phase === phase)
    .at(-1)

describe('control characters at the desk', () => {
  it('answers a NUL in a wrap-up note with 400 naming the field, keeps running, and codes the call after', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05334440077',
      ringMember: AGENT1,
      answer: 500,
      talkMs: 2000,
    })
    const pop = await h.advanceUntil(popOf('+905334440077', 'wrap-up'), 'the wrap-up')
    // The Call row exists: the wrap-up is written at once (the path that used to fail).
    const call = await h.advanceUntil(
      () => h.prisma.call.findFirst({ where: { callKey: pop.callKey } }).then((c) => c ?? undefined),
      'the stored call',
    )
    const code = await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'talep-olusturuldu' } })
    const path = `/api/v1/desk/pops/${encodeURIComponent(pop.popId)}/wrap-up`

    for (const note of ['yol\u0000ekibi', '\u0007', 'a\u001bb', 'sil\u007f']) {
      const res = await post(path, { wrapUpCodeId: code.id, note })
      expect(res.status, JSON.stringify(note)).toBe(400)
      expect(errorOf(res).code).toBe('validation_failed')
      expect(errorOf(res).details).toEqual({
        issues: [
          expect.objectContaining({
            path: 'note',
            message: expect.stringMatching(/denetim karakteri/) as unknown,
          }),
        ],
      })
    }
    expect((await request(app).get('/api/v1/health')).status).toBe(200)

    const saved = await post(path, { wrapUpCodeId: code.id, note: 'Yol ekibine\niletildi\t(1)' })
    expect(saved.status).toBe(200)
    expect(await h.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      wrapUpCodeId: code.id,
      wrapUpNote: 'Yol ekibine\niletildi\t(1)',
    })
  })

  it('refuses control characters in every text of a ticket opened from the call', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05334440088',
      ringMember: AGENT1,
      answer: 500,
      talkMs: 4000,
    })
    const pop = await h.advanceUntil(popOf('+905334440088', 'talking'), 'the call')
    const path = `/api/v1/desk/pops/${encodeURIComponent(pop.popId)}/tickets`
    const body = { type: 'ISTEK', subject: 'Yol', description: 'Çökme var.', category: 'yol' }
    for (const field of ['subject', 'description', 'category'] as const) {
      const res = await post(path, { ...body, [field]: `x\u0000${body[field]}` })
      expect(res.status, field).toBe(400)
      expect(errorOf(res).details).toEqual({ issues: [expect.objectContaining({ path: field })] })
    }
    expect(
      await h.prisma.ticket.count({ where: { subject: { contains: 'Yol' }, description: 'Çökme var.' } }),
    ).toBe(0)
    await h.advanceUntil(popOf('+905334440088', 'wrap-up'), 'the end')
  })
})
