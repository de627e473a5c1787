import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// A runtime import circle makes module evaluation order matter (a class read before its module ran is
// `undefined`), so the pure telephony core keeps a graph without cycles. Type-only imports are erased by
// `verbatimModuleSyntax` and do not count.

const ROOT = path.resolve(import.meta.dirname, '../../..')

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    const full = path.join(e.parentPath, e.name)
    return e.isFile() && full.endsWith('.ts') ? [full] : []
  })
}

function isTypeOnly(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause
    if (clause === undefined) return false
    if (clause.isTypeOnly) return true
    const named = clause.namedBindings
    return (
      clause.name === undefined &&
      named !== undefined &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((e) => e.isTypeOnly)
    )
  }
  if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly) return true
    const named = statement.exportClause
    return (
      named !== undefined &&
      ts.isNamedExports(named) &&
      named.elements.length > 0 &&
      named.elements.every((e) => e.isTypeOnly)
    )
  }
  return false
}

/** Relative runtime imports of one file, resolved to absolute paths. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const out: string[] = []
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue
    const specifier = statement.moduleSpecifier
    if (specifier === undefined || !ts.isStringLiteral(specifier) || isTypeOnly(statement)) continue
    if (!specifier.text.startsWith('.')) continue
    out.push(path.resolve(path.dirname(file), specifier.text))
  }
  return out
}

/** Every cycle's files, found by a depth-first walk (each cycle reported once, from where it closes). */
function findCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, runtimeImports(f).filter((d) => files.includes(d))]))
  const state = new Map<string, 'open' | 'done'>()
  const trail: string[] = []
  const cycles: string[][] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    trail.push(file)
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') cycles.push(trail.slice(trail.indexOf(dep)))
      else if (state.get(dep) === undefined) visit(dep)
    }
    trail.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file)
  return cycles.map((c) => c.map((f) => path.relative(ROOT, f)))
}

describe('import cycles', () => {
  it('telephony/ has none at runtime', () => {
    expect(findCycles(tsFilesUnder(path.join(ROOT, 'telephony')))).toEqual([])
  })

  it('the check sees a circle when one exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-cycle-'))
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.ts'\nexport const a = b\n")
      fs.writeFileSync(path.join(dir, 'b.ts'), "export { a as b } from './a.ts'\n")
      fs.writeFileSync(path.join(dir, 'c.ts'), "import type { a } from './a.ts'\nexport type C = typeof a\n")
      fs.writeFileSync(path.join(dir, 'd.ts'), "import { type C } from './c.ts'\nexport const d: C = 1\n")
      const cycles = findCycles(tsFilesUnder(dir))
      expect(cycles.map((c) => c.map((f) => path.basename(f)).sort())).toEqual([['a.ts', 'b.ts']])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
