import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deployMigrations } from '../../../tools/migrate/index.ts'
import { ResetRequiredError } from '../../../tools/migrate/migrator.ts'
import {
  createBackend,
  createWorkspace,
  migrate,
  type Backend,
  type BackendKind,
  type Workspace,
} from './migration-workspace.ts'

const PLPGSQL_MIGRATION = `
CREATE TABLE "Note" ("id" SERIAL PRIMARY KEY, "body" TEXT NOT NULL, "touched" INT NOT NULL DEFAULT 0);
COMMENT ON TABLE "Note" IS 'semicolons; inside; a literal';
CREATE FUNCTION note_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."touched" := OLD."touched" + 1;
  RETURN NEW;
END;
$$;
CREATE TRIGGER note_touch BEFORE UPDATE ON "Note" FOR EACH ROW EXECUTE FUNCTION note_touch();
ALTER TABLE "Note" ADD CONSTRAINT "Note_body_not_blank" CHECK (length(trim("body")) > 0);
`

const NOTE_MODEL = `model Note {
  id      Int    @id @default(autoincrement())
  body    String
  touched Int    @default(0)
}`

// Each test runs the WASM engine several times; generous limits keep a loaded CI machine from flaking.
const SLOW = { timeout: 240_000 }

describe.each<BackendKind>(['postgres', 'pglite'])('migration tool on %s', SLOW, (kind) => {
  let ws: Workspace
  let db: Backend

  beforeEach(async () => {
    ws = await createWorkspace()
    db = await createBackend(kind)
  })
  afterEach(async () => {
    await db.dispose()
    await ws.remove()
  })

  it('deploys every migration on an empty database, in order, with Prisma checksums, once', async () => {
    const names = await ws.migrationNames()
    const first = await migrate(db, ws, (m) => m.deploy())
    expect(first.applied).toEqual(names)

    const rows = await db.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at',
    )
    expect(rows.map((r) => r['migration_name'])).toEqual(names)
    for (const row of rows) {
      const file = await readFile(path.join(ws.migrationsDir, String(row['migration_name']), 'migration.sql'))
      expect(row['checksum']).toBe(createHash('sha256').update(file).digest('hex'))
      expect(row['finished_at']).not.toBeNull()
      expect(row['applied_steps_count']).toBe(1)
    }
    expect((await migrate(db, ws, (m) => m.deploy())).applied).toEqual([])
    expect((await migrate(db, ws, (m) => m.status())).upToDate).toBe(true)
  })

  it('applies a PL/pgSQL trigger and a CHECK constraint written by hand, and stays in sync with the schema', async () => {
    await ws.appendToSchema(NOTE_MODEL)
    await ws.addMigration('29990101000000_notes', PLPGSQL_MIGRATION)
    await migrate(db, ws, (m) => m.deploy())

    await db.query(`INSERT INTO "Note" ("body") VALUES ('ilk')`)
    await db.query(`UPDATE "Note" SET "body" = 'ikinci'`)
    expect((await db.query(`SELECT "touched" FROM "Note"`))[0]?.['touched']).toBe(1)
    await expect(db.query(`INSERT INTO "Note" ("body") VALUES ('   ')`)).rejects.toThrow(
      /Note_body_not_blank/,
    )
    const comment = await db.query(`SELECT obj_description('"Note"'::regclass) AS c`)
    expect(comment[0]?.['c']).toBe('semicolons; inside; a literal')

    // The describer must read pg_constraint's "char" columns with CHECKs present (shim 1/1b).
    const dev = await migrate(db, ws, (m) => m.dev({}))
    expect(dev.created).toBeUndefined()
    expect(dev.appliedPending).toEqual([])
  })

  it('dev creates and applies a second migration from a schema change, through a shadow database', async () => {
    await migrate(db, ws, (m) => m.deploy())
    await ws.appendToSchema(NOTE_MODEL)
    const result = await migrate(db, ws, (m) => m.dev({ name: 'Not ekle & düzelt' }))

    expect(result.created).toMatch(/^\d{14}_not_ekle_duzelt$/)
    expect(result.createdApplied).toBe(true)
    const sql = await readFile(path.join(ws.migrationsDir, result.created!, 'migration.sql'), 'utf8')
    expect(sql).toContain('CREATE TABLE "Note"')
    expect(await readFile(path.join(ws.migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    )
    await db.query(`INSERT INTO "Note" ("body") VALUES ('x')`)
    expect((await migrate(db, ws, (m) => m.dev({}))).created).toBeUndefined()
    if (kind === 'postgres') {
      // Other test files run `dev` on the same server at the same time, and their shadow databases
      // live until their command ends; one of this run's would never go. So every shadow database
      // present now must be gone soon after.
      const shadowNames = async () =>
        (
          await db.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`)
        ).map((r) => String(r['datname']))
      const presentNow = await shadowNames()
      await expect
        .poll(async () => (await shadowNames()).filter((name) => presentNow.includes(name)), {
          timeout: 60_000,
          interval: 250,
        })
        .toEqual([])
    }
  })

  it('dev --create-only writes a draft without applying it; dev then applies the edited draft', async () => {
    await migrate(db, ws, (m) => m.deploy())
    const draft = await migrate(db, ws, (m) => m.dev({ name: 'draft', createOnly: true }))
    expect(draft.createdApplied).toBe(false)
    const file = path.join(ws.migrationsDir, draft.created!, 'migration.sql')
    expect(await readFile(file, 'utf8')).toContain('empty migration')
    // A CHECK: something Prisma's schema cannot express, so the schema stays in sync after it.
    await ws.addMigration(
      draft.created!,
      `ALTER TABLE "Unit" ADD CONSTRAINT "Unit_code_slug" CHECK ("code" ~ '^[a-z-]+$');`,
    )
    const status = await migrate(db, ws, (m) => m.status())
    expect(status.unapplied).toEqual([draft.created])

    const applied = await migrate(db, ws, (m) => m.dev({}))
    expect(applied.appliedPending).toEqual([draft.created])
    expect(applied.created).toBeUndefined()
    await expect(db.query(`INSERT INTO "Unit" ("code", "name") VALUES ('Fen İşleri', 'x')`)).rejects.toThrow(
      /Unit_code_slug/,
    )
  })

  it('detects drift made by hand and reports it instead of creating a migration', async () => {
    const shipped = (await ws.migrationNames()).length
    await migrate(db, ws, (m) => m.deploy())
    await db.query(`ALTER TABLE "Unit" ADD COLUMN "hack" TEXT`)

    await expect(migrate(db, ws, (m) => m.dev({ name: 'x' }))).rejects.toThrow(ResetRequiredError)
    await expect(migrate(db, ws, (m) => m.dev({ name: 'x' }))).rejects.toThrow(/Drift detected[\s\S]*hack/)
    const check = await migrate(db, ws, (m) => m.check())
    expect(check.drift).toMatch(/hack/)
    expect(await ws.migrationNames()).toHaveLength(shipped)
  })

  it('reports an edited migration', async () => {
    await migrate(db, ws, (m) => m.deploy())
    const [init] = await ws.migrationNames()
    const file = path.join(ws.migrationsDir, init!, 'migration.sql')
    await ws.addMigration(init!, `${await readFile(file, 'utf8')}\n-- edited after deploy\n`)
    const status = await migrate(db, ws, (m) => m.status())
    expect(status.edited).toEqual([init])
  })

  it('rolls a failed migration back completely, blocks deploys until resolved, then re-deploys', async () => {
    await migrate(db, ws, (m) => m.deploy())
    const name = '29990101000000_broken'
    await ws.addMigration(name, `CREATE TABLE "Half" ("id" INT);\nSELECT 1/0;\n`)

    await expect(migrate(db, ws, (m) => m.deploy())).rejects.toThrow(/division by zero/)
    expect(await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Half'`)).toEqual([])
    const failedRow = await db.query(
      `SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = $1`,
      [name],
    )
    expect(failedRow[0]?.['finished_at']).toBeNull()
    expect(String(failedRow[0]?.['logs'])).toMatch(/division by zero/)
    expect((await migrate(db, ws, (m) => m.status())).failed).toEqual([name])
    await expect(migrate(db, ws, (m) => m.deploy())).rejects.toThrow(/failed migrations/)

    await ws.addMigration(name, `CREATE TABLE "Half" ("id" INT);\n`)
    await migrate(db, ws, (m) => m.resolveRolledBack(name))
    expect((await migrate(db, ws, (m) => m.deploy())).applied).toEqual([name])
    expect(await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Half'`)).toHaveLength(1)
    expect((await migrate(db, ws, (m) => m.status())).upToDate).toBe(true)
  })

  it('diff shows the SQL a schema change needs, and nothing when migrations cover the schema', async () => {
    expect(await migrate(db, ws, (m) => m.diff())).toMatchObject({ empty: true })
    await ws.appendToSchema(NOTE_MODEL)
    const diff = await migrate(db, ws, (m) => m.diff())
    expect(diff.empty).toBe(false)
    expect(diff.script).toContain('CREATE TABLE "Note"')
  })
})

describe('concurrent deploys on one empty PostgreSQL database', SLOW, () => {
  it('both succeed and each migration is applied exactly once (advisory lock on one connection)', async () => {
    const ws = await createWorkspace()
    const db = await createBackend('postgres')
    try {
      const location = { target: db.target, schemaPath: ws.schemaPath, migrationsDir: ws.migrationsDir }
      const [a, b] = await Promise.all([deployMigrations(location), deployMigrations(location)])
      const names = await ws.migrationNames()
      expect([...a.applied, ...b.applied].sort()).toEqual(names)
      const rows = await db.query('SELECT migration_name FROM _prisma_migrations')
      expect(rows.map((r) => r['migration_name']).sort()).toEqual(names)
    } finally {
      await db.dispose()
      await ws.remove()
    }
  })
})
