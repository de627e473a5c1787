/** The pieces every part of Pano's configuration parses with (server/config.ts and its siblings). */
import { z } from 'zod'

export type Environment = Readonly<Record<string, string | undefined>>

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on'])
export const FALSE_WORDS = new Set(['0', 'false', 'no', 'off'])

export const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => TRUE_WORDS.has(v) || FALSE_WORDS.has(v), 'expected true/false (1/0, yes/no, on/off)')
  .transform((v) => TRUE_WORDS.has(v))

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** Empty strings count as unset, as in most .env files. */
export function withoutEmpty(env: Environment): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v
  return out
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.')
    return `${prefix}${path || '(root)'}: ${i.message}`
  })
}
