/**
 * The database for the composition root: opened and migrated (unless a test hands one in), seeded with
 * the reference data in every mode and the demo's users, citizens, tickets and PBX plan in demo mode only,
 * and the first admin from PANO_ADMIN_* created (docs/configuration.md).
 */
import { formatDemoUsers } from '../auth/demo-users.ts'
import type { Config } from '../config.ts'
import { hashPassword, openDatabase, seedDatabase, type Database } from '../db/index.ts'
import type { Logger } from '../logger.ts'
import { ensureFirstAdmin, type FirstAdminOutcome } from '../services/users/first-admin.ts'

export type OpenDatabase = Pick<Database, 'prisma' | 'kind' | 'ping'>

export interface DatabaseContext {
  config: Config
  logger: Logger
  onClose(cleanup: () => Promise<void>): void
  /** An already open database (tests); Pano does not close what it did not open. */
  database: OpenDatabase | undefined
  /** Seed the demo data and users (default: in demo mode only). */
  seedDemo: boolean | undefined
  /** Where the first-start demo user table goes. */
  print(text: string): void
}

export async function openSeededDatabase(
  ctx: DatabaseContext,
): Promise<{ database: OpenDatabase; firstAdmin: FirstAdminOutcome }> {
  const { config, logger } = ctx
  let database = ctx.database
  if (!database) {
    const opened = await openDatabase({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      logger: logger.child({ module: 'db' }),
      migrate: true,
    })
    ctx.onClose(() => opened.close())
    database = opened
  }
  const { prisma } = database

  // Reference data (units, desks, reasons, codes, holidays, settings) in every mode; the demo's users,
  // citizens, tickets and PBX plan only in demo mode, never in a production database.
  const seeded = await seedDatabase(prisma, { demo: ctx.seedDemo ?? config.demoMode })
  if (seeded.createdDemoUsers) {
    const users = await prisma.user.findMany({
      orderBy: { id: 'asc' },
      select: { username: true, displayName: true, role: true, unit: { select: { name: true } } },
    })
    ctx.print(formatDemoUsers(users))
  }
  const firstAdmin = await ensureFirstAdmin(prisma, config.firstAdmin, hashPassword)
  if (firstAdmin.kind === 'refused')
    logger.error({ problems: firstAdmin.problems }, 'the first admin from PANO_ADMIN_* was not created')
  return { database, firstAdmin }
}
