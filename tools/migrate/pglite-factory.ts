import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils'
import { toDriverAdapterError, wrapAdapter } from './adapter-shims.ts'
import { lockDataDir } from './pglite-lock.ts'
import type { ClosableFactory } from './postgres-factory.ts'

/**
 * Opens (creating if needed) a PGlite database in `dataDir`, or in memory when `dataDir` is 'memory'.
 * PGlite does not create parent directories and fails with an uncaught ENOENT (§3.2 #9). A directory
 * is locked for this process until `close()`.
 */
export async function openPglite(dataDir: string): Promise<{ db: PGlite; close: () => Promise<void> }> {
  if (dataDir === 'memory') {
    const db = await PGlite.create()
    return { db, close: () => db.close() }
  }
  const absolute = path.resolve(dataDir)
  await mkdir(path.dirname(absolute), { recursive: true })
  const unlock = await lockDataDir(absolute)
  let db: PGlite
  try {
    db = await PGlite.create(absolute)
  } catch (error) {
    await unlock()
    throw error
  }
  return {
    db,
    close: async () => {
      try {
        await db.close()
      } finally {
        await unlock()
      }
    },
  }
}

function shimmed(db: PGlite, base: SqlDriverAdapter, afterDispose?: () => Promise<void>): SqlDriverAdapter {
  return wrapAdapter(base, {
    // The stock adapter does not await exec(): a failed migration would be recorded as applied and the
    // rejection would crash Node as unhandled (§3.2 #8).
    executeScript: async (script) => {
      try {
        await db.exec(script)
      } catch (error) {
        throw toDriverAdapterError(error)
      }
    },
    ...(afterDispose ? { afterDispose } : {}),
  })
}

let emptyCluster: Promise<Blob | File> | undefined

/**
 * Shadow databases start from a dump of one freshly initialised cluster: loading it is several times
 * faster than PGlite's initdb, and `dev`/`diff`/`check` create several shadows per command.
 */
async function newShadowPglite(): Promise<PGlite> {
  emptyCluster ??= (async () => {
    const seed = await PGlite.create()
    try {
      return await seed.dumpDataDir('none')
    } finally {
      await seed.close()
    }
  })()
  return PGlite.create({ loadDataDir: await emptyCluster })
}

/**
 * Migration factory over a PGlite the caller owns (the caller closes it). Shadow databases are fresh
 * in-memory PGlite instances, closed when the engine disposes of them.
 */
export function createPgliteMigrationFactory(db: PGlite): ClosableFactory {
  const shadows = new Set<SqlDriverAdapter>()
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: async () => shimmed(db, await new PrismaPGlite(db).connect()),
    connectToShadowDb: async () => {
      const shadowDb = await newShadowPglite()
      let closed = false
      const adapter = shimmed(shadowDb, await new PrismaPGlite(shadowDb).connect(), async () => {
        shadows.delete(adapter)
        if (closed) return
        closed = true
        await shadowDb.close()
      })
      shadows.add(adapter)
      return adapter
    },
    close: async () => {
      for (const adapter of [...shadows]) await adapter.dispose()
    },
  }
}
