/**
 * Removes what the demo seed wrote into a database that is now used in production (an install that ran
 * `db:seed -- --demo`, or an early version that seeded the demo PBX plan under `main`). Only rows that
 * are certainly the demo's are touched:
 * - users with a demo username whose password is still `demo` (deleted, or closed and locked when
 *   history refers to them);
 * - citizens with a demo name AND a demo phone number, with the tickets the seed gave them (history
 *   included, through the purge switch of the TicketEvent trigger); calls keep their rows, unlinked;
 * - queues and directory lines of the demo PBX plan whose label is still the demo's;
 * - the seed's marker setting.
 * `dryRun` reports the same counts without changing anything. The run is written to the audit log.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { DEMO_CITIZENS, DEMO_PASSWORD, DEMO_USERS } from '../../../prisma/seed-data/demo.ts'
import { DEMO_EXTENSIONS, DEMO_PBX_ID, DEMO_QUEUES } from '../../../telephony/index.ts'
import { randomBytes } from 'node:crypto'
import { recordAudit } from '../audit/audit-log.ts'

export const DEMO_MARKER_KEY = 'demo.seededAt'
/** Where demo plans were written: the simulator's own id, and `main` by versions before it had one. */
const DEMO_PLAN_PBX_IDS = [DEMO_PBX_ID, 'main']

export interface DemoCleanupReport {
  usersDeleted: string[]
  usersLocked: string[]
  citizens: number
  tickets: number
  queues: number
  extensions: number
  marker: boolean
}

export interface DemoCleanupDeps {
  prisma: PrismaClient
  verifyPassword(password: string, hash: string): Promise<boolean>
  hashPassword(password: string): Promise<string>
}

async function demoUsers(deps: DemoCleanupDeps) {
  const rows = await deps.prisma.user.findMany({
    where: { username: { in: DEMO_USERS.map((u) => u.username) } },
    select: {
      id: true,
      username: true,
      passwordHash: true,
      _count: {
        select: {
          ticketEvents: true,
          ticketsCreated: true,
          callbackTries: true,
          transfers: true,
          kioskTokens: true,
          // An inbox decision is history like a ticket event: such a user is locked, not deleted.
          intakeDecisions: true,
          // A WhatsApp reply is history sent to a citizen: such a user is locked, not deleted.
          whatsappSent: true,
        },
      },
    },
  })
  const out: Array<{ id: number; username: string; referenced: boolean }> = []
  for (const r of rows) {
    if (!(await deps.verifyPassword(DEMO_PASSWORD, r.passwordHash))) continue
    out.push({ id: r.id, username: r.username, referenced: Object.values(r._count).some((n) => n > 0) })
  }
  return out
}

async function demoCitizenIds(prisma: PrismaClient): Promise<number[]> {
  const ids: number[] = []
  for (const c of DEMO_CITIZENS) {
    const found = await prisma.citizen.findMany({
      where: { fullName: c.fullName, phones: { some: { e164: { in: [...c.phones] } } } },
      select: { id: true },
    })
    ids.push(...found.map((f) => f.id))
  }
  return ids
}

function demoQueueWhere() {
  return {
    OR: DEMO_QUEUES.map((q) => ({ pbxId: { in: DEMO_PLAN_PBX_IDS }, name: q.name, label: q.label })),
  }
}

function demoExtensionWhere() {
  return {
    OR: DEMO_EXTENSIONS.map((e) => ({ pbxId: { in: DEMO_PLAN_PBX_IDS }, number: e.number, label: e.label })),
  }
}

/** True when the database still holds what the demo seed wrote (the start-up message warns then). */
export async function hasDemoRows(deps: DemoCleanupDeps): Promise<boolean> {
  const marker = await deps.prisma.setting.findUnique({ where: { key: DEMO_MARKER_KEY } })
  if (marker !== null) return true
  return (await demoUsers(deps)).length > 0
}

export async function removeDemoData(
  deps: DemoCleanupDeps,
  options: { dryRun: boolean; now?: Date },
): Promise<DemoCleanupReport> {
  const { prisma } = deps
  const users = await demoUsers(deps)
  const citizenIds = await demoCitizenIds(prisma)
  const tickets = await prisma.ticket.findMany({
    where: { citizenId: { in: citizenIds } },
    select: { id: true },
  })
  const ticketIds = tickets.map((t) => t.id)
  const report: DemoCleanupReport = {
    usersDeleted: users.filter((u) => !u.referenced).map((u) => u.username),
    usersLocked: users.filter((u) => u.referenced).map((u) => u.username),
    citizens: citizenIds.length,
    tickets: ticketIds.length,
    queues: await prisma.queue.count({ where: demoQueueWhere() }),
    extensions: await prisma.extension.count({ where: demoExtensionWhere() }),
    marker: (await prisma.setting.findUnique({ where: { key: DEMO_MARKER_KEY } })) !== null,
  }
  if (options.dryRun) return report

  const lockedHash = await deps.hashPassword(randomBytes(32).toString('base64url'))
  await prisma.$transaction(async (tx) => {
    // The one deliberate exception to TicketEvent's append-only rule (prisma/migrations, integrity guards).
    await tx.$executeRawUnsafe(`SET LOCAL pano.ticket_event_purge = 'on'`)
    await tx.ticketEvent.deleteMany({ where: { ticketId: { in: ticketIds } } })
    await tx.callTicket.deleteMany({ where: { ticketId: { in: ticketIds } } })
    await tx.callback.updateMany({ where: { ticketId: { in: ticketIds } }, data: { ticketId: null } })
    // An inbox item that became a demo ticket stays as it came (docs/intake.md), without the ticket.
    await tx.intakeItem.updateMany({ where: { ticketId: { in: ticketIds } }, data: { ticketId: null } })
    await tx.whatsappConversation.updateMany({
      where: { ticketId: { in: ticketIds } },
      data: { ticketId: null },
    })
    await tx.ticket.deleteMany({ where: { id: { in: ticketIds } } })
    await tx.call.updateMany({ where: { citizenId: { in: citizenIds } }, data: { citizenId: null } })
    await tx.callback.updateMany({ where: { citizenId: { in: citizenIds } }, data: { citizenId: null } })
    await tx.citizen.updateMany({ where: { mergedIntoId: { in: citizenIds } }, data: { mergedIntoId: null } })
    await tx.citizenPhone.deleteMany({ where: { citizenId: { in: citizenIds } } })
    await tx.citizen.deleteMany({ where: { id: { in: citizenIds } } })
    const deleted = users.filter((u) => !u.referenced).map((u) => u.id)
    await tx.intakeItem.updateMany({
      where: { claimedById: { in: deleted } },
      data: { claimedById: null, claimedAt: null },
    })
    await tx.whatsappConversation.updateMany({
      where: { claimedById: { in: deleted } },
      data: { claimedById: null, claimedAt: null },
    })
    await tx.user.deleteMany({ where: { id: { in: deleted } } })
    await tx.user.updateMany({
      where: { id: { in: users.filter((u) => u.referenced).map((u) => u.id) } },
      data: { active: false, passwordHash: lockedHash },
    })
    await tx.session.deleteMany({ where: { userId: { in: users.map((u) => u.id) } } })
    await tx.queue.deleteMany({ where: demoQueueWhere() })
    await tx.extension.deleteMany({ where: demoExtensionWhere() })
    await tx.setting.deleteMany({ where: { key: DEMO_MARKER_KEY } })
    await recordAudit(tx, { system: 'cli' }, options.now ?? new Date(), [
      { action: 'demo.cleanup', entity: 'Database', entityId: 'demo', detail: { ...report } },
    ])
  })
  return report
}
