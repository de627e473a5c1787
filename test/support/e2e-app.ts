/**
 * Starts the whole Pano app for a browser test, as `npm start` would but on a port the OS picks: an
 * embedded PGlite database in a fresh temporary DATA_DIR (migrated, demo users seeded), no telephony
 * unless a PBX simulator is given to follow, and the built client from dist/client (the `test:e2e`
 * script runs `vite build` first).
 *
 * Migrating a new PGlite takes seconds of WASM, once per app: the DATA_DIR starts as a copy of one
 * migrated for the current migrations instead, so the app's own migration run finds nothing to apply
 * (a fresh directory's migration is tested in test/integration/db/open-database.test.ts).
 */
import { randomBytes } from 'node:crypto'
import { access, cp, mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunningPano } from '../../server/main.ts'
import type { PbxSimulator } from '../../telephony/index.ts'
import { DEFAULT_MIGRATIONS_DIR } from '../../tools/migrate/index.ts'
import { migrationsHash } from './test-database.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CLIENT_DIR = join(ROOT, 'dist', 'client')

export interface E2eApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string
  /** The app's database, for rows only a PBX would write (a recorded call). */
  readonly prisma: RunningPano['prisma']
  /** The running app itself, for what a test reads beside the browser (the santral's state). */
  readonly pano: RunningPano
  close(): Promise<void>
}

export interface E2eAppOptions {
  /** Extra environment for `loadConfig`, e.g. `{ LOGIN_MAX_FAILURES: '2' }`. */
  env?: Record<string, string>
  /** The PBX the app follows (its `demo` PBX); the test closes it. */
  sim?: PbxSimulator
}

/** Files other parts of the project provide; the harness waits for them instead of failing at import. */
const NEEDED_FILES = ['server/main.ts', 'prisma/seed.ts', 'dist/client/index.html']
const WAIT_FOR_FILES_MS = 60_000

export async function startE2eApp(options: E2eAppOptions = {}): Promise<E2eApp> {
  await waitForFiles(
    NEEDED_FILES.map((file) => join(ROOT, file)),
    WAIT_FOR_FILES_MS,
  )
  const [{ startPano }, { loadConfig }, { followSimulator }] = await Promise.all([
    import('../../server/main.ts'),
    import('../../server/config.ts'),
    import('./simulator-telephony.ts'),
  ])
  const dataDir = await mkdtemp(join(tmpdir(), 'pano-e2e-'))
  await cp(join(await migratedTemplate(), 'pglite'), join(dataDir, 'pglite'), { recursive: true })
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
    // No automatic pass of the unit alerts (its first comes 30 s after start): it would remind the staff
    // of whatever tickets a test made, depending on the date, into the mails and histories tests read.
    // A test that wants one asks for it (POST /api/v1/unit-alerts/run).
    UNIT_ALERTS_CHECK_SEC: '0',
    ...options.env,
  })
  try {
    const pano = await startPano(config, {
      seedDemo: true,
      clientDir: CLIENT_DIR,
      print: () => {},
      ...(options.sim === undefined ? {} : { startTelephony: followSimulator(options.sim) }),
    })
    return {
      url: pano.url,
      prisma: pano.prisma,
      pano,
      async close() {
        await pano.close()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

let template: Promise<string> | undefined

/** A DATA_DIR whose PGlite has the current migrations, built once per migrations folder and machine. */
function migratedTemplate(): Promise<string> {
  template ??= buildTemplate()
  return template
}

async function buildTemplate(): Promise<string> {
  const name = join(tmpdir(), `pano-e2e-template-${await migrationsHash(DEFAULT_MIGRATIONS_DIR)}`)
  if (await exists(join(name, 'pglite', 'PG_VERSION'))) return name
  const { openDatabase } = await import('../../server/db/open-database.ts')
  const { createLogger } = await import('../../server/logger.ts')
  // Built under a private name and renamed when complete, so nobody copies a half-migrated directory.
  const building = `${name}-b${randomBytes(4).toString('hex')}`
  const db = await openDatabase({
    dataDir: building,
    migrate: true,
    logger: createLogger({ level: 'silent' }),
  })
  await db.close()
  try {
    await rename(building, name)
  } catch {
    await rm(building, { recursive: true, force: true }) // another process built it first
  }
  return name
}

export async function waitForFiles(paths: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const missing: string[] = []
    for (const path of paths) {
      if (!(await exists(path))) missing.push(path)
    }
    if (missing.length === 0) return
    if (Date.now() > deadline) {
      throw new Error(
        `e2e: still missing after ${timeoutMs / 1000} s: ${missing.join(', ')} (dist/client comes from \`npx vite build\`)`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
