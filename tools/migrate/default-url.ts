import path from 'node:path'

/** The server's default for `DATA_DIR` (server/config.ts). */
export const DEFAULT_DATA_DIR = './data'

/**
 * The database a migration command works on when no `--url` is given: `DATABASE_URL`, else the embedded
 * PGlite the server opens, `<DATA_DIR>/pglite` (server/db/open-database.ts). Blank values count as unset,
 * as in the server's config. No other import, so prisma.config.ts can use it too.
 */
export function defaultDatabaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  const url = env['DATABASE_URL']
  if (url !== undefined && url.trim() !== '') return url
  const dataDir = env['DATA_DIR']?.trim() || DEFAULT_DATA_DIR
  return `pglite:${path.join(dataDir, 'pglite')}`
}
