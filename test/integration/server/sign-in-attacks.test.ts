/**
 * Sign-in against what an outside attacker tried on a running server: usernames that were LIKE patterns,
 * parallel guesses that outran the limit, hashes below OWASP's cost. Over HTTP, with the limits in
 * process and in Redis.
 */
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  configurePasswordHashing,
  hashPassword,
  OWASP_SCRYPT_COST,
  verifyPassword,
} from '../../../server/db/password.ts'
import { TEST_SCRYPT_COST } from '../../support/fast-password-hashing.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness, type SessionBackend } from './auth-harness.ts'

describe.each<SessionBackend>(['postgres', 'redis'])('sign-in attacks, limits in %s', (backend) => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness(backend, {
      env: { TRUST_PROXY: 'loopback', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '20' },
    })
  })
  afterAll(async () => {
    await h.close()
  })

  const login = (username: string, password: string, ip: string) =>
    request(h.app).post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password })

  it('matches the username exactly: % and admi_ with the admin password are nobody', async () => {
    const { password } = h.users.admin
    for (const [i, pattern] of ['%', 'test-admi_', '%admin', 'test\\-admin', '_est-admin'].entries()) {
      const res = await login(pattern, password, `198.51.100.${i + 1}`)
      expect(res.status, pattern).toBe(401)
      expect(errorOf(res).code).toBe('invalid_credentials')
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    // Case and surrounding spaces are normalised explicitly, not by a pattern.
    expect((await login(' TEST-Admin ', password, '198.51.100.20')).status).toBe(204)
  })

  it('answers 40 parallel wrong passwords for one user with exactly 5 × 401, the rest 429', async () => {
    // The account's hash at the production cost: the five that pass the limit really run scrypt.
    const row = await h.prisma.user.create({
      data: {
        username: `hedef-${backend}`,
        displayName: 'Hedef',
        role: 'ADMIN',
        passwordHash: await hashPassword('Dogru-Parola-35', OWASP_SCRYPT_COST),
      },
    })
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(row.username, `yanlis-${i}`, '203.0.113.50')),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    for (const r of answers.filter((a) => a.status === 429)) {
      expect(errorOf(r).code).toBe('too_many_requests')
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(800)
    }
    // Even the right password waits now, from that address.
    expect((await login(row.username, 'Dogru-Parola-35', '203.0.113.50')).status).toBe(429)
  })

  it('does not give every spelling of a name its own budget: one address trying many names is stopped', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `test-admi${'_'.repeat(i % 3)}${i}`)
    const statuses: number[] = []
    for (const name of names) statuses.push((await login(name, 'yanlis', '192.0.2.77')).status)
    // LOGIN_MAX_ATTEMPTS_PER_ADDRESS=20 in this harness.
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true)
  })

  it('logs refused sign-ins without the password and counts them in /metrics', async () => {
    await login(h.users.unit.username, 'Gizli-Yanlis-Parola-1', '192.0.2.90')
    const refused = h
      .logs()
      .filter((l) => l['msg'] === 'sign-in refused' && l['username'] === h.users.unit.username)
    expect(refused).toEqual([
      expect.objectContaining({ reason: 'invalid_credentials', ip: '192.0.2.90', userId: h.users.unit.id }),
    ])
    expect(JSON.stringify(h.logs())).not.toContain('Gizli-Yanlis-Parola-1')

    const { cookie } = await h.signIn('admin')
    const metrics = await request(h.app).get('/metrics').set('cookie', cookie)
    expect(metrics.status).toBe(200)
    const failures = (reason: string) =>
      Number(
        new RegExp(`^pano_login_failures_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(metrics.text)?.[1],
      )
    expect(failures('invalid_credentials')).toBeGreaterThanOrEqual(1)
    expect(failures('rate_limited')).toBeGreaterThanOrEqual(35)
    expect(metrics.text).toMatch(/^pano_logins_total [1-9]\d*$/m)
  })
})

describe('password hashes below the current cost', () => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness('postgres')
  })
  afterAll(async () => {
    await h.close()
  })
  afterEach(() => {
    configurePasswordHashing({ cost: TEST_SCRYPT_COST })
  })

  it('makes new hashes at OWASP cost (N=2^17, r=8, p=1)', async () => {
    configurePasswordHashing({ cost: OWASP_SCRYPT_COST })
    const stored = await hashPassword('Karşıyaka 35!')
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(await verifyPassword('Karşıyaka 35!', stored)).toBe(true)
  })

  it('rehashes at the current cost on the next successful sign-in, and only then', async () => {
    const cheap = await hashPassword('Eski-Parola-35', { N: 2 ** 10, r: 8, p: 1 })
    await h.prisma.user.update({ where: { id: h.users.agent.id }, data: { passwordHash: cheap } })
    configurePasswordHashing({ cost: OWASP_SCRYPT_COST })

    const wrong = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: h.users.agent.username, password: 'yanlis' })
    expect(wrong.status).toBe(401)
    const stored = () =>
      h.prisma.user.findUniqueOrThrow({ where: { id: h.users.agent.id } }).then((u) => u.passwordHash)
    expect(await stored()).toBe(cheap)

    const right = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: h.users.agent.username, password: 'Eski-Parola-35' })
    expect(right.status).toBe(204)
    const raised = await stored()
    expect(raised).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(await verifyPassword('Eski-Parola-35', raised)).toBe(true)
    expect(h.logs().some((l) => l['msg'] === 'password hash raised to the current cost')).toBe(true)
  })
})
