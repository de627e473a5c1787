import { fileURLToPath } from 'node:url'
import { Migrator } from './migrator.ts'
import { openTarget, type MigrationTarget } from './target.ts'

export { Migrator, ResetRequiredError, DataLossError } from './migrator.ts'
export type { DevOptions, DevResult, StatusResult, CheckResult } from './migrator.ts'
export { openTarget, DEFAULT_PGLITE_URL, type MigrationTarget } from './target.ts'
export { openPglite } from './pglite-factory.ts'

export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url))
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url))

export interface MigrateLogger {
  debug(message: string): void
}

export interface MigratorLocation {
  readonly target: MigrationTarget
  readonly schemaPath?: string
  readonly migrationsDir?: string
  readonly shadowDatabaseUrl?: string | undefined
  readonly logger?: MigrateLogger
}

/**
 * Opens a Migrator on a target; `run` gets it and everything is closed afterwards (a PGlite passed in
 * by the caller stays open).
 */
export async function withMigrator<T>(
  location: MigratorLocation,
  run: (m: Migrator) => Promise<T>,
): Promise<T> {
  const target = await openTarget(location.target, { shadowUrl: location.shadowDatabaseUrl })
  try {
    const logger = location.logger
    const migrator = await Migrator.open({
      factory: target.factory,
      schemaPath: location.schemaPath ?? DEFAULT_SCHEMA_PATH,
      migrationsDir: location.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      ...(logger ? { onEngineLog: (line: string) => logger.debug(line) } : {}),
    })
    try {
      return await run(migrator)
    } finally {
      await migrator.close()
    }
  } finally {
    await target.close()
  }
}

/** Applies pending migrations (Prisma's `migrate deploy`). Used by the server at start and by tests. */
export function deployMigrations(location: MigratorLocation): Promise<{ applied: string[] }> {
  return withMigrator(location, (m) => m.deploy())
}
