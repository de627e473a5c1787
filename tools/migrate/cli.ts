import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, withMigrator } from './index.ts'
import { DataLossError, ResetRequiredError, type Migrator, type StatusResult } from './migrator.ts'
import { defaultDatabaseUrl } from './default-url.ts'
import { describeUrl } from './target.ts'

const USAGE = `Offline Prisma Migrate for Pano (WASM schema engine; docs/decisions/002).

Usage: tsx tools/migrate/cli.ts <command> [options]

Commands:
  dev --name <name> [--create-only] [--accept-data-loss]
                       create a migration from schema changes and apply it (pending ones first)
  deploy               apply pending migrations
  status               compare the migrations folder with the database (exit 1 if not up to date)
  diff [--exit-code]   SQL from the migrations' end state to the schema (exit 2 with --exit-code if not empty)
  check                CI gate: exit 1 on drift or unapplied/failed migrations, 2 if the schema needs a new migration
  resolve --rolled-back <name> | --applied <name>
  reset --force        drop everything, then apply all migrations

Options: --schema <file|dir> (prisma/schema.prisma)  --migrations <dir> (prisma/migrations)
         --url <url> (else DATABASE_URL, else the server's pglite:<DATA_DIR>/pglite; also pglite:<dir>,
         pglite:memory)
Environment: DATABASE_URL, DATA_DIR (./data), SHADOW_DATABASE_URL (a database dev/diff/check may wipe for replay; default:
a temporary database created and dropped, which needs CREATEDB).`

type Out = (line: string) => void

function printStatus(s: StatusResult, dirLabel: string, out: Out, err: Out): number {
  out(
    s.migrations.length > 0
      ? `${s.migrations.length} migration${s.migrations.length > 1 ? 's' : ''} found in ${dirLabel}`
      : `No migration found in ${dirLabel}`,
  )
  if (s.history?.diagnostic === 'historiesDiverge') {
    err('Your local migration history and the migrations table from your database are different:')
    err(`The last common migration is: ${s.history.lastCommonMigrationName ?? '(none)'}`)
    err(`Not yet applied:\n${s.history.unappliedMigrationNames.join('\n')}`)
    err(`In the database but not found locally:\n${s.history.unpersistedMigrationNames.join('\n')}`)
    return 1
  }
  if (s.history?.diagnostic === 'migrationsDirectoryIsBehind') {
    err(
      `The database has migrations not found locally in ${dirLabel}:\n${s.history.unpersistedMigrationNames.join('\n')}`,
    )
    return 1
  }
  if (s.unapplied.length > 0) {
    out(
      `Following migration${s.unapplied.length > 1 ? 's' : ''} have not yet been applied:\n${s.unapplied.join('\n')}`,
    )
    out('To apply them run: npm run db:deploy')
    return 1
  }
  if (s.failed.length > 0) {
    err(`Following migration${s.failed.length > 1 ? 's' : ''} have failed:\n${s.failed.join('\n')}`)
    err(
      `Fix the database, then: tsx tools/migrate/cli.ts resolve --rolled-back "${s.failed[0] ?? ''}" (or --applied)`,
    )
    return 1
  }
  for (const name of s.edited) err(`The migration ${name} was modified after it was applied.`)
  if (!s.hasMigrationsTable && s.migrations.length > 0) {
    err('The current database is not managed by Prisma Migrate (no _prisma_migrations table). Run deploy.')
    return 1
  }
  if (s.edited.length > 0) return 1
  out('Database schema is up to date!')
  return 0
}

