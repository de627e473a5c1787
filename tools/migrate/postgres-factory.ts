import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import {
  disguiseCharColumns,
  restoreCharColumns,
  toDriverAdapterError,
  wrapAdapter,
} from './adapter-shims.ts'

/**
 * A pg.Client that reports "char" (OID 18) columns as text, because @prisma/adapter-pg 7.10.0 rejects
 * them and Prisma's Postgres describer selects pg_catalog "char" columns (§3.2 #1).
 */
class CharAsTextClient extends pg.Client {}
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this)
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown
;(CharAsTextClient.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
): unknown {
  const last = args[args.length - 1]
  if (typeof last === 'function') {
    const callback = last as (err: unknown, res: unknown) => void
    args[args.length - 1] = (err: unknown, res: unknown) => {
      if (!err) disguiseCharColumns(res)
      callback(err, res)
    }
    return originalQuery.apply(this, args)
  }
  const out = originalQuery.apply(this, args)
  if (out instanceof Promise) {
    return out.then((res: unknown) => {
      disguiseCharColumns(res)
      return res
    })
  }
  return out
}

/**
 * pg config from the URL's parts. Not { connectionString }: pg lets the string win over an explicit
 * `database`, which made adapter-pg's "shadow" database the main one (§3.2 #2).
 */
export function pgConfigFromUrl(url: string): pg.ClientConfig {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error('DATABASE_URL is not a valid postgresql:// URL')
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`unsupported database URL scheme "${parsed.protocol}" (expected postgresql:, pglite:)`)
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  const sslmode = parsed.searchParams.get('sslmode')
  const config: pg.ClientConfig = {
    host: parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || '127.0.0.1'),
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user: decodeURIComponent(parsed.username) || 'postgres',
    database: database || 'postgres',
  }
  if (parsed.password !== '') config.password = decodeURIComponent(parsed.password)
  if (sslmode === 'require' || sslmode === 'prefer') config.ssl = { rejectUnauthorized: false }
  if (sslmode === 'verify-ca' || sslmode === 'verify-full') config.ssl = true
  return config
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export interface PostgresFactoryOptions {
  readonly url: string
  /** An existing database the engine may wipe and use as shadow (instead of creating one). */
  readonly shadowUrl?: string | undefined
}

export interface ClosableFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Ends every pool and drops any shadow database the engine left open. */
  close(): Promise<void>
}

export function createPostgresMigrationFactory(options: PostgresFactoryOptions): ClosableFactory {
  const mainConfig = pgConfigFromUrl(options.url)
  const open = new Set<SqlDriverAdapter>()

  async function adapterFor(
    config: pg.ClientConfig,
    afterEnd?: () => Promise<void>,
  ): Promise<SqlDriverAdapter> {
    // max 1: the engine takes a session-level advisory lock through executeRaw, and must keep the
    // connection that holds it (§3.2 #7); idleTimeoutMillis 0 so the pool never silently drops it.
    const pool = new pg.Pool({ ...config, max: 1, idleTimeoutMillis: 0, Client: CharAsTextClient })
    pool.on('error', () => undefined)
    const base = await new PrismaPg(pool).connect()
    let ended = false
    const adapter = wrapAdapter(base, {
      // One simple-protocol query, as the native engine does: keeps $$ bodies and ';' literals intact
      // and makes the script atomic (§3.2 #4).
      executeScript: async (script) => {
        try {
          await pool.query(script)
        } catch (error) {
          throw toDriverAdapterError(error)
        }
      },
      fixResult: restoreCharColumns,
      afterDispose: async () => {
        open.delete(adapter)
        if (ended) return
        ended = true
        await pool.end()
        await afterEnd?.()
      },
    })
    open.add(adapter)
    return adapter
  }

  async function connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (options.shadowUrl !== undefined) {
      const shadowConfig = pgConfigFromUrl(options.shadowUrl)
      const cleaner = new pg.Client(shadowConfig)
      await cleaner.connect()
      try {
        // Like the native engine: an external shadow database is reset before use.
        await cleaner.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public')
      } finally {
        await cleaner.end()
      }
      return adapterFor(shadowConfig)
    }
    const database = `prisma_migrate_shadow_db_${randomUUID()}`
    const admin = new pg.Client(mainConfig)
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`)
    } catch (error) {
      await admin.end()
      throw toDriverAdapterError(error)
    }
    // Dispose order matters: end the shadow pool first, then drop, or PostgreSQL refuses with
    // "database ... is being accessed by other users" (§3.2 #3).
    return adapterFor({ ...mainConfig, database }, async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`)
      } finally {
        await admin.end()
      }
    })
  }

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => adapterFor(mainConfig),
    connectToShadowDb,
    close: async () => {
      for (const adapter of [...open]) await adapter.dispose()
    },
  }
}
