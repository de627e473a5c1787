/** Who is making a request or holding a socket. docs/design.md §1, §2.8. */
import type { Role } from '../contract/auth.ts'
import { ROLES } from '../contract/auth.ts'

export interface UserPrincipal {
  kind: 'user'
  userId: number
  username: string
  displayName: string
  role: Role
  unit: { id: number; name: string } | null
  /** How the request proved who it is: session cookie (CSRF applies) or API token (CSRF exempt). */
  via: 'session' | 'api-token'
  /** Present when via = 'session'. */
  csrfToken?: string
  /** The session's id (sha256 of its cookie token) when via = 'session': its sockets share a room. */
  sessionId?: string
  /** The API token's id when via = 'api-token' (its role is the token's scope). */
  apiTokenId?: number
  /** An admin set this password: only the password change is allowed until the user picks a new one. */
  mustChangePassword?: boolean
}

/** A TV wallboard: aggregate boards only, never personal data. */
export interface KioskPrincipal {
  kind: 'kiosk'
  kioskTokenId: number
  label: string
  boards: string[]
}

export type Principal = UserPrincipal | KioskPrincipal

/** Prisma's enum (AGENT) → the contract's role (agent). */
export function roleFromDatabase(value: string): Role {
  const role = value.toLowerCase()
  const known = ROLES.find((r) => r === role)
  if (!known) throw new Error(`Unknown role in database: ${value}`)
  return known
}

export interface UserRow {
  id: number
  username: string
  displayName: string
  role: string
  active: boolean
  unit: { id: number; name: string } | null
  mustChangePassword?: boolean
}

export function userPrincipal(
  user: UserRow,
  via: UserPrincipal['via'],
  session?: { csrfToken: string; id: string },
): UserPrincipal {
  const principal: UserPrincipal = {
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: roleFromDatabase(user.role),
    unit: user.unit ? { id: user.unit.id, name: user.unit.name } : null,
    via,
  }
  if (session !== undefined) {
    principal.csrfToken = session.csrfToken
    principal.sessionId = session.id
  }
  if (user.mustChangePassword === true) principal.mustChangePassword = true
  return principal
}

/** The fields `userPrincipal` needs, for Prisma `select`. */
export const USER_PRINCIPAL_SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  active: true,
  mustChangePassword: true,
  unit: { select: { id: true, name: true } },
} as const
