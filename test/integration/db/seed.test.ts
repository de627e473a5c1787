import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import { verifyPassword } from '../../../server/db/password.ts'
import { TURKISH_HOLIDAYS } from '../../../server/domain/calendar/turkish-holidays.ts'
import { createWorkingCalendar } from '../../../server/domain/calendar/working-days.ts'
import { deadlineState } from '../../../server/domain/legal-clock.ts'
import { DEMO_EXTENSIONS, DEMO_PBX_ID, DEMO_QUEUES } from '../../../telephony/demo-pbx-plan.ts'
import { seedDatabase } from '../../../prisma/seed.ts'
import { DESKS } from '../../../prisma/seed-data/desks.ts'
import { createTestDatabase, createTestPglite } from '../../support/test-database.ts'

const SLOW = { timeout: 240_000 }
const NOW = new Date('2026-03-10T09:00:00Z')

async function counts(prisma: PrismaClient) {
  return {
    units: await prisma.unit.count(),
    desks: await prisma.desk.count(),
    queues: await prisma.queue.count(),
    extensions: await prisma.extension.count(),
    pauseReasons: await prisma.pauseReason.count(),
    wrapUpCodes: await prisma.wrapUpCode.count(),
    holidays: await prisma.holiday.count(),
    settings: await prisma.setting.count(),
    users: await prisma.user.count(),
    citizens: await prisma.citizen.count(),
    tickets: await prisma.ticket.count(),
    ticketEvents: await prisma.ticketEvent.count(),
  }
}

