import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaClient } from '../../server/db/generated/client.ts'
import { DEFAULT_MIGRATIONS_DIR, deployMigrations } from '../../tools/migrate/index.ts'

/**
 * A fresh database per test file. PostgreSQL databases are copied from a template that has the current
 * migrations (named after their hash, built once by whichever worker needs it first), so each file pays
 * for a CREATE DATABASE, not for a migration run.
 */

const ADMIN_URL = process.env['PANO_TEST_PG_ADMIN_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  readonly url: string
  readonly prisma: PrismaClient
  /** Disconnects and drops the database. */
  readonly drop: () => Promise<void>
}

export interface TestPglite {
  readonly db: PGlite
  readonly prisma: PrismaClient
  readonly close: () => Promise<void>
}

function urlFor(database: string): string {
  const u = new URL(ADMIN_URL)
  u.pathname = `/${database}`
  return u.toString()
}

/** A short hash of the migrations folder: names and SQL (templates are named after it). */
export async function migrationsHash(dir: string): Promise<string> {
  const hash = createHash('sha256')
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
  for (const name of names.sort()) {
    hash.update(name)
    hash.update(await readFile(path.join(dir, name, 'migration.sql')))
  }
  return hash.digest('hex').slice(0, 16)
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

let templateName: Promise<string> | undefined

/** The migrated template for the current migrations folder; built once across all workers. */
function ensureTemplate(): Promise<string> {
  templateName ??= (async () => {
    const name = `pano_tpl_${await migrationsHash(DEFAULT_MIGRATIONS_DIR)}`
    const exists = await withAdmin(
      async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
    )
    if (exists) return name
    // Built under a private name and renamed when complete, so nobody copies a half-migrated template.
    const building = `${name}_b${randomBytes(4).toString('hex')}`
    await withAdmin((c) => c.query(`CREATE DATABASE "${building}"`))
    await deployMigrations({ target: urlFor(building) })
    try {
      await withAdmin((c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`))
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error // another worker won the race
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`))
    }
    return name
  })()
  return templateName
}

async function createFromTemplate(template: string, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`))
      return
    } catch (error) {
      // 55006: the template is briefly in use (another worker copying or renaming it).
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error
      await new Promise((r) => setTimeout(r, 100 + attempt * 50))
    }
  }
}

/** An empty database with no migrations applied (for migration-tool tests). */
export async function createEmptyTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pano_test_${randomBytes(6).toString('hex')}`
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`))
  return {
    url: urlFor(name),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  }
}

/** A fresh PostgreSQL database with every migration applied, and a PrismaClient on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate()
  const name = `pano_test_${randomBytes(6).toString('hex')}`
  await createFromTemplate(template, name)
  const url = urlFor(name)
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
  return {
    url,
    prisma,
    drop: async () => {
      await prisma.$disconnect()
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}

let pgliteBase: Promise<PGlite> | undefined

/** An in-memory PGlite with every migration applied (cloned from one migrated per process). */
export async function createTestPglite(): Promise<TestPglite> {
  pgliteBase ??= (async () => {
    const base = await PGlite.create()
    await deployMigrations({ target: { pglite: base } })
    return base
  })()
  const db = (await (await pgliteBase).clone()) as PGlite
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) })
  return {
    db,
    prisma,
    close: async () => {
      await prisma.$disconnect()
      await db.close()
    },
  }
}
