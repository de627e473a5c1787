/**
 * The PBX connections Pano follows (docs/configuration.md): one from `AMI_HOST` and its siblings (id
 * `main`), or several from `AMI_PBXS` as JSON, never both.
 */
import { z } from 'zod'
import { describeIssues, flag, int } from './config-fields.ts'

export interface PbxConnectionConfig {
  /** Stable id stored with calls and queues (`main` for the single-PBX variables). */
  id: string
  host: string
  port: number
  username: string
  secret: string
  tls: boolean
  auth: 'plain' | 'md5'
}

const pbxId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lowercase letters, digits, - and _, at most 32')
const amiAuth = z.enum(['plain', 'md5'])

const pbxEntry = z.object({
  id: pbxId,
  host: z.string().trim().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(5038),
  username: z.string().min(1),
  secret: z.string().min(1),
  tls: z.boolean().default(false),
  auth: amiAuth.default('md5'),
})

const pbxList = z
  .array(pbxEntry)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    list.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate PBX id "${p.id}"` })
      seen.add(p.id)
    })
  })

const singlePbx = z.object({
  AMI_HOST: z.string().trim().min(1),
  AMI_PORT: int(1, 65535).default(5038),
  AMI_USERNAME: z.string().min(1, 'required when AMI_HOST is set'),
  AMI_SECRET: z.string().min(1, 'required when AMI_HOST is set'),
  AMI_TLS: flag.default(false),
  AMI_AUTH: amiAuth.default('md5'),
})

const SINGLE_PBX_KEYS = ['AMI_HOST', 'AMI_PORT', 'AMI_USERNAME', 'AMI_SECRET', 'AMI_TLS', 'AMI_AUTH'] as const

export function parsePbxs(env: Record<string, string>, problems: string[]): PbxConnectionConfig[] {
  const hasSingle = SINGLE_PBX_KEYS.some((k) => k in env)
  const json = env['AMI_PBXS']
  if (json !== undefined && hasSingle) {
    problems.push('AMI_PBXS: set either AMI_PBXS or the AMI_HOST/AMI_* variables, not both')
    return []
  }
  if (json !== undefined) {
    let raw: unknown
    try {
      raw = JSON.parse(json)
    } catch {
      problems.push(
        'AMI_PBXS: not valid JSON (expected an array of {id, host, port, username, secret, tls, auth})',
      )
      return []
    }
    const parsed = pbxList.safeParse(raw)
    if (!parsed.success) {
      problems.push(...describeIssues(parsed.error.issues, 'AMI_PBXS.'))
      return []
    }
    return parsed.data
  }
  if (!hasSingle) return []
  const parsed = singlePbx.safeParse(env)
  if (!parsed.success) {
    problems.push(...describeIssues(parsed.error.issues))
    return []
  }
  const d = parsed.data
  return [
    {
      id: 'main',
      host: d.AMI_HOST,
      port: d.AMI_PORT,
      username: d.AMI_USERNAME,
      secret: d.AMI_SECRET,
      tls: d.AMI_TLS,
      auth: d.AMI_AUTH,
    },
  ]
}
