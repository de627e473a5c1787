/**
 * An app over a fresh PostgreSQL database, with one active user per role (password `parola-<role>`), an
 * inactive user, and sessions in PostgreSQL or in Redis. The clock is controllable for expiry tests.
 */
import { randomUUID } from 'node:crypto'
import type { Express } from 'express'
import request from 'supertest'
import { createApp, type AppDeps } from '../../../server/app.ts'
import { createAuthStores, type AuthStores } from '../../../server/auth/auth-stores.ts'
import { connectRedis, type RedisConnection } from '../../../server/auth/redis-connection.ts'
import { loadConfig } from '../../../server/config.ts'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import type { Role as DbRole } from '../../../server/db/generated/enums.ts'
import { hashPassword, needsRehash, verifyPassword } from '../../../server/db/password.ts'
import { createTestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'

export const REDIS_URL = 'redis://127.0.0.1:6379'
export type SessionBackend = 'postgres' | 'redis'

export interface AuthHarness {
  app: Express
  prisma: PrismaClient
  redis: RedisConnection | null
  stores: AuthStores
  users: Record<Role, { id: number; username: string; password: string }>
  inactive: { id: number; username: string; password: string }
  unitId: number
  /** Every JSON line the app logged (pino, level info and up). */
  logs(): Record<string, unknown>[]
  advance(ms: number): void
  /** Signs in and returns the cookie header and CSRF token. */
  signIn(role: Role): Promise<{ cookie: string; csrfToken: string }>
  close(): Promise<void>
}

export function passwordFor(role: Role): string {
  return `parola-${role}`
}

export async function createAuthHarness(
  backend: SessionBackend,
  options: { env?: Record<string, string>; deps?: Partial<AppDeps> } = {},
): Promise<AuthHarness> {
  const db = await createTestDatabase()
  const { logger, lines } = captureLogger()
  let now = Date.now()
  const clock = () => new Date(now)
  const config = loadConfig({ DATABASE_URL: db.url, ...options.env })
  const redis = backend === 'redis' ? await connectRedis(REDIS_URL, logger) : null
  const stores = createAuthStores({
    config,
    prisma: db.prisma,
    redis,
    now: clock,
    keyPrefix: `pano-test:${randomUUID()}:`,
  })

  const unit = await db.prisma.unit.create({
    data: { code: `test-${randomUUID()}`, name: `Test Birimi ${randomUUID()}` },
  })
  const users = {} as AuthHarness['users']
  for (const role of ROLES) {
    const password = passwordFor(role)
    const row = await db.prisma.user.create({
      data: {
        username: `test-${role}`,
        displayName: `Test ${role}`,
        role: role.toUpperCase() as DbRole,
        unitId: role === 'unit' ? unit.id : null,
        passwordHash: await hashPassword(password),
      },
    })
    users[role] = { id: row.id, username: row.username, password }
  }
  const inactiveRow = await db.prisma.user.create({
    data: {
      username: 'test-ayrilan',
      displayName: 'Ayrılan Personel',
      role: 'AGENT',
      active: false,
      passwordHash: await hashPassword('parola-ayrilan'),
    },
  })

  const app = createApp({
    config,
    logger,
    prisma: db.prisma,
    database: { kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
    sessions: stores.sessions,
    loginLimiter: stores.loginLimiter,
    passwords: { verify: verifyPassword, dummyHash: await hashPassword(randomUUID()), needsRehash },
    version: '9.9.9-test',
    clientDir: null,
    now: clock,
    ...options.deps,
  })

  const harness: AuthHarness = {
    app,
    prisma: db.prisma,
    redis,
    stores,
    users,
    inactive: { id: inactiveRow.id, username: inactiveRow.username, password: 'parola-ayrilan' },
    unitId: unit.id,
    logs: lines,
    advance: (ms) => {
      now += ms
    },
    async signIn(role) {
      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ username: users[role].username, password: users[role].password })
      if (res.status !== 204) throw new Error(`sign-in as ${role} failed: ${res.status}`)
      const cookie = sessionCookieFrom(res.headers['set-cookie'])
      const me = await request(app).get('/api/v1/auth/me').set('cookie', cookie)
      return { cookie, csrfToken: (me.body as { csrfToken: string }).csrfToken }
    },
    async close() {
      if (redis) await redis.close()
      await db.drop()
    },
  }
  return harness
}

/** `pano_session=<token>` from a Set-Cookie header list. */
export function sessionCookieFrom(setCookie: unknown): string {
  const list = Array.isArray(setCookie) ? (setCookie as string[]) : []
  const found = list.find((c) => c.startsWith('pano_session='))
  if (!found) throw new Error('no pano_session cookie was set')
  return found.split(';')[0] ?? ''
}
