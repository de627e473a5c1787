/**
 * `npm run bench -- <name>` runs bench/<name>.ts; with no name, every bench file here in turn.
 * Each bench prints one JSON line. Extra arguments after the name are passed through. Files starting
 * with `_` are helpers, not benches.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [name, ...rest] = process.argv.slice(2)

const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort()
if (name !== undefined && !all.includes(name)) {
  console.error(`unknown bench "${name}"; available: ${all.join(', ') || '(none)'}`)
  process.exit(64)
}

let failed = false
for (const bench of name === undefined ? all : [name]) {
  const file = join(here, `${bench}.ts`)
  if (!existsSync(file)) continue
  const r = spawnSync(process.execPath, [...process.execArgv, file, ...rest], { stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`bench ${bench} exited with ${r.status ?? r.signal}`)
    failed = true
  }
}
process.exitCode = failed ? 1 : 0
