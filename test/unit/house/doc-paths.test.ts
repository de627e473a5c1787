/**
 * The documentation names files a newcomer will open: every repository path written in backticks in
 * docs/, README.md and the READMEs beside the code must exist, so following docs/architecture.md through
 * the code never ends at a file that moved.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const TOP = ['server', 'client', 'telephony', 'prisma', 'test', 'bench', 'docs', 'tools', 'scripts', '.ci']

function markdownFiles(): string[] {
  const docs = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? docs(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    )
  return [...docs('docs'), 'README.md', 'telephony/simulator/README.md', 'bench/README.md']
}

/** Backticked repository paths: start at a top folder, end in a file name with an extension; patterns
 * (`<timestamp>`, `*`) are not paths. */
function citedPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)]
    .map((m) => (m[1] ?? '').replace(/[:#].*$/, ''))
    .filter(
      (p) => TOP.some((t) => p.startsWith(`${t}/`)) && !/[*<>{}]/.test(p) && /\/[^/]+\.[a-z]{1,6}$/.test(p),
    )
}

describe('paths the documentation cites', () => {
  for (const file of markdownFiles()) {
    it(`all exist: ${file}`, () => {
      const missing = citedPaths(readFileSync(join(ROOT, file), 'utf8')).filter(
        (p) => !existsSync(join(ROOT, p)),
      )
      expect(missing).toEqual([])
    })
  }

  it('docs/architecture.md names at least the files on the path of a byte to the wallboard', () => {
    const cited = citedPaths(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'))
    expect(cited).toEqual(
      expect.arrayContaining([
        'telephony/connection/ami-client.ts',
        'telephony/ami/frame.ts',
        'telephony/state/reduce.ts',
        'server/realtime/broadcaster.ts',
        'client/src/components/wallboard/QueueCard.svelte',
        'server/services/screen-pop/screen-pop-service.ts',
      ]),
    )
  })
})
