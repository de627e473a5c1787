/**
 * A real desk over a real PBX simulator (virtual clock) and a fresh PostgreSQL database seeded with the
 * demo data: the telephony service connects to the simulator over TCP, the call recorder writes Call rows,
 * and the desk's pushes are collected per room, as socket.io would deliver them.
 */
import { pino } from 'pino'
import { loadConfig } from '../../../server/config.ts'
import { seedDatabase } from '../../../server/db/index.ts'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import { deskTelephonyFrom } from '../../../server/services/agent-desk/desk-telephony.ts'
import { createAgentDesk, type AgentDesk } from '../../../server/services/agent-desk/desk-service.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { createServiceDeps, type ServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import { createTestDatabase } from '../../support/test-database.ts'

export interface Pushed {
  room: string
  event: string
  payload: unknown
}

export interface DeskHarness {
  prisma: PrismaClient
  sim: PbxSimulator
  telephony: TelephonyService
  desk: AgentDesk
  services: ServiceDeps
  pushed: Pushed[]
  user(username: string): Promise<{ id: number; actor: Actor }>
  /** Moves simulated time on and lets the bridge apply what the PBX sent. */
  advance(ms: number): Promise<void>
  /** Polls `find` until it returns a value (the pushes arrive asynchronously after a lookup). */
  waitFor<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs?: number): Promise<T>
  /** Moves simulated time on in small steps until `find` returns a value (at most `maxMs` simulated). */
  advanceUntil<T>(
    find: () => T | undefined | Promise<T | undefined>,
    what: string,
    maxMs?: number,
  ): Promise<T>
  close(): Promise<void>
}

export async function createDeskHarness(): Promise<DeskHarness> {
  const db = await createTestDatabase()
  const prisma = db.prisma
  await seedDatabase(prisma, { demo: true })
  const sim = await createPbxSimulator({ clock: 'virtual', startAt: Date.parse('2026-03-02T07:00:00Z') })
  const config = loadConfig({ DATABASE_URL: db.url, SIMULATOR: 'off', LOG_LEVEL: 'silent' })
  const logger = pino({ level: 'silent' })
  const telephony = await createTelephonyService({
    config,
    prisma,
    logger,
    simulator: sim,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0, reconnectInitialMs: 50 },
  })
  const services = createServiceDeps({ prisma, logger, now: () => new Date(sim.now()) })
  const pushed: Pushed[] = []
  const desk = await createAgentDesk({
    services,
    prisma,
    logger,
    telephony: deskTelephonyFrom(telephony),
    sink: { emit: (room, event, payload) => pushed.push({ room, event, payload }) },
    userRefreshMs: 0,
    followupSweepMs: 0,
  })

  async function waitFor<T>(
    find: () => T | undefined | Promise<T | undefined>,
    what: string,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = await find()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  const bridge = () => [...telephony.pbxs.values()][0]?.bridge
  await waitFor(() => (bridge()?.getStatus().phase === 'live' ? true : undefined), 'the bridge to be live')

  return {
    prisma,
    sim,
    telephony,
    desk,
    services,
    pushed,
    async user(username) {
      const u = await prisma.user.findUniqueOrThrow({ where: { username } })
      const role = u.role.toLowerCase() as Actor['role']
      return {
        id: u.id,
        actor: { userId: u.id, role, unitId: role === 'unit' ? u.unitId : null, ip: '127.0.0.1' },
      }
    },
    async advance(ms) {
      await sim.advance(ms)
      await bridge()?.flush()
      bridge()?.tick(sim.now())
    },
    waitFor,
    async advanceUntil(find, what, maxMs = 30_000) {
      for (let spent = 0; spent <= maxMs; spent += 250) {
        const found = await find()
        if (found !== undefined) return found
        await sim.advance(250)
        await bridge()?.flush()
        bridge()?.tick(sim.now())
        await desk.pops?.idle()
      }
      return waitFor(find, what, 2000)
    },
    async close() {
      desk.stop()
      await telephony.close()
      await sim.close()
      await db.drop()
    },
  }
}
