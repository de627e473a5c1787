/**
 * A fresh PostgreSQL database per test file with what the ticket and citizen services need: the Holiday
 * table filled from the 2025–2027 calendar, two units (Fen İşleri, Zabıta), a desk, one user per role,
 * a settable clock, and the services' deps wired as main.ts wires them.
 */
import { pino } from 'pino'
import { TURKISH_HOLIDAYS } from '../../../server/domain/calendar/turkish-holidays.ts'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import type { ServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import { createServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import { createTestDatabase } from '../../support/test-database.ts'

export interface SettableClock {
  now(): Date
  set(iso: string): void
}

export interface TicketFixture {
  prisma: PrismaClient
  url: string
  deps: ServiceDeps
  clock: SettableClock
  units: { fen: { id: number; name: string }; zabita: { id: number; name: string } }
  deskId: number
  actors: {
    agent: Actor
    operator: Actor
    supervisor: Actor
    admin: Actor
    fen: Actor
    zabita: Actor
  }
  drop(): Promise<void>
}

export async function createTicketFixture(startAt = '2026-03-02T07:00:00Z'): Promise<TicketFixture> {
  const db = await createTestDatabase()
  const prisma = db.prisma
  let now = new Date(startAt)
  const clock: SettableClock = {
    now: () => now,
    set: (iso) => {
      now = new Date(iso)
    },
  }
  await prisma.holiday.createMany({
    data: TURKISH_HOLIDAYS.map((h) => ({
      date: new Date(`${h.date}T00:00:00Z`),
      name: h.name,
      kind: h.kind,
    })),
  })
  const fen = await prisma.unit.create({ data: { code: 'FEN', name: 'Fen İşleri Müdürlüğü', sortOrder: 1 } })
  const zabita = await prisma.unit.create({
    data: { code: 'ZABITA', name: 'Zabıta Müdürlüğü', sortOrder: 2 },
  })
  const desk = await prisma.desk.create({ data: { code: 'KARSILAMA', name: 'Karşılama Masası' } })
  const user = async (
    username: string,
    role: 'AGENT' | 'OPERATOR' | 'SUPERVISOR' | 'ADMIN' | 'UNIT',
    unitId?: number,
  ) =>
    prisma.user.create({
      data: { username, displayName: `Test ${username}`, role, passwordHash: 'x', unitId: unitId ?? null },
    })
  const rows = {
    agent: await user('agent1', 'AGENT'),
    operator: await user('santral1', 'OPERATOR'),
    supervisor: await user('mudur', 'SUPERVISOR'),
    admin: await user('admin', 'ADMIN'),
    fen: await user('fen', 'UNIT', fen.id),
    zabita: await user('zabita', 'UNIT', zabita.id),
  }
  const actor = (row: { id: number }, role: Actor['role'], unitId: number | null = null): Actor => ({
    userId: row.id,
    role,
    unitId,
    ip: '127.0.0.1',
  })
  const deps = createServiceDeps({ prisma, logger: pino({ level: 'silent' }), now: () => clock.now() })
  return {
    prisma,
    url: db.url,
    deps,
    clock,
    units: { fen: { id: fen.id, name: fen.name }, zabita: { id: zabita.id, name: zabita.name } },
    deskId: desk.id,
    actors: {
      agent: actor(rows.agent, 'agent'),
      operator: actor(rows.operator, 'operator'),
      supervisor: actor(rows.supervisor, 'supervisor'),
      admin: actor(rows.admin, 'admin'),
      fen: actor(rows.fen, 'unit', fen.id),
      zabita: actor(rows.zabita, 'unit', zabita.id),
    },
    drop: () => db.drop(),
  }
}

/** A finished inbound call as the call recorder would store it. */
export async function recordCall(
  prisma: PrismaClient,
  callerNumber: string,
  enteredAt: string,
  citizenId: number | null = null,
): Promise<number> {
  const at = new Date(enteredAt)
  const call = await prisma.call.create({
    data: {
      pbxId: 'main',
      callKey: `k-${callerNumber}-${enteredAt}-${Math.random()}`,
      linkedId: `l-${enteredAt}`,
      direction: 'INBOUND',
      queue: 'cagri-merkezi',
      callerNumber,
      citizenId,
      enteredAt: at,
      answeredAt: new Date(at.getTime() + 10_000),
      endedAt: new Date(at.getTime() + 90_000),
      waitSec: 10,
      talkSec: 80,
      outcome: 'ANSWERED',
    },
  })
  return call.id
}
