/**
 * Production mode as a directorate's IT admin meets it: a fresh PostgreSQL database, a PBX with its own
 * queue and member names (the simulator with a plan that is not the demo's, reached over AMI), the first
 * admin from PANO_ADMIN_*. No demo row, no simulator, no `demo` password; the PBX's shape is found and
 * offered in Yönetim; an agent mapped to a member interface is that member on the boards.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiToken } from '../../../server/auth/api-tokens.ts'
import { loadConfig } from '../../../server/config.ts'
import type { PbxSetupResponse } from '../../../server/contract/pbx-setup.ts'
import type { QueueView } from '../../../server/contract/views.ts'
import { hashPassword, seedDatabase, verifyPassword } from '../../../server/db/index.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { removeDemoData } from '../../../server/services/setup/demo-cleanup.ts'
import { createPbxSimulator, type PbxSimulator, type PlanQueue } from '../../../telephony/index.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'

/** A PBX that knows nothing of Pano's demo: its own queue names, member names and interfaces. */
const PLAN: PlanQueue[] = [
  {
    name: 'hizmet-hatti',
    label: 'unused',
    kind: 'CALL_CENTRE',
    strategy: 'rrmemory',
    serviceLevelSec: 20,
    ringTimeoutSec: 15,
    wrapUpSec: 0,
    members: [
      { interface: 'PJSIP/4101', memberName: 'Temsilci 4101', username: 'x', extension: '4101' },
      { interface: 'PJSIP/4102', memberName: 'Temsilci 4102', username: 'y', extension: '4102' },
    ],
  },
]
const ADMIN = { username: 'bt.yonetici', password: 'Ilk-Yonetici-2026' }

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function login(pano: RunningPano, username: string, password: string) {
  const res = await request(pano.app).post('/api/v1/auth/login').send({ username, password })
  if (res.status !== 204) return { status: res.status, cookie: '', csrfToken: '' }
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? ''
  const me = await request(pano.app).get('/api/v1/auth/me').set('cookie', cookie)
  return { status: res.status, cookie, csrfToken: (me.body as { csrfToken: string }).csrfToken }
}

/** /health's details are for an admin or an API token: a throw-away token of a throw-away admin. */
async function healthDetails(pano: RunningPano): Promise<Record<string, unknown>> {
  const user = await pano.prisma.user.create({
    data: { username: `saglik-${Date.now()}`, displayName: 'Sağlık', role: 'ADMIN', passwordHash: '-' },
  })
  const { id, token } = await issueApiToken(pano.prisma, { userId: user.id, label: 'sağlık' })
  try {
    const res = await request(pano.app).get('/api/v1/health').set('authorization', `Bearer ${token}`)
    return res.body as Record<string, unknown>
  } finally {
    await pano.prisma.apiToken.delete({ where: { id } })
    await pano.prisma.user.delete({ where: { id: user.id } })
  }
}

