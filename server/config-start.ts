/** How Pano starts: demo or production, and the first admin from PANO_ADMIN_* (docs/configuration.md). */
import { readFileSync } from 'node:fs'
import { ConfigError } from './config-fields.ts'

export interface FirstAdminConfig {
  username: string
  password: string
}

/** PANO_ADMIN_USERNAME with PANO_ADMIN_PASSWORD or PANO_ADMIN_PASSWORD_FILE (a secret mounted as a file). */
export function parseFirstAdmin(
  c: {
    PANO_ADMIN_USERNAME?: string | undefined
    PANO_ADMIN_PASSWORD?: string | undefined
    PANO_ADMIN_PASSWORD_FILE?: string | undefined
  },
  problems: string[],
): FirstAdminConfig | null {
  const { PANO_ADMIN_USERNAME: username, PANO_ADMIN_PASSWORD: inline, PANO_ADMIN_PASSWORD_FILE: file } = c
  if (inline !== undefined && file !== undefined) {
    problems.push(
      'PANO_ADMIN_PASSWORD_FILE: set either PANO_ADMIN_PASSWORD or PANO_ADMIN_PASSWORD_FILE, not both',
    )
    return null
  }
  let password = inline
  if (file !== undefined) {
    try {
      // A trailing newline from `echo … > file` is not part of the password.
      password = readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    } catch (error) {
      problems.push(`PANO_ADMIN_PASSWORD_FILE: cannot read ${file} (${(error as Error).message})`)
      return null
    }
  }
  if (username === undefined && password === undefined) return null
  if (username === undefined) {
    problems.push('PANO_ADMIN_USERNAME: required when a first admin password is set')
    return null
  }
  if (password === undefined || password === '') {
    problems.push('PANO_ADMIN_PASSWORD: required with PANO_ADMIN_USERNAME (or PANO_ADMIN_PASSWORD_FILE)')
    return null
  }
  return { username, password }
}

/** Demo when nothing is configured; production when asked, or as soon as a database or a PBX is set. */
export function decideMode(
  asked: 'demo' | 'production' | undefined,
  hasDatabase: boolean,
  hasPbx: boolean,
): { mode: 'demo' | 'production'; modeReason: string } {
  const configured = [hasDatabase ? 'DATABASE_URL' : null, hasPbx ? 'AMI_HOST/AMI_PBXS' : null].filter(
    (v): v is string => v !== null,
  )
  if (asked === 'production') return { mode: 'production', modeReason: 'PANO_MODE=production' }
  if (configured.length > 0) {
    if (asked === 'demo')
      throw new ConfigError([`PANO_MODE: demo cannot be used with ${configured.join(' and ')}`])
    return { mode: 'production', modeReason: `${configured.join(' ve ')} ayarlı` }
  }
  return { mode: 'demo', modeReason: 'hiçbir şey yapılandırılmamış (DATABASE_URL yok, santral yok)' }
}
