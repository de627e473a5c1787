/**
 * A body the API cannot read (server/http/json-body.ts) is answered 415 in Turkish, not read as an
 * empty body whose fields then look missing; multipart is read only by the public form
 * (test/integration/intake/public-form.test.ts).
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

let h: AuthHarness
let agent: { cookie: string; csrfToken: string }

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  agent = await h.signIn('agent')
}, 60_000)
afterAll(() => h.close())

const post = (type: string, body: string) =>
  request(h.app)
    .post('/api/v1/citizens')
    .set('cookie', agent.cookie)
    .set('x-csrf-token', agent.csrfToken)
    .set('content-type', type)
    .send(body)

describe('a request body the API cannot read', () => {
  it('is refused as such for text, XML and form bodies', async () => {
    for (const [type, body] of [
      ['text/plain', '{"fullName":"Ayşe Yılmaz"}'],
      ['application/xml', '<citizen><fullName>Ayşe</fullName></citizen>'],
      ['application/x-www-form-urlencoded', 'fullName=Ay%C5%9Fe'],
    ] as const) {
      const res = await post(type, body)
      expect([type, res.status]).toEqual([type, 415])
      expect(res.body).toMatchObject({
        error: {
          code: 'unsupported_media_type',
          kind: 'invalid_input',
          message: expect.stringContaining('JSON') as unknown,
        },
      })
    }
    expect(await h.prisma.citizen.count()).toBe(0)
  })

  it('is refused as such when it is +json or multipart, which the JSON routes do not read', async () => {
    const answers = [
      await post('application/vnd.x+json', '{"fullName":"Ayşe Yılmaz"}'),
      await post('application/merge-patch+json', '{"fullName":"Ayşe Yılmaz"}'),
      await request(h.app)
        .post('/api/v1/citizens')
        .set('cookie', agent.cookie)
        .set('x-csrf-token', agent.csrfToken)
        .field('fullName', 'Ayşe Yılmaz'),
    ]
    for (const res of answers) {
      expect(res.status).toBe(415)
      expect(res.body).toMatchObject({
        error: {
          code: 'unsupported_media_type',
          message: 'İstek gövdesi JSON olmalı (Content-Type: application/json).',
        },
      })
    }
    expect(await h.prisma.citizen.count()).toBe(0)
  })

  it('is read when it is JSON, with or without a charset', async () => {
    const res = await post('application/json; charset=utf-8', JSON.stringify({ fullName: 'Ayşe Yılmaz' }))
    expect(res.status).toBe(201)
  })
})
