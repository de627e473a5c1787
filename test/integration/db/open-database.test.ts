import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../server/db/open-database.ts'
import { DataDirBusyError } from '../../../tools/migrate/pglite-lock.ts'
import { createEmptyTestDatabase } from '../../support/test-database.ts'

const SLOW = { timeout: 240_000 }
const logger = { debug: () => undefined, info: () => undefined }

describe('openDatabase', SLOW, () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pano-data-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('without a URL opens an embedded PGlite under <dataDir>/pglite, migrated, and keeps data across restarts', async () => {
    const first = await openDatabase({ dataDir, logger, migrate: true })
    expect(first.kind).toBe('pglite')
    expect(await first.ping()).toBe(true)
    await first.prisma.unit.create({ data: { code: 'test-birim', name: 'Test Birimi' } })

    // One process owns the data directory: a second open is refused with a clear error.
    await expect(openDatabase({ dataDir, logger, migrate: true })).rejects.toThrow(DataDirBusyError)
    await first.close()

    const again = await openDatabase({ dataDir, logger, migrate: true })
    expect(await again.prisma.unit.findUnique({ where: { code: 'test-birim' } })).not.toBeNull()
    await again.close()
  })

  it('with a URL opens PostgreSQL, applies the migrations first, and ping reports a lost database', async () => {
    const empty = await createEmptyTestDatabase()
    const db = await openDatabase({ databaseUrl: empty.url, dataDir, logger, migrate: true })
    try {
      expect(db.kind).toBe('postgres')
      expect(await db.ping()).toBe(true)
      expect(await db.prisma.ticket.count()).toBe(0)
      await empty.drop()
      expect(await db.ping()).toBe(false)
    } finally {
      await db.close()
      await empty.drop()
    }
  })
})
