import type { CookieOptions } from 'express'

export const SESSION_COOKIE = 'pano_session'

/** The session token from a Cookie header, or null. Tolerates malformed pairs. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue
    const value = part.slice(eq + 1).trim()
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null
  }
  return null
}

/** httpOnly + SameSite=Lax (docs/decisions/003); Secure when COOKIE_SECURE is set (HTTPS deployments). */
export function sessionCookieOptions(config: { cookieSecure: boolean }, maxAgeMs?: number): CookieOptions {
  const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' }
  if (maxAgeMs !== undefined) options.maxAge = maxAgeMs
  return options
}
