/**
 * The set-up the fan-out and soak benches share: the whole Pano server in this process, following the
 * fan-out PBX (`_fanout-pbx.ts`, its own process, as a real Asterisk is another machine) that offers
 * `rate` calls a second once told to, on a fresh database of the test PostgreSQL (127.0.0.1:5432) or,
 * with `--db pglite`, the embedded PGlite; and a kiosk token for the queue wallboard that the bench's
 * client processes use. `stopPano()` stops the server alone (the fan-out bench's baseline runs
 * without it); `close()` stops everything and removes the database.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { waitFor } from './_fanout-run.ts'

const PBX = fileURLToPath(new URL('./_fanout-pbx.ts', import.meta.url))
const PBX_USER = 'bench'
const PBX_SECRET = 'bench-secret'

type RunningPano = Awaited<ReturnType<(typeof import('../server/main.ts'))['startPano']>>

export interface PanoUnderLoad {
  readonly pano: RunningPano
  readonly pbx: ChildProcess
  readonly db: 'postgres' | 'pglite'
  /** A kiosk token for the queue wallboard. */
  readonly token: string
  stopPano(): Promise<void>
  close(): Promise<void>
}

/** The value after `--name` on the command line, if given. */
export function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? undefined : process.argv[at + 1]
}

export async function startPanoUnderLoad(options: {
  rate: number
  label: string
  env?: Record<string, string>
}): Promise<PanoUnderLoad> {
  const db = option('db') ?? 'postgres'
  if (db !== 'postgres' && db !== 'pglite') throw new Error('--db must be postgres or pglite')
  const [{ startPano }, { loadConfig }, { issueKioskToken }] = await Promise.all([
    import('../server/main.ts'),
    import('../server/config.ts'),
    import('../server/auth/kiosk-tokens.ts'),
  ])
  const dataDir = await mkdtemp(join(tmpdir(), `pano-bench-${options.label}-`))
  const database =
    db === 'postgres'
      ? await (
          await import('../test/support/test-database.ts')
        )
          .createTestDatabase()
          .catch((err: unknown) => {
            throw new Error(`PostgreSQL on 127.0.0.1:5432 is needed (or pass --db pglite): ${String(err)}`)
          })
      : null
  const pbx = fork(PBX, [String(options.rate), PBX_USER, PBX_SECRET], { execArgv: process.execArgv })
  let pano: RunningPano | null = null
  const stopPano = async () => {
    const running = pano
    pano = null
    await running?.close()
  }
  const close = async () => {
    if (pbx.exitCode === null) pbx.kill()
    await stopPano()
    await rm(dataDir, { recursive: true, force: true })
    await database?.drop()
  }
  try {
    const { port } = await waitFor<{ port: number }>(pbx, 'listening')
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      LOG_LEVEL: 'silent',
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(port),
      AMI_USERNAME: PBX_USER,
      AMI_SECRET: PBX_SECRET,
      AMI_AUTH: 'plain',
      ...options.env,
    })
    const started = await startPano(config, { seedDemo: true, clientDir: null, print: () => {} })
    pano = started
    const admin = await started.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } })
    const { token } = await issueKioskToken(started.prisma, {
      label: options.label,
      boards: ['queues'],
      createdById: admin.id,
    })
    return { pano: started, pbx, db, token, stopPano, close }
  } catch (err) {
    await close()
    throw err
  }
}