describe('a production start on PostgreSQL with a real PBX', () => {
  let db: TestDatabase
  let sim: PbxSimulator
  let pano: RunningPano
  let printed = ''

  beforeAll(async () => {
    db = await createTestDatabase()
    sim = await createPbxSimulator({
      clock: 'real',
      seed: 5,
      noise: 'none',
      username: 'pano',
      secret: 'pbx-secret-1',
      queues: PLAN,
      extensions: [{ number: '5001', unitCode: 'fen-isleri', label: 'x', device: 'PJSIP/5001' }],
    })
    pano = await startPano(
      loadConfig({
        DATABASE_URL: db.url,
        PORT: '0',
        LOG_LEVEL: 'silent',
        AMI_HOST: '127.0.0.1',
        AMI_PORT: String(sim.port),
        AMI_USERNAME: 'pano',
        AMI_SECRET: 'pbx-secret-1',
        AMI_AUTH: 'plain',
        PANO_ADMIN_USERNAME: ADMIN.username,
        PANO_ADMIN_PASSWORD: ADMIN.password,
      }),
      { logger: captureLogger().logger, clientDir: null, print: (t) => (printed += t) },
    )
  }, 60_000)
  afterAll(async () => {
    await pano.close()
    await sim.close()
    await db.drop()
  })

  it('says at start which mode and why, and that the first admin was created', () => {
    expect(printed).toMatch(/Kip +üretim: DATABASE_URL ve AMI_HOST\/AMI_PBXS ayarlı/)
    expect(printed).toContain(`Pano 0.1.0 çalışıyor: ${pano.url}`)
    expect(printed).toContain(`İlk yönetici "${ADMIN.username}" oluşturuldu`)
    expect(printed).not.toMatch(/demo/i)
  })

  it('writes reference data only: no demo user, citizen, ticket, queue or line; demo/demo signs in nobody', async () => {
    const p = pano.prisma
    expect(await p.user.findMany({ select: { username: true, role: true } })).toEqual([
      { username: ADMIN.username, role: 'ADMIN' },
    ])
    expect({
      citizens: await p.citizen.count(),
      tickets: await p.ticket.count(),
      queues: await p.queue.count(),
      extensions: await p.extension.count(),
      interfaces: await p.memberInterface.count(),
      marker: await p.setting.count({ where: { key: 'demo.seededAt' } }),
    }).toEqual({ citizens: 0, tickets: 0, queues: 0, extensions: 0, interfaces: 0, marker: 0 })
    expect(await p.unit.count()).toBeGreaterThan(10)
    expect(await p.holiday.count()).toBeGreaterThan(10)
    expect(await p.pauseReason.count()).toBeGreaterThan(0)
    for (const username of ['admin', 'mudur', 'agent1', 'santral1', 'fen'])
      expect((await login(pano, username, 'demo')).status).toBe(401)
  })

  it('follows the configured PBX only: no simulator, health says production', async () => {
    expect([...(pano.telephony?.pbxs.keys() ?? [])]).toEqual(['main'])
    expect(pano.telephony?.simulator).toBeNull()
    expect((await request(pano.app).get('/api/v1/health')).body).toEqual({ status: 'up' })
    const health = await healthDetails(pano)
    expect(health['mode']).toEqual({
      name: 'production',
      reason: 'DATABASE_URL ve AMI_HOST/AMI_PBXS ayarlı',
      simulator: false,
      warnings: [],
    })
  })

  it('offers the PBX’s queues and members in Yönetim; a labelled queue and a mapped agent show on the boards', async () => {
    const admin = await login(pano, ADMIN.username, ADMIN.password)
    expect(admin.status).toBe(204)
    let setup: PbxSetupResponse | undefined
    await eventually('queues discovered', async () => {
      const res = await request(pano.app).get('/api/v1/pbx-setup').set('cookie', admin.cookie)
      setup = res.body as PbxSetupResponse
      return setup.pbxs[0]?.queues.some((q) => q.name === 'hizmet-hatti' && q.members.length === 2) ?? false
    })
    const queue = setup?.pbxs[0]?.queues.find((q) => q.name === 'hizmet-hatti')
    expect(queue).toMatchObject({ onPbx: true, settings: null })
    expect(queue?.members.map((m) => m.interface).sort()).toEqual(['PJSIP/4101', 'PJSIP/4102'])
    expect(setup?.pbxs[0]?.extensions.map((e) => e.exten)).toContain('5001')
    // Before an admin sets it, the boards get the PBX's name and say the queue is not set.
    const before = await request(pano.app).get('/api/v1/queues').set('cookie', admin.cookie)
    expect(
      (before.body as { queues: QueueView[] }).queues.find((q) => q.name === 'hizmet-hatti'),
    ).toMatchObject({
      label: 'hizmet-hatti',
      configured: false,
    })

    const put = await request(pano.app)
      .put('/api/v1/pbx-setup/queues/main/hizmet-hatti')
      .set('cookie', admin.cookie)
      .set('x-csrf-token', admin.csrfToken)
      .send({
        label: 'Hizmet Hattı',
        kind: 'CALL_CENTRE',
        shown: true,
        serviceLevelSec: 30,
        shortAbandonSec: 5,
        wrapUpSec: 15,
      })
    expect(put.status).toBe(200)
    const created = await request(pano.app)
      .post('/api/v1/users')
      .set('cookie', admin.cookie)
      .set('x-csrf-token', admin.csrfToken)
      .send({
        username: 'temsilci.4101',
        fullName: 'Deniz Aksoy',
        role: 'agent',
        memberInterfaces: ['PJSIP/4101'],
        password: 'Gecici-Parola-4101',
      })
    expect(created.status).toBe(201)
    const agentId = (created.body as { id: number }).id

    const queues = await request(pano.app).get('/api/v1/queues').set('cookie', admin.cookie)
    const view = (queues.body as { queues: QueueView[] }).queues
    expect(view.find((q) => q.name === 'hizmet-hatti')).toMatchObject({
      label: 'Hizmet Hattı',
      kind: 'CALL_CENTRE',
      configured: true,
      serviceLevelSec: 30,
    })
    await eventually('agent mapped', () =>
      (pano.telephony?.agents() ?? []).some((a) => a.interface === 'PJSIP/4101' && a.userId === agentId),
    )
    const hide = await request(pano.app)
      .put('/api/v1/pbx-setup/queues/main/hizmet-hatti')
      .set('cookie', admin.cookie)
      .set('x-csrf-token', admin.csrfToken)
      .send({
        label: 'Hizmet Hattı',
        kind: 'CALL_CENTRE',
        shown: false,
        serviceLevelSec: 30,
        shortAbandonSec: 5,
        wrapUpSec: 15,
      })
    expect(hide.status).toBe(200)
    const after = await request(pano.app).get('/api/v1/queues').set('cookie', admin.cookie)
    expect((after.body as { queues: QueueView[] }).queues.map((q) => q.name)).not.toContain('hizmet-hatti')
    const audit = await pano.prisma.auditLog.findFirst({
      where: { action: 'queue.update', entityId: 'main/hizmet-hatti' },
    })
    expect(audit?.detail).toMatchObject({ before: null, after: { label: 'Hizmet Hattı', wrapUpSec: 15 } })
  })
})

