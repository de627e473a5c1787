import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils'

/**
 * Wrappers over the official driver adapters that fix what the schema engine trips on
 * (docs/prisma-offline.md §3.2). Runtime queries through PrismaClient need none of this.
 */

interface DatabaseErrorFields {
  readonly code: string
  readonly message: string
  readonly severity?: string | undefined
  readonly detail?: string | undefined
  readonly column?: string | undefined
  readonly hint?: string | undefined
}

function isDatabaseError(error: unknown): error is DatabaseErrorFields {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { severity?: unknown }).severity === 'string'
  )
}

/** Maps a pg / PGlite server error to the adapter error the engine understands (its message reaches the user). */
export function toDriverAdapterError(error: unknown): unknown {
  if (!isDatabaseError(error)) return error
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code,
    severity: error.severity ?? 'ERROR',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
    originalCode: error.code,
    originalMessage: error.message,
  })
}

export interface AdapterShims {
  /** Runs a whole migration script at once (replaces the adapter's own executeScript). */
  readonly executeScript: (script: string) => Promise<void>
  /** Post-processes every result set (e.g. to restore column types the driver had to disguise). */
  readonly fixResult?: (result: SqlResultSet) => SqlResultSet
  /** Runs after the wrapped adapter is disposed (end pools, drop shadow databases). */
  readonly afterDispose?: () => Promise<void>
}

function fixedQueryRaw(
  queryRaw: (q: SqlQuery) => Promise<SqlResultSet>,
  fix: ((r: SqlResultSet) => SqlResultSet) | undefined,
): (q: SqlQuery) => Promise<SqlResultSet> {
  return fix === undefined ? queryRaw : async (q) => fix(await queryRaw(q))
}

function wrapTransaction(tx: Transaction, fix: AdapterShims['fixResult']): Transaction {
  const wrapped: Transaction = {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: fixedQueryRaw((q) => tx.queryRaw(q), fix),
    executeRaw: (q) => tx.executeRaw(q),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
  }
  if (tx.createSavepoint) wrapped.createSavepoint = (n) => tx.createSavepoint!(n)
  if (tx.rollbackToSavepoint) wrapped.rollbackToSavepoint = (n) => tx.rollbackToSavepoint!(n)
  if (tx.releaseSavepoint) wrapped.releaseSavepoint = (n) => tx.releaseSavepoint!(n)
  return wrapped
}

export function wrapAdapter(adapter: SqlDriverAdapter, shims: AdapterShims): SqlDriverAdapter {
  const wrapped: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: fixedQueryRaw((q) => adapter.queryRaw(q), shims.fixResult),
    executeRaw: (q) => adapter.executeRaw(q),
    executeScript: shims.executeScript,
    startTransaction: async (level) =>
      wrapTransaction(await adapter.startTransaction(level), shims.fixResult),
    dispose: async () => {
      try {
        await adapter.dispose()
      } finally {
        await shims.afterDispose?.()
      }
    },
  }
  if (adapter.getConnectionInfo) wrapped.getConnectionInfo = () => adapter.getConnectionInfo!()
  return wrapped
}

/** Result rows → indices of the columns that were PostgreSQL "char" (OID 18) before being reported as text. */
const charColumnsByRows = new WeakMap<object, readonly number[]>()

export const PG_CHAR_OID = 18
const PG_TEXT_OID = 25

interface FieldLike {
  dataTypeID: number
}
interface ResultLike {
  fields?: FieldLike[]
  rows?: unknown
}

/** Reports "char" columns as text so adapter-pg accepts them, remembering which ones they were. */
export function disguiseCharColumns(result: unknown): void {
  const results = Array.isArray(result) ? (result as ResultLike[]) : [result as ResultLike]
  for (const r of results) {
    if (!r?.fields || typeof r.rows !== 'object' || r.rows === null) continue
    const indices: number[] = []
    r.fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID
        indices.push(i)
      }
    })
    if (indices.length > 0) charColumnsByRows.set(r.rows, indices)
  }
}

/** The engine's describer needs those columns typed Character, or it panics on CHECK constraints (§3.2 #1b). */
export function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  const indices = charColumnsByRows.get(result.rows)
  if (!indices) return result
  const columnTypes = [...result.columnTypes]
  for (const i of indices) columnTypes[i] = ColumnTypeEnum.Character
  return { ...result, columnTypes }
}
