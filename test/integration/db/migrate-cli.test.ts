import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../../tools/migrate/cli.ts'
import { createEmptyTestDatabase } from '../../support/test-database.ts'
import { createWorkspace, type Workspace } from './migration-workspace.ts'

const SLOW = { timeout: 240_000 }

interface Run {
  code: number
  out: string
  err: string
}

async function cli(ws: Workspace, url: string, ...args: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(
    [...args, '--url', url, '--schema', ws.schemaPath, '--migrations', ws.migrationsDir],
    {},
    (l) => out.push(l),
    (l) => err.push(l),
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe.each(['postgres', 'pglite'] as const)('migrate CLI on %s', SLOW, (kind) => {
  let ws: Workspace
  let url: string
  let cleanup: () => Promise<void>

  beforeEach(async () => {
    ws = await createWorkspace()
    if (kind === 'postgres') {
      const db = await createEmptyTestDatabase()
      url = db.url
      cleanup = () => db.drop()
    } else {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'pano-cli-'))
      url = `pglite:${path.join(dir, 'nested', 'pglite')}`
      cleanup = () => rm(dir, { recursive: true, force: true })
    }
  })
  afterEach(async () => {
    await cleanup()
    await ws.remove()
  })

  it('status lists unapplied migrations (exit 1), deploy applies them, then status is up to date (exit 0)', async () => {
    const names = await ws.migrationNames()
    const before = await cli(ws, url, 'status')
    expect(before.code).toBe(1)
    expect(before.out).toContain(`${names.length} migrations found in`)
    for (const n of names) expect(before.out).toContain(n)

    const deploy = await cli(ws, url, 'deploy')
    expect(deploy).toMatchObject({ code: 0 })
    expect(deploy.out).toContain('All migrations have been successfully applied.')
    expect((await cli(ws, url, 'deploy')).out).toContain('No pending migrations to apply.')

    const after = await cli(ws, url, 'status')
    expect(after.code).toBe(0)
    expect(after.out).toContain('Database schema is up to date!')
  })

  it('reset needs --force', async () => {
    const run = await cli(ws, url, 'reset')
    expect(run.code).toBe(1)
    expect(run.err).toContain('--force')
  })
})

// The engine behaviour behind check/dev runs on both backends in migrate.test.ts; this is the CLI surface.
describe('migrate CLI check and dev on postgres', SLOW, () => {
  let ws: Workspace
  let url: string
  let cleanup: () => Promise<void>

  beforeEach(async () => {
    ws = await createWorkspace()
    const db = await createEmptyTestDatabase()
    url = db.url
    cleanup = () => db.drop()
  })
  afterEach(async () => {
    await cleanup()
    await ws.remove()
  })

  it('check passes when in sync and exits 2 when the schema needs a migration; diff --exit-code agrees', async () => {
    await cli(ws, url, 'deploy')
    expect((await cli(ws, url, 'check')).code).toBe(0)
    expect((await cli(ws, url, 'diff', '--exit-code')).code).toBe(0)

    await ws.appendToSchema('model Tag {\n  id Int @id\n}')
    const check = await cli(ws, url, 'check')
    expect(check.code).toBe(2)
    expect(check.err).toContain('no migration covers')
    const diff = await cli(ws, url, 'diff', '--exit-code')
    expect(diff.code).toBe(2)
    expect(diff.out).toContain('CREATE TABLE "Tag"')

    const dev = await cli(ws, url, 'dev', '--name', 'tag')
    expect(dev.code).toBe(0)
    expect(dev.out).toContain('have been created and applied')
    expect((await cli(ws, url, 'check')).code).toBe(0)
  })

  it('dev without --name refuses to guess a name for a schema change', async () => {
    const shipped = (await ws.migrationNames()).length
    await ws.appendToSchema('model Tag {\n  id Int @id\n}')
    const run = await cli(ws, url, 'dev')
    expect(run.code).toBe(1)
    expect(run.err).toContain('--name')
    expect(await ws.migrationNames()).toHaveLength(shipped)
  })
})

describe('migrate CLI arguments', () => {
  it('rejects an unknown command and a bad database URL with a clear message', async () => {
    const ws = await createWorkspace()
    try {
      expect((await cli(ws, 'pglite:memory', 'migrate-all')).err).toContain('unknown command')
      const bad = await cli(ws, 'mysql://x@127.0.0.1/db', 'status')
      expect(bad.code).toBe(1)
      expect(bad.err).toContain('unsupported database URL scheme')
    } finally {
      await ws.remove()
    }
  })
})

// The server keeps its embedded database in <DATA_DIR>/pglite (server/db/open-database.ts); without --url
// and DATABASE_URL the CLI must look at that same database, or `db:status` reports on an empty one.
describe('migrate CLI without --url', SLOW, () => {
  async function run(ws: Workspace, env: Record<string, string>, ...args: string[]): Promise<Run> {
    const out: string[] = []
    const err: string[] = []
    const code = await main(
      [...args, '--schema', ws.schemaPath, '--migrations', ws.migrationsDir],
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    )
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  it('deploy, status and check use the PGlite under DATA_DIR, the one the server opens', async () => {
    const ws = await createWorkspace()
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pano-data-dir-'))
    try {
      const env = { DATA_DIR: dataDir }
      const serverDb = `pglite:${path.join(dataDir, 'pglite')}`

      const deploy = await run(ws, env, 'deploy')
      expect(deploy.code).toBe(0)
      expect(deploy.out).toContain(`Datasource: ${serverDb}`)
      expect(deploy.out).toContain('All migrations have been successfully applied.')

      // The same database, named explicitly: already up to date.
      const explicit = await cli(ws, serverDb, 'status')
      expect(explicit).toMatchObject({ code: 0 })
      expect(explicit.out).toContain('Database schema is up to date!')

      const status = await run(ws, env, 'status')
      expect(status).toMatchObject({ code: 0 })
      expect(status.out).toContain('Database schema is up to date!')
      const check = await run(ws, env, 'check')
      expect(check).toMatchObject({ code: 0 })
      expect(check.out).toContain('Schema, migrations and database are in sync.')

      // A blank DATABASE_URL counts as unset, as it does for the server; --url still wins over both.
      expect((await run(ws, { ...env, DATABASE_URL: ' ' }, 'status')).out).toContain(
        `Datasource: ${serverDb}`,
      )
      const other = await run(ws, env, 'status', '--url', 'pglite:memory')
      expect(other.out).toContain('Datasource: pglite:memory')
      expect(other.code).toBe(1)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
      await ws.remove()
    }
  })
})
