/**
 * Yönetim › Kullanıcılar and API anahtarları: wire shapes of `/api/v1/users` and `/api/v1/api-tokens`
 * (docs/api.md). Types and constants only; shared by server and client.
 */
import { ROLES, type Role } from './auth.ts'

export interface UserView {
  id: number
  username: string
  fullName: string
  role: Role
  unit: { id: number; name: string } | null
  /** Queue member interfaces the user answers on (`Local/1001@agents/n`, `PJSIP/1001`). */
  memberInterfaces: string[]
  /** The user's own phone (click-to-call, the operator's line). */
  extension: string | null
  /** Where unit reminders and the müdür's escalations are e-mailed (docs/messaging.md §8). */
  email: string | null
  /** Unit staff: the daily e-mail digest of the unit's new and due tickets. */
  unitDigest: boolean
  active: boolean
  /** An admin set the password: the user must choose a new one at the next sign-in. */
  mustChangePassword: boolean
  createdAt: string
  passwordChangedAt: string | null
}

/** `POST /api/v1/users` → 201 `{ id }`. `password` is a first password the user must change. */
export interface UserCreateRequest {
  username: string
  fullName: string
  role: Role
  unitId?: number | null
  memberInterfaces?: string[]
  extension?: string | null
  email?: string | null
  unitDigest?: boolean
  password: string
}

/**
 * `PATCH /api/v1/users/:id` → 200 UserView. `active: false` deactivates (sessions and sockets end at
 * once); `password` resets it (the user must choose a new one at the next sign-in).
 */
export interface UserUpdateRequest {
  fullName?: string
  role?: Role
  unitId?: number | null
  memberInterfaces?: string[]
  extension?: string | null
  email?: string | null
  unitDigest?: boolean
  active?: boolean
  password?: string
}

/** `POST /api/v1/auth/password`: the signed-in user changes their own password. */
export interface PasswordChangeRequest {
  currentPassword: string
  newPassword: string
}

export interface ApiTokenView {
  id: number
  label: string
  /** The role the token acts with. */
  role: Role
  createdBy: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
  /** 'active' | 'expired' | 'revoked', as of the answer. */
  status: 'active' | 'expired' | 'revoked'
}

/** Roles a token can act with: a unit user needs a unit, which a token does not have. */
export const TOKEN_ROLES = ROLES.filter((r) => r !== 'unit')

/** `POST /api/v1/api-tokens` body. */
export interface ApiTokenCreateRequest {
  label: string
  role: Role
  /** ISO date-time; absent or null: no expiry. */
  expiresAt?: string | null
}

/** The answer to a token's creation: the only time the token itself is shown. */
export interface ApiTokenCreated {
  id: number
  token: string
}
