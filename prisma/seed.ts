import path from 'node:path'
import { DEMO_EXTENSIONS, DEMO_PBX_ID, DEMO_QUEUES, DEPARTMENTS_CONTEXT } from '../telephony/demo-pbx-plan.ts'
import { TURKISH_HOLIDAYS } from '../server/domain/calendar/turkish-holidays.ts'
import { createWorkingCalendar, type WorkingCalendar } from '../server/domain/calendar/working-days.ts'
import type { Prisma, PrismaClient } from '../server/db/generated/client.ts'
import { joinUnitWords } from '../server/contract/unit-words.ts'
import { hashPassword } from '../server/db/password.ts'
import { DEMO_MARKER_KEY } from '../server/services/setup/demo-cleanup.ts'
import { DEMO_CITIZENS, DEMO_PASSWORD, DEMO_USERS, type DemoTicketSeed } from './seed-data/demo.ts'
import { DEMO_ALERT_RULES, DEMO_THRESHOLDS } from './seed-data/demo-alerts.ts'
import { DESKS } from './seed-data/desks.ts'
import { PAUSE_REASONS } from './seed-data/pause-reasons.ts'
import { SETTINGS } from './seed-data/settings.ts'
import { UNIT_SEARCH_WORDS } from './seed-data/unit-search-words.ts'
import { UNITS } from './seed-data/units.ts'
import { WRAP_UP_CODES } from './seed-data/wrap-up-codes.ts'

/**
 * Reference data every Pano needs, and demo data for the embedded first start. Safe at every start:
 * rows are only created when missing (ON CONFLICT DO NOTHING), so an admin's edits are never overwritten.
 */

export interface SeedOptions {
  /** Demo users, citizens and tickets (only for the embedded database with nothing configured). */
  readonly demo: boolean
  /** "Now" for demo ticket dates (default: the current time). */
  readonly now?: Date
}

export interface SeedResult {
  /** True when this run created the demo users (the server prints them at first start). */
  readonly createdDemoUsers: boolean
}

const DAY_MS = 86_400_000

/** A reference unit's search words as stored, or null for a unit the seed has none for. */
function searchWordsOf(code: string): string | null {
  const words = UNIT_SEARCH_WORDS[code]
  return words === undefined ? null : joinUnitWords(words)
}

async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  await prisma.unit.createMany({
    data: UNITS.map((u, i) => ({
      code: u.code,
      name: u.name,
      sortOrder: (i + 1) * 10,
      searchWords: searchWordsOf(u.code),
    })),
    skipDuplicates: true,
  })
  // Units made before search words existed get theirs once; an admin's words, even none, stay.
  for (const u of await prisma.unit.findMany({ where: { searchWords: null }, select: { code: true } })) {
    const words = searchWordsOf(u.code)
    if (words !== null)
      await prisma.unit.updateMany({
        where: { code: u.code, searchWords: null },
        data: { searchWords: words },
      })
  }
  const unitIds = new Map(
    (await prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  )
  const unitId = (code: string | null): number | null => (code === null ? null : (unitIds.get(code) ?? null))

  await prisma.desk.createMany({
    data: DESKS.map((d) => ({ code: d.code, name: d.name, unitId: unitId(d.unitCode) })),
    skipDuplicates: true,
  })
  await prisma.pauseReason.createMany({
    data: PAUSE_REASONS.map((p, i) => ({ ...p, sortOrder: (i + 1) * 10 })),
    skipDuplicates: true,
  })
  await prisma.wrapUpCode.createMany({
    data: WRAP_UP_CODES.map((w, i) => ({ ...w, sortOrder: (i + 1) * 10 })),
    skipDuplicates: true,
  })
  await prisma.holiday.createMany({
    data: TURKISH_HOLIDAYS.map((h) => ({
      date: new Date(`${h.date}T00:00:00Z`),
      name: h.name,
      kind: h.kind,
    })),
    skipDuplicates: true,
  })
  await prisma.setting.createMany({
    data: SETTINGS.map((s) => ({ key: s.key, value: s.value as Prisma.InputJsonValue })),
    skipDuplicates: true,
  })
}

