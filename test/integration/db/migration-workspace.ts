import { cp, mkdtemp, readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import {
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  withMigrator,
  type MigrationTarget,
} from '../../../tools/migrate/index.ts'
import type { Migrator } from '../../../tools/migrate/migrator.ts'
import { createEmptyTestDatabase } from '../../support/test-database.ts'

/** A temp copy of prisma/schema.prisma and prisma/migrations, so tests never touch the real ones. */
export interface Workspace {
  readonly dir: string
  readonly schemaPath: string
  readonly migrationsDir: string
  migrationNames(): Promise<string[]>
  addMigration(name: string, sql: string): Promise<void>
  appendToSchema(text: string): Promise<void>
  remove(): Promise<void>
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pano-migrate-'))
  const schemaPath = path.join(dir, 'schema.prisma')
  const migrationsDir = path.join(dir, 'migrations')
  await cp(DEFAULT_SCHEMA_PATH, schemaPath)
  await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true })
  return {
    dir,
    schemaPath,
    migrationsDir,
    migrationNames: async () =>
      (await readdir(migrationsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    addMigration: async (name, sql) => {
      await mkdir(path.join(migrationsDir, name), { recursive: true })
      await writeFile(path.join(migrationsDir, name, 'migration.sql'), sql)
    },
    appendToSchema: async (text) => writeFile(schemaPath, `${await readFile(schemaPath, 'utf8')}\n${text}\n`),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** One backend under test: an empty database, a way to run SQL on it, and its migration target. */
export interface Backend {
  readonly target: MigrationTarget
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>
  dispose(): Promise<void>
}

export type BackendKind = 'postgres' | 'pglite'

let emptyCluster: Promise<Blob | File> | undefined

/** Empty PGlite clusters are loaded from one dump per worker: much faster than initdb each time. */
async function emptyPglite(): Promise<PGlite> {
  emptyCluster ??= PGlite.create().then(async (seed) => {
    const dump = await seed.dumpDataDir('none')
    await seed.close()
    return dump
  })
  return PGlite.create({ loadDataDir: await emptyCluster })
}

export async function createBackend(kind: BackendKind): Promise<Backend> {
  if (kind === 'pglite') {
    const db = await emptyPglite()
    return {
      target: { pglite: db },
      query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
      dispose: () => db.close(),
    }
  }
  const database = await createEmptyTestDatabase()
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  return {
    target: database.url,
    query: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
    dispose: async () => {
      await client.end()
      await database.drop()
    },
  }
}

export function migrate<T>(backend: Backend, ws: Workspace, run: (m: Migrator) => Promise<T>): Promise<T> {
  return withMigrator(
    { target: backend.target, schemaPath: ws.schemaPath, migrationsDir: ws.migrationsDir },
    run,
  )
}
