/**
 * What one request leaves in the log (server/http/request-logger.ts, docs/kvkk.md §2): method, path,
 * status, duration, ip and user id, never the query (a citizen's name searched for) or the headers.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthHarness, type AuthHarness } from './auth-harness.ts'

let h: AuthHarness

beforeAll(async () => {
  h = await createAuthHarness('postgres')
}, 60_000)
afterAll(() => h.close())

const requestLines = () => h.logs().filter((l) => l['msg'] === 'request')

describe('the request log', () => {
  it('names the path and status of a refused search, but not the name searched for or any header', async () => {
    const unit = await h.signIn('unit')
    const before = requestLines().length
    const res = await request(h.app)
      .get('/api/v1/citizens?q=Ahmet%20Y%C4%B1lmaz')
      .set('cookie', unit.cookie)
      .set('user-agent', 'Tarayici/1.0')
    expect(res.status).toBe(403)

    const lines = requestLines().slice(before)
    expect(lines).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/citizens',
        status: 403,
        userId: h.users.unit.id,
      }),
    ])
    const text = JSON.stringify(lines)
    expect(text).not.toContain('Ahmet')
    expect(text).not.toContain('q=')
    expect(text).not.toContain('Tarayici')
    expect(text).not.toContain('headers')
  })
})