/**
 * The simulator's queues and directory lines, under the simulator's own PBX id so that they can never
 * mix with a real PBX's (a real single PBX is `main`).
 */
async function seedDemoPbxPlan(prisma: PrismaClient): Promise<void> {
  const unitIds = new Map(
    (await prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  )
  await prisma.queue.createMany({
    data: DEMO_QUEUES.map((q) => ({
      pbxId: DEMO_PBX_ID,
      name: q.name,
      label: q.label,
      kind: q.kind,
      serviceLevelSec: q.serviceLevelSec,
      wrapUpSec: q.wrapUpSec,
      thresholds: DEMO_THRESHOLDS[q.name] ?? {},
    })),
    skipDuplicates: true,
  })
  const queueIds = new Map(
    (await prisma.queue.findMany({ where: { pbxId: DEMO_PBX_ID }, select: { id: true, name: true } })).map(
      (q) => [q.name, q.id],
    ),
  )
  await prisma.queueAlertRule.createMany({
    data: DEMO_ALERT_RULES.flatMap((r) => {
      const queueId = queueIds.get(r.queue)
      return queueId === undefined
        ? []
        : [{ queueId, metric: r.metric, enabled: true, quietMinutes: r.quietMinutes, hours: r.hours }]
    }),
    skipDuplicates: true,
  })
  await prisma.extension.createMany({
    data: DEMO_EXTENSIONS.map((e) => ({
      pbxId: DEMO_PBX_ID,
      number: e.number,
      label: e.label,
      personName: e.personName ?? null,
      unitId: unitIds.get(e.unitCode) ?? null,
      stateInterface: e.device,
      transferContext: DEPARTMENTS_CONTEXT,
    })),
    skipDuplicates: true,
  })
}

async function seedDemoUsers(prisma: PrismaClient): Promise<boolean> {
  const existing = new Set(
    (
      await prisma.user.findMany({
        where: { username: { in: DEMO_USERS.map((u) => u.username) } },
        select: { username: true },
      })
    ).map((u) => u.username),
  )
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username))
  if (missing.length === 0) return false
  const units = new Map(
    (await prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  )
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  let created = 0
  for (const u of missing) {
    try {
      // A nested create: the user and their interface appear together or not at all.
      await prisma.user.create({
        data: {
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          unitId: u.unitCode === null ? null : (units.get(u.unitCode) ?? null),
          extension: u.extension,
          email: u.email ?? null,
          unitDigest: u.unitDigest ?? false,
          passwordHash,
          ...(u.memberInterface === null
            ? {}
            : { memberInterfaces: { create: [{ interface: u.memberInterface }] } }),
        },
      })
      created++
    } catch (error) {
      // Another process seeded the same user a moment ago.
      if ((error as { code?: string }).code !== 'P2002') throw error
    }
  }
  return created > 0
}

/** Istanbul calendar year of an instant (UTC+3 all year since 2016). */
function istanbulYear(at: Date): number {
  return new Date(at.getTime() + 3 * 3_600_000).getUTCFullYear()
}

/** The same time of day `days` working days before `now` (today when 0, whatever day it is). */
function workingDaysBefore(calendar: WorkingCalendar, now: Date, days: number): Date {
  let at = now
  for (let left = days; left > 0;) {
    at = new Date(at.getTime() - DAY_MS)
    if (calendar.isWorkingDay(at)) left--
  }
  return at
}

