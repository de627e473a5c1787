import path from 'node:path'
import type {
  DiagnoseMigrationHistoryOutput,
  SchemaFilter,
  SchemasContainer,
} from '@prisma/schema-engine-wasm/schema_engine_bg'
import { engineError, openSchemaEngine, type SchemaEngine } from './engine.ts'
import { listMigrations, readSchemaFiles, slugMigrationName, writeMigration } from './migrations-dir.ts'
import type { ClosableFactory } from './postgres-factory.ts'

export interface MigratorOptions {
  readonly factory: ClosableFactory
  readonly schemaPath: string
  readonly migrationsDir: string
  /** Runs on every shadow database before the migrations (prisma.config migrations.initShadowDb). */
  readonly shadowDbInitScript?: string
  /** Engine tracing lines (debug). */
  readonly onEngineLog?: (line: string) => void
}

/** A `dev` that needs a reset (drift, edited or missing migrations): the message is the engine's reason. */
export class ResetRequiredError extends Error {
  override readonly name = 'ResetRequiredError'
}

/** The next migration would lose data and the caller did not accept that. */
export class DataLossError extends Error {
  override readonly name = 'DataLossError'
}

export interface DevOptions {
  readonly name?: string | undefined
  readonly createOnly?: boolean
  readonly acceptDataLoss?: boolean
}

export interface DevResult {
  /** Pending migrations that were applied before looking at the schema. */
  readonly appliedPending: readonly string[]
  /** The migration created from the schema change, if any. */
  readonly created: string | undefined
  /** Whether `created` was applied (false with createOnly). */
  readonly createdApplied: boolean
  readonly warnings: readonly string[]
}

export interface StatusResult {
  readonly migrations: readonly string[]
  readonly hasMigrationsTable: boolean
  readonly unapplied: readonly string[]
  readonly failed: readonly string[]
  readonly edited: readonly string[]
  readonly history: DiagnoseMigrationHistoryOutput['history']
  /** Every local migration applied, none failed, no divergence. */
  readonly upToDate: boolean
}

export interface CheckResult {
  /** The engine's reason when the database drifted from the migrations (null when it did not). */
  readonly drift: string | null
  /** Steps the schema needs that no migration has yet. */
  readonly pendingSchemaSteps: number
  readonly status: StatusResult
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] }

/** Prisma Migrate's commands over the WASM schema engine (the sequence of the 7.10.0 CLI). */
export class Migrator {
  readonly #engine: SchemaEngine
  readonly #options: MigratorOptions
  readonly #schema: SchemasContainer

  private constructor(engine: SchemaEngine, options: MigratorOptions, schema: SchemasContainer) {
    this.#engine = engine
    this.#options = options
    this.#schema = schema
  }

  static async open(options: MigratorOptions): Promise<Migrator> {
    const files = await readSchemaFiles(options.schemaPath)
    const engine = await openSchemaEngine({
      factory: options.factory,
      schemaFiles: files,
      ...(options.onEngineLog ? { onLog: options.onEngineLog } : {}),
    })
    return new Migrator(engine, options, { files: files.map((f) => ({ path: f.path, content: f.content })) })
  }

  get migrationsDir(): string {
    return this.#options.migrationsDir
  }

  #list() {
    return listMigrations(this.#options.migrationsDir, this.#options.shadowDbInitScript ?? '')
  }