describe.each(['postgres', 'pglite'] as const)('seed on %s', SLOW, (kind) => {
  let prisma: PrismaClient
  let dispose: () => Promise<void>

  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await createTestDatabase()
      prisma = db.prisma
      dispose = () => db.drop()
    } else {
      const db = await createTestPglite()
      prisma = db.prisma
      dispose = () => db.close()
    }
  }, 240_000)
  afterAll(() => dispose())

  it('without demo: reference data only, and a second run changes nothing', async () => {
    expect(await seedDatabase(prisma, { demo: false, now: NOW })).toEqual({ createdDemoUsers: false })
    const first = await counts(prisma)
    expect(first).toMatchObject({ users: 0, citizens: 0, tickets: 0, desks: DESKS.length })
    expect(first.holidays).toBe(TURKISH_HOLIDAYS.length)

    const unitCodes = (await prisma.unit.findMany()).map((u) => u.code)
    for (const e of DEMO_EXTENSIONS) expect(unitCodes).toContain(e.unitCode)
    expect(unitCodes).toEqual(
      expect.arrayContaining(['yazi-isleri', 'hukuk-isleri', 'afet-isleri', 'muhtarlik-isleri']),
    )
    expect((await prisma.desk.findMany()).map((d) => d.name)).toEqual(
      expect.arrayContaining([
        'Karşılama',
        'Santral',
        'Engelsiz Masa',
        'Can Dostlar Masası',
        'KAYDEM Masası',
      ]),
    )
    // No PBX plan without demo: a real PBX's queues and lines are found on it and kept by an admin.
    expect(first).toMatchObject({ queues: 0, extensions: 0 })
    expect(await prisma.holiday.count({ where: { kind: 'HALF_DAY' } })).toBeGreaterThan(0)
    expect((await prisma.pauseReason.findUnique({ where: { code: 'Evrak işi' } }))?.productive).toBe(true)
    expect(await prisma.setting.findUnique({ where: { key: 'tickets.internalSla' } })).not.toBeNull()

    await seedDatabase(prisma, { demo: false, now: NOW })
    expect(await counts(prisma)).toEqual(first)
  })

  it('never overwrites what an admin changed', async () => {
    await prisma.unit.update({ where: { code: 'zabita' }, data: { name: 'Zabıta Daire Başkanlığı' } })
    await prisma.setting.update({
      where: { key: 'tickets.internalSla' },
      data: { value: { ISTEK: { days: 9, unit: 'working' } } },
    })
    await seedDatabase(prisma, { demo: false, now: NOW })
    expect((await prisma.unit.findUnique({ where: { code: 'zabita' } }))?.name).toBe(
      'Zabıta Daire Başkanlığı',
    )
    expect((await prisma.setting.findUnique({ where: { key: 'tickets.internalSla' } }))?.value).toEqual({
      ISTEK: { days: 9, unit: 'working' },
    })
  })

  it('with demo: users with password "demo", queue interfaces, citizens with open tickets; once', async () => {
    expect(await seedDatabase(prisma, { demo: true, now: NOW })).toEqual({ createdDemoUsers: true })
    const users = await prisma.user.findMany({ include: { unit: true } })
    expect(users.map((u) => u.username).sort()).toEqual(
      [
        'admin',
        'agent1',
        'agent2',
        'agent3',
        'agent4',
        'agent5',
        'fen',
        'kvkk',
        'mudur',
        'santral1',
        'santral2',
        'zabita',
      ].sort(),
    )
    const agent1 = users.find((u) => u.username === 'agent1')!
    expect(agent1).toMatchObject({ role: 'AGENT', extension: '1001' })
    const interfaces = await prisma.memberInterface.findMany({ include: { user: true } })
    expect(interfaces.find((i) => i.interface === 'Local/1001@agents/n')?.user.username).toBe('agent1')
    expect(interfaces.find((i) => i.interface === 'Local/3002@operators/n')?.user).toMatchObject({
      username: 'santral2',
      role: 'OPERATOR',
    })
    // The demo PBX plan lives under the simulator's own id, never under `main` (a real PBX's id).
    expect((await prisma.queue.findMany()).map((q) => [q.pbxId, q.name]).sort()).toEqual(
      DEMO_QUEUES.map((q) => [DEMO_PBX_ID, q.name]).sort(),
    )
    expect(await prisma.queue.findFirst({ where: { name: 'cagri-merkezi' } })).toMatchObject({ wrapUpSec: 5 })
    const ext = await prisma.extension.findFirst({ where: { number: '2002' }, include: { unit: true } })
    expect(ext).toMatchObject({ pbxId: DEMO_PBX_ID })
    expect(ext?.unit?.code).toBe('zabita')
    expect(users.find((u) => u.username === 'fen')?.unit?.code).toBe('fen-isleri')
    expect(users.find((u) => u.username === 'mudur')?.role).toBe('SUPERVISOR')
    expect(users.find((u) => u.username === 'kvkk')?.role).toBe('KVKK')
    expect(agent1.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(await verifyPassword('demo', agent1.passwordHash)).toBe(true)
    expect(await verifyPassword('Demo', agent1.passwordHash)).toBe(false)

    const caller = await prisma.citizenPhone.findFirst({
      where: { e164: '+905334445566' },
      include: { citizen: { include: { tickets: true } } },
    })
    expect(caller?.citizen.fullName).toBe('Mustafa Kılıç')
    expect(caller?.citizen.tickets.filter((t) => t.status !== 'KAPANDI')).toHaveLength(2)
    const numbers = (await prisma.ticket.findMany()).map((t) => t.number)
    expect(numbers.every((n) => /^2026-\d{6}$/.test(n))).toBe(true)
    expect(new Set(numbers).size).toBe(numbers.length)

    const after = await counts(prisma)
    expect(await seedDatabase(prisma, { demo: true, now: NOW })).toEqual({ createdDemoUsers: false })
    expect(await counts(prisma)).toEqual(after)
  })

  it('TicketEvent is append-only: UPDATE and DELETE are rejected by the trigger', async () => {
    const event = await prisma.ticketEvent.findFirstOrThrow()
    await expect(
      prisma.ticketEvent.update({ where: { id: event.id }, data: { note: 'değiştirildi' } }),
    ).rejects.toThrow(/append-only/)
    await expect(prisma.ticketEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe('TRUNCATE "TicketEvent" CASCADE')).rejects.toThrow(/append-only/)
    expect((await prisma.ticketEvent.findUniqueOrThrow({ where: { id: event.id } })).note).toBe(event.note)
    await prisma.ticketEvent.create({
      data: { ticketId: event.ticketId, kind: 'COMMENT', note: 'yeni kayıt' },
    })
  })

  it('AuditLog is append-only: UPDATE, DELETE and TRUNCATE are refused, a retention DELETE is let through', async () => {
    await prisma.auditLog.createMany({
      data: [
        { actorRole: 'test', action: 'citizen.read', entity: 'Citizen', entityId: '1', at: new Date(0) },
        { actorRole: 'test', action: 'citizen.read', entity: 'Citizen', entityId: '2' },
      ],
    })
    const [old, recent] = await prisma.auditLog.findMany({
      where: { actorRole: 'test' },
      orderBy: { id: 'asc' },
    })
    if (old === undefined || recent === undefined) throw new Error('rows not written')
    await expect(prisma.auditLog.update({ where: { id: old.id }, data: { entityId: '99' } })).rejects.toThrow(
      /append-only/,
    )
    await expect(prisma.auditLog.delete({ where: { id: old.id } })).rejects.toThrow(/append-only/)
    await expect(prisma.auditLog.deleteMany({ where: { actorRole: 'test' } })).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/)
    // Retention never rewrites a row.
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL pano.retention = 'on'`)
        await tx.auditLog.update({ where: { id: recent.id }, data: { entityId: '99' } })
      }),
    ).rejects.toThrow(/append-only/)
    // Retention, as the migration documents it: SET LOCAL inside the deleting transaction only.
    const purged = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL pano.retention = 'on'`)
      return tx.auditLog.deleteMany({ where: { actorRole: 'test', at: { lt: new Date(1_000) } } })
    })
    expect(purged.count).toBe(1)
    // The permission ended with that transaction.
    await expect(prisma.auditLog.delete({ where: { id: recent.id } })).rejects.toThrow(/append-only/)
    expect((await prisma.auditLog.findMany({ where: { actorRole: 'test' } })).map((r) => r.entityId)).toEqual(
      ['2'],
    )
  })

  it('CHECK constraints refuse malformed phone numbers, ticket numbers and negative waits', async () => {
    const citizen = await prisma.citizen.findFirstOrThrow()
    await expect(
      prisma.citizenPhone.create({ data: { citizenId: citizen.id, e164: '05321234567' } }),
    ).rejects.toThrow(/CitizenPhone_e164_format/)
    const ticket = await prisma.ticket.findFirstOrThrow()
    await expect(
      prisma.ticket.update({ where: { id: ticket.id }, data: { number: '26-1' } }),
    ).rejects.toThrow(/Ticket_number_format/)
    const at = new Date()
    await expect(
      prisma.call.create({
        data: {
          pbxId: 'main',
          callKey: 'k1',
          linkedId: 'l1',
          direction: 'INBOUND',
          enteredAt: at,
          endedAt: at,
          waitSec: -1,
          outcome: 'ABANDONED',
        },
      }),
    ).rejects.toThrow(/Call_wait_nonnegative/)
  })
})