describe('production mode without a database URL or an admin', () => {
  let dataDir: string
  let pano: RunningPano
  let printed = ''

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pano-prod-pglite-'))
    pano = await startPano(
      loadConfig({
        PANO_MODE: 'production',
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        SIMULATOR: 'on',
      }),
      { logger: captureLogger().logger, clientDir: null, print: (t) => (printed += t) },
    )
  }, 60_000)
  afterAll(async () => {
    await pano.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('says plainly at start and in health that the embedded database is not for production', async () => {
    expect(printed).toContain('UYARI: Üretim kipinde gömülü veritabanı (PGlite) kullanılıyor')
    const health = (await healthDetails(pano)) as { mode: { warnings: string[] } }
    expect(health.mode.warnings.join(' ')).toMatch(/gömülü veritabanı/)
  })

  it('tells exactly what to set for the first admin, and seeds no demo user', async () => {
    expect(printed).toContain('Henüz etkin bir yönetici yok')
    expect(printed).toContain('PANO_ADMIN_USERNAME ve PANO_ADMIN_PASSWORD (ya da PANO_ADMIN_PASSWORD_FILE)')
    expect(printed).toContain('npm run user:create -- --username <ad> --role admin')
    expect(await pano.prisma.user.count()).toBe(0)
  })

  it('runs the simulator only because SIMULATOR=on, and says so in health', async () => {
    expect(pano.telephony?.simulator).not.toBeNull()
    const health = (await healthDetails(pano)) as { mode: { simulator: boolean; warnings: string[] } }
    expect(health.mode.simulator).toBe(true)
    expect(health.mode.warnings.join(' ')).toMatch(/simülatörü açık/)
  })
})

describe('a production database that was seeded with the demo', () => {
  it('is warned about at start, and the clean-up command removes exactly the demo rows, audited', async () => {
    const db = await createTestDatabase()
    try {
      await seedDatabase(db.prisma, { demo: true })
      // A real colleague the directorate added, on a demo username but with their own password.
      await db.prisma.user.update({
        where: { username: 'fen' },
        data: { passwordHash: await hashPassword('Fen-Isleri-Gercek-1') },
      })
      let printed = ''
      const pano = await startPano(loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent' }), {
        logger: captureLogger().logger,
        clientDir: null,
        print: (t) => (printed += t),
      })
      await pano.close()
      expect(printed).toContain('npm run db:remove-demo')

      const deps = { prisma: db.prisma, verifyPassword, hashPassword }
      const dry = await removeDemoData(deps, { dryRun: true })
      expect(dry.usersDeleted.length + dry.usersLocked.length).toBe(11)
      expect(await db.prisma.user.count()).toBe(12)
      const done = await removeDemoData(deps, { dryRun: false })
      expect(done).toEqual(dry)
      expect((await db.prisma.user.findMany({ where: { active: true } })).map((u) => u.username)).toEqual([
        'fen',
      ])
      expect(await db.prisma.citizen.count()).toBe(0)
      expect(await db.prisma.ticket.count()).toBe(0)
      expect(await db.prisma.queue.count()).toBe(0)
      expect(await db.prisma.extension.count()).toBe(0)
      expect(await db.prisma.auditLog.count({ where: { action: 'demo.cleanup', actorRole: 'cli' } })).toBe(1)
      expect(await removeDemoData(deps, { dryRun: true })).toMatchObject({
        usersDeleted: [],
        usersLocked: [],
        tickets: 0,
      })
    } finally {
      await db.drop()
    }
  })
})