async function createDemoTicket(
  tx: Prisma.TransactionClient,
  t: DemoTicketSeed,
  citizenId: number,
  unitId: number | null,
  now: Date,
  calendar: WorkingCalendar,
): Promise<void> {
  const receivedAt = workingDaysBefore(calendar, now, t.ageDays)
  const year = istanbulYear(receivedAt)
  const seq = await tx.ticketSequence.upsert({
    where: { year },
    create: { year, last: 1 },
    update: { last: { increment: 1 } },
  })
  const ticket = await tx.ticket.create({
    data: {
      number: `${year}-${String(seq.last).padStart(6, '0')}`,
      type: t.type,
      channel: t.channel,
      legalTrack: 'INTERNAL',
      subject: t.subject,
      description: t.description,
      citizenId,
      unitId,
      status: t.status,
      // As the legal clock counts (server/domain/legal-clock.ts): the close of a working day, never a Sunday.
      dueAt: calendar.addWorkingDays(receivedAt, t.dueInDays),
      createdAt: receivedAt,
    },
  })
  await tx.ticketEvent.create({
    data: { ticketId: ticket.id, kind: 'CREATED', toStatus: 'YENI', note: 'Demo verisi', at: receivedAt },
  })
  if (t.status !== 'YENI') {
    await tx.ticketEvent.create({
      data: { ticketId: ticket.id, kind: 'ROUTED', fromStatus: 'YENI', toStatus: t.status, at: receivedAt },
    })
  }
}

async function seedDemoCitizens(prisma: PrismaClient, now: Date): Promise<void> {
  const units = new Map(
    (await prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  )
  await prisma.$transaction(async (tx) => {
    // The marker row makes this run once, also when two processes seed at the same moment.
    const { count } = await tx.setting.createMany({
      data: [{ key: DEMO_MARKER_KEY, value: now.toISOString() }],
      skipDuplicates: true,
    })
    if (count === 0) return
    // The seeded holidays and default office hours: the demo's deadlines fall where the legal clock's would.
    const calendar = createWorkingCalendar(TURKISH_HOLIDAYS)
    for (const c of DEMO_CITIZENS) {
      const citizen = await tx.citizen.create({
        data: {
          fullName: c.fullName,
          mahalle: c.mahalle,
          email: c.email ?? null,
          kvkkNoticeAt: now,
          phones: { create: c.phones.map((e164, i) => ({ e164, label: i === 0 ? 'Cep' : 'Ev' })) },
        },
      })
      for (const t of c.tickets)
        await createDemoTicket(tx, t, citizen.id, units.get(t.unitCode) ?? null, now, calendar)
    }
  })
}

export async function seedDatabase(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  await seedReferenceData(prisma)
  if (!options.demo) return { createdDemoUsers: false }
  await seedDemoPbxPlan(prisma)
  const createdDemoUsers = await seedDemoUsers(prisma)
  await seedDemoCitizens(prisma, options.now ?? new Date())
  return { createdDemoUsers }
}

/** `npm run db:seed [-- --demo | --no-demo]`: seeds the configured database (migrating it first). */
async function runFromCommandLine(): Promise<void> {
  const { loadConfig } = await import('../server/config.ts')
  const { openDatabase } = await import('../server/db/open-database.ts')
  const config = loadConfig()
  const args = process.argv.slice(2)
  const demo = args.includes('--demo') ? true : args.includes('--no-demo') ? false : config.demoMode
  const quiet = { debug: () => undefined, info: () => undefined }
  const db = await openDatabase({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    logger: quiet,
    migrate: true,
  })
  try {
    const result = await seedDatabase(db.prisma, { demo })
    const where = db.kind === 'pglite' ? path.join(config.database.dataDir, 'pglite') : 'PostgreSQL'
    process.stdout.write(`Seed tamamlandı (${where}${demo ? ', demo verisi' : ''}).\n`)
    if (result.createdDemoUsers) {
      process.stdout.write(
        `Demo kullanıcılar (parola "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.username).join(', ')}\n`,
      )
    }
  } finally {
    await db.close()
  }
}

const entry = process.argv[1]
if (entry !== undefined && path.resolve(entry) === path.resolve(import.meta.filename)) {
  try {
    await runFromCommandLine()
  } catch (error) {
    process.stderr.write(`Seed başarısız: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