describe('demo tickets on a Monday morning', () => {
  // 2026-12-07 is a Monday; 10:37 in Istanbul. Calendar-day offsets put deadlines on the Sunday before.
  const MONDAY = new Date('2026-12-07T07:37:00Z')
  let db: Awaited<ReturnType<typeof createTestPglite>>

  beforeAll(async () => {
    db = await createTestPglite()
  }, 240_000)
  afterAll(() => db.close())

  it('are due at the close of a working day, as the legal clock counts, and the demo still shows each state', async () => {
    await seedDatabase(db.prisma, { demo: true, now: MONDAY })
    const calendar = createWorkingCalendar(TURKISH_HOLIDAYS)
    const tickets = await db.prisma.ticket.findMany({ where: { status: { not: 'KAPANDI' } } })
    expect(tickets.length).toBeGreaterThan(0)
    for (const t of tickets) {
      const day = calendar.dateOf(t.dueAt)
      expect(calendar.isWorkingDay(day), `${t.number} due on ${day}`).toBe(true)
      expect(t.dueAt.toISOString()).toBe(calendar.endOfWorkingDay(day).toISOString())
    }
    const states = new Set(tickets.map((t) => deadlineState(t.dueAt, MONDAY, calendar)))
    expect(states).toContain('overdue')
    expect([...states].some((s) => s === 'due-soon' || s === 'due-today')).toBe(true)
  })
})