async function runCommand(command: string, m: Migrator, args: Args, out: Out, err: Out): Promise<number> {
  const dirLabel = path.relative(process.cwd(), m.migrationsDir) || '.'
  switch (command) {
    case 'deploy': {
      const { applied } = await m.deploy()
      if (applied.length === 0) out('No pending migrations to apply.')
      else
        out(
          `The following migration(s) have been applied:\n${applied.map((a) => `  ${a}`).join('\n')}\n\nAll migrations have been successfully applied.`,
        )
      return 0
    }
    case 'dev': {
      const r = await m.dev({
        name: args.name,
        createOnly: args.createOnly,
        acceptDataLoss: args.acceptDataLoss,
      })
      if (r.appliedPending.length > 0)
        out(
          `The following migration(s) have been applied:\n${r.appliedPending.map((a) => `  ${a}`).join('\n')}`,
        )
      for (const w of r.warnings) out(`⚠️  ${w}`)
      if (r.created && !r.createdApplied) {
        out(
          `Created the migration ${r.created} without applying it.\nEdit ${dirLabel}/${r.created}/migration.sql, then run: npm run db:migrate`,
        )
      } else if (r.created) {
        out(
          `The following migration(s) have been created and applied from new schema changes:\n  ${dirLabel}/${r.created}/migration.sql\n\nYour database is now in sync with your schema.`,
        )
      } else if (r.appliedPending.length > 0) {
        out('Your database is now in sync with your schema.')
      } else {
        out('Already in sync, no schema change or pending migration was found.')
      }
      return 0
    }
    case 'status':
      return printStatus(await m.status(), dirLabel, out, err)
    case 'diff': {
      const d = await m.diff()
      out(d.script.trimEnd())
      return args.exitCode && !d.empty ? 2 : 0
    }
    case 'check': {
      const c = await m.check()
      const statusCode = printStatus(c.status, dirLabel, out, err)
      if (c.drift !== null) {
        err(c.drift)
        return 1
      }
      if (statusCode !== 0) return 1
      if (c.pendingSchemaSteps > 0) {
        err('The schema has changes that no migration covers: run npm run db:migrate -- --name <name>.')
        return 2
      }
      out('Schema, migrations and database are in sync.')
      return 0
    }
    case 'resolve': {
      if (args.rolledBack) {
        await m.resolveRolledBack(args.rolledBack)
        out(`Migration ${args.rolledBack} marked as rolled back.`)
      } else if (args.applied) {
        await m.resolveApplied(args.applied)
        out(`Migration ${args.applied} marked as applied.`)
      } else {
        err('resolve needs --rolled-back <name> or --applied <name>')
        return 1
      }
      return 0
    }
    case 'reset': {
      if (!args.force) {
        err('reset drops every table and all data: re-run with --force.')
        return 1
      }
      const { applied } = await m.reset()
      out(`Database reset. Applied ${applied.length} migration(s).`)
      return 0
    }
    default:
      err(`unknown command "${command}"\n\n${USAGE}`)
      return 1
  }
}

interface Args {
  readonly name: string | undefined
  readonly createOnly: boolean
  readonly acceptDataLoss: boolean
  readonly exitCode: boolean
  readonly force: boolean
  readonly rolledBack: string | undefined
  readonly applied: string | undefined
}

const COMMANDS = new Set(['dev', 'deploy', 'status', 'diff', 'check', 'resolve', 'reset'])

/** Runs the CLI with explicit argv, env and output; returns the exit code (tests call this directly). */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: Out,
  err: Out,
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string', short: 'n' },
        'create-only': { type: 'boolean' },
        'accept-data-loss': { type: 'boolean' },
        'exit-code': { type: 'boolean' },
        force: { type: 'boolean', short: 'f' },
        'rolled-back': { type: 'string' },
        applied: { type: 'string' },
        schema: { type: 'string' },
        migrations: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`)
    return 1
  }
  const { values, positionals } = parsed
  const command = positionals[0]
  if (values.help === true || command === undefined) {
    out(USAGE)
    return command === undefined && values.help !== true ? 1 : 0
  }
  if (!COMMANDS.has(command)) {
    err(`unknown command "${command}"\n\n${USAGE}`)
    return 1
  }
  const url = values.url ?? defaultDatabaseUrl(env)
  const args: Args = {
    name: values.name,
    createOnly: values['create-only'] === true,
    acceptDataLoss: values['accept-data-loss'] === true,
    exitCode: values['exit-code'] === true,
    force: values.force === true,
    rolledBack: values['rolled-back'],
    applied: values.applied,
  }
  if (command === 'reset' && !args.force) {
    err('reset drops every table and all data: re-run with --force.')
    return 1
  }
  if (command === 'resolve' && !args.rolledBack && !args.applied) {
    err('resolve needs --rolled-back <name> or --applied <name>')
    return 1
  }
  out(`Datasource: ${describeUrl(url)}`)
  try {
    return await withMigrator(
      {
        target: url,
        schemaPath: values.schema ? path.resolve(values.schema) : DEFAULT_SCHEMA_PATH,
        migrationsDir: values.migrations ? path.resolve(values.migrations) : DEFAULT_MIGRATIONS_DIR,
        shadowDatabaseUrl: env['SHADOW_DATABASE_URL'] || undefined,
      },
      (m) => runCommand(command, m, args, out, err),
    )
  } catch (error) {
    if (error instanceof ResetRequiredError) {
      err(
        `${error.message}\nThe database must be reset to continue: tsx tools/migrate/cli.ts reset --force (all data is lost).`,
      )
      return 1
    }
    if (error instanceof DataLossError) {
      err(error.message)
      return 1
    }
    err(`Error: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)
if (isEntryPoint) {
  const code = await main(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  )
  process.exitCode = code
}
