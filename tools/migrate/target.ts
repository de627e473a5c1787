import type { PGlite } from '@electric-sql/pglite'
import { createPgliteMigrationFactory, openPglite } from './pglite-factory.ts'
import { createPostgresMigrationFactory, type ClosableFactory } from './postgres-factory.ts'

/**
 * Where migrations go: a `postgresql://` URL, `pglite:<dir>`, `pglite:memory`, or a PGlite the caller
 * already has open (the server owns one PGlite per data directory and migrates it in-process).
 */
export type MigrationTarget = string | { readonly pglite: PGlite }

/** Where the server keeps PGlite with DATA_DIR unset; the CLI's default follows DATA_DIR (default-url.ts). */
export const DEFAULT_PGLITE_URL = 'pglite:./data/pglite'

export interface OpenTarget {
  readonly kind: 'postgres' | 'pglite'
  readonly factory: ClosableFactory
  /** Human-readable location without credentials. */
  readonly description: string
  /** Closes what this module opened (not a PGlite the caller passed in). */
  close(): Promise<void>
}

export function describeUrl(url: string): string {
  if (url.startsWith('pglite:')) return url
  try {
    const u = new URL(url)
    return `PostgreSQL database "${u.pathname.replace(/^\//, '')}" at ${u.hostname}:${u.port || '5432'}`
  } catch {
    return 'PostgreSQL (unparseable URL)'
  }
}

export async function openTarget(
  target: MigrationTarget,
  options: { readonly shadowUrl?: string | undefined } = {},
): Promise<OpenTarget> {
  if (typeof target !== 'string') {
    const factory = createPgliteMigrationFactory(target.pglite)
    return { kind: 'pglite', factory, description: 'PGlite (in-process)', close: () => factory.close() }
  }
  if (target.startsWith('pglite:')) {
    const where = target.slice('pglite:'.length)
    if (where === '') throw new Error('pglite: URL needs a directory or "memory" (pglite:./data/pglite)')
    const { db, close } = await openPglite(where)
    const factory = createPgliteMigrationFactory(db)
    return {
      kind: 'pglite',
      factory,
      description: target,
      close: async () => {
        await factory.close()
        await close()
      },
    }
  }
  const factory = createPostgresMigrationFactory({ url: target, shadowUrl: options.shadowUrl })
  return { kind: 'postgres', factory, description: describeUrl(target), close: () => factory.close() }
}
