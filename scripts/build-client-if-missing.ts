/**
 * `npm start` runs this first: build the client with vite only when dist/client/index.html is missing or
 * older than anything the client is built from, so a fresh checkout starts with one command and an
 * unchanged one starts at once.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BUILT_INDEX = join(ROOT, 'dist', 'client', 'index.html')
/** Everything the bundle is made from: the SPA, the wire contracts it imports, and the build config. */
const SOURCES = ['client', 'server/contract', 'vite.config.ts', 'svelte.config.js', 'package-lock.json']

/** Why the client must be built, or null when the build is current. */
export function buildReason(builtAt: number | null, newestSourceAt: number): string | null {
  if (builtAt === null) return 'dist/client is missing'
  if (newestSourceAt > builtAt) return 'dist/client is older than the client sources'
  return null
}

async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs
  } catch {
    return null
  }
}

/** The newest modification time under a file or directory (0 when it does not exist). */
async function newestUnder(path: string): Promise<number> {
  let info
  try {
    info = await stat(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    newest = Math.max(newest, await newestUnder(join(path, entry.name)))
  }
  return newest
}

async function main(): Promise<void> {
  const newest = Math.max(...(await Promise.all(SOURCES.map((source) => newestUnder(join(ROOT, source))))))
  const reason = buildReason(await modifiedAt(BUILT_INDEX), newest)
  if (reason === null) return
  process.stdout.write(`Building the client (${reason})…\n`)
  const { build } = await import('vite')
  // vite.config.ts names its root relative to the working directory.
  process.chdir(ROOT)
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
  process.stdout.write('Client built into dist/client.\n')
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Could not build the client: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exit(1)
  })
}
