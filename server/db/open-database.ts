import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { deployMigrations } from '../../tools/migrate/index.ts'
import { openPglite } from '../../tools/migrate/pglite-factory.ts'
import { PrismaClient } from './generated/client.ts'

/** The logger slice this module uses (a pino Logger fits). */
export interface DatabaseLogger {
  debug(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; absent → embedded PGlite under `<dataDir>/pglite`. */
  readonly databaseUrl?: string | null | undefined
  readonly dataDir: string
  readonly logger: DatabaseLogger
  /** Apply pending migrations before returning (in-process, with tools/migrate). */
  readonly migrate: boolean
  /** Queries slower than this are logged at debug (default 250 ms). */
  readonly slowQueryMs?: number
}

export interface Database {
  readonly prisma: PrismaClient
  readonly kind: 'postgres' | 'pglite'
  /** Disconnects Prisma, and for PGlite closes the database and frees its data directory. */
  close(): Promise<void>
  /** A `SELECT 1` round trip; false instead of throwing (for /health). */
  ping(): Promise<boolean>
}

const DEFAULT_SLOW_QUERY_MS = 250

function withSlowQueryLog(
  adapter: SqlDriverAdapterFactory,
  logger: DatabaseLogger,
  slowMs: number,
): PrismaClient {
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' } as const] })
  // Query text only: parameters can hold personal data (KVKK).
  client.$on('query', (e) => {
    if (e.duration >= slowMs) logger.debug({ durationMs: e.duration, query: e.query }, 'slow query')
  })
  return client
}

function pinger(prisma: PrismaClient): () => Promise<boolean> {
  return async () => {
    try {
      await prisma.$queryRaw`SELECT 1`
      return true
    } catch {
      return false
    }
  }
}

/**
 * Opens Pano's database. PostgreSQL when a URL is given; otherwise one PGlite owned by this process
 * (docs/design.md §2.7), migrated in-process because no other process may open its directory.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const slowMs = options.slowQueryMs ?? DEFAULT_SLOW_QUERY_MS
  const { logger } = options
  if (options.databaseUrl) {
    const url = options.databaseUrl
    if (options.migrate) {
      const started = Date.now()
      const { applied } = await deployMigrations({ target: url })
      logger.info({ applied, ms: Date.now() - started }, 'database migrations checked (PostgreSQL)')
    }
    const prisma = withSlowQueryLog(new PrismaPg({ connectionString: url }), logger, slowMs)
    return { prisma, kind: 'postgres', close: () => prisma.$disconnect(), ping: pinger(prisma) }
  }

  const dir = path.join(options.dataDir, 'pglite')
  const started = Date.now()
  const pglite = await openPglite(dir)
  try {
    if (options.migrate) {
      const { applied } = await deployMigrations({ target: { pglite: pglite.db } })
      logger.info({ applied, dir, ms: Date.now() - started }, 'database migrations checked (embedded PGlite)')
    }
  } catch (error) {
    await pglite.close()
    throw error
  }
  const prisma = withSlowQueryLog(new PrismaPGlite(pglite.db), logger, slowMs)
  return {
    prisma,
    kind: 'pglite',
    close: async () => {
      await prisma.$disconnect()
      await pglite.close()
    },
    ping: pinger(prisma),
  }
}