  async #call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw engineError(error)
    }
  }

  /** Applies every pending migration; refuses while a failed migration is unresolved (P3009). */
  async deploy(): Promise<{ applied: string[] }> {
    const migrationsList = await this.#list()
    const out = await this.#call(() => this.#engine.applyMigrations({ migrationsList, filters: NO_FILTER }))
    return { applied: out.appliedMigrationNames }
  }

  async dev(options: DevOptions = {}): Promise<DevResult> {
    let migrationsList = await this.#list()
    const diagnostic = await this.#call(() =>
      this.#engine.devDiagnostic({ migrationsList, filters: NO_FILTER }),
    )
    if (diagnostic.action.tag === 'reset') throw new ResetRequiredError(diagnostic.action.reason)
    const appliedPending = (
      await this.#call(() => this.#engine.applyMigrations({ migrationsList, filters: NO_FILTER }))
    ).appliedMigrationNames
    if (appliedPending.length > 0) {
      // The engine's shadow-database cache is keyed by the migration list; after applying it misses and
      // evaluateDataLoss has no adapter factory, unless devDiagnostic runs again (§3.2 #5).
      migrationsList = await this.#list()
      await this.#call(() => this.#engine.devDiagnostic({ migrationsList, filters: NO_FILTER }))
    }
    const loss = await this.#call(() =>
      this.#engine.evaluateDataLoss({ migrationsList, schema: this.#schema, filters: NO_FILTER }),
    )
    if (loss.unexecutableSteps.length > 0) {
      throw new DataLossError(
        `The schema change cannot be executed on this database:\n${loss.unexecutableSteps.map((s) => `  • ${s.message}`).join('\n')}`,
      )
    }
    const warnings = loss.warnings.map((w) => w.message)
    if (warnings.length > 0 && options.acceptDataLoss !== true) {
      throw new DataLossError(
        `The next migration would lose data:\n${warnings.map((w) => `  • ${w}`).join('\n')}\nRe-run with --accept-data-loss if that is intended.`,
      )
    }
    const needsMigration = loss.migrationSteps > 0 || options.createOnly === true
    const name = slugMigrationName(options.name ?? '')
    if (needsMigration && name === '') {
      throw new Error('The schema changed: name the new migration with --name <name>.')
    }
    const created = await this.#call(() =>
      this.#engine.createMigration({
        migrationName: name,
        draft: options.createOnly === true,
        migrationsList,
        schema: this.#schema,
        filters: NO_FILTER,
      }),
    )
    if (created.migrationScript === null) {
      return { appliedPending, created: undefined, createdApplied: false, warnings }
    }
    await writeMigration({
      list: migrationsList,
      name: created.generatedMigrationName,
      extension: created.extension,
      script: created.migrationScript,
      connectorType: created.connectorType,
    })
    if (options.createOnly === true) {
      return { appliedPending, created: created.generatedMigrationName, createdApplied: false, warnings }
    }
    const after = await this.#list()
    await this.#call(() => this.#engine.applyMigrations({ migrationsList: after, filters: NO_FILTER }))
    return { appliedPending, created: created.generatedMigrationName, createdApplied: true, warnings }
  }

  async status(): Promise<StatusResult> {
    const migrationsList = await this.#list()
    const d = await this.#call(() =>
      this.#engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: NO_FILTER,
      }),
    )
    const migrations = migrationsList.migrationDirectories.map((m) => m.path)
    const unapplied =
      d.history?.diagnostic === 'databaseIsBehind' || d.history?.diagnostic === 'historiesDiverge'
        ? d.history.unappliedMigrationNames
        : []
    const upToDate =
      d.history === null &&
      d.failedMigrationNames.length === 0 &&
      (d.hasMigrationsTable || migrations.length === 0)
    return {
      migrations,
      hasMigrationsTable: d.hasMigrationsTable,
      unapplied,
      failed: d.failedMigrationNames,
      edited: d.editedMigrationNames,
      history: d.history,
      upToDate,
    }
  }

  /**
   * Drift of the database from the migrations (needs a shadow database), and schema changes that no
   * migration covers yet. Creates nothing.
   */
  async check(): Promise<CheckResult> {
    const status = await this.status()
    const migrationsList = await this.#list()
    const diagnostic = await this.#call(() =>
      this.#engine.devDiagnostic({ migrationsList, filters: NO_FILTER }),
    )
    if (diagnostic.action.tag === 'reset') {
      return { drift: diagnostic.action.reason, pendingSchemaSteps: 0, status }
    }
    const diff = await this.diff()
    return { drift: null, pendingSchemaSteps: diff.empty ? 0 : 1, status }
  }

  /** SQL that would take the migrations' end state to the schema (via a shadow database). */
  async diff(): Promise<{ script: string; empty: boolean }> {
    const migrationsList = await this.#list()
    const result = await this.#call(() =>
      this.#engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', ...this.#schema },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
    )
    return { script: result.stdout ?? '', empty: result.exitCode === 0 }
  }

  async resolveRolledBack(migrationName: string): Promise<void> {
    await this.#call(() => this.#engine.markMigrationRolledBack({ migrationName }))
  }

  async resolveApplied(migrationName: string): Promise<void> {
    const migrationsList = await this.#list()
    await this.#call(() => this.#engine.markMigrationApplied({ migrationName, migrationsList }))
  }

  /** Drops everything in the database, then applies all migrations. */
  async reset(): Promise<{ applied: string[] }> {
    await this.#call(() => this.#engine.reset({ filter: NO_FILTER }))
    return this.deploy()
  }

  async close(): Promise<void> {
    try {
      this.#engine.free()
    } finally {
      await this.#options.factory.close()
    }
  }
}

export function migrationsRelative(dir: string): string {
  return path.relative(process.cwd(), dir) || '.'
}
