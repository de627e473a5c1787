/** Roles and views: shared by server and client (types and constants only). docs/design.md §1. */
export const ROLES = ['agent', 'operator', 'unit', 'supervisor', 'admin', 'kvkk'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  agent: 'Çağrı Merkezi Temsilcisi',
  operator: 'Santral Operatörü',
  unit: 'Birim Personeli',
  supervisor: 'Müdür / Ekip Lideri',
  admin: 'Sistem Yöneticisi',
  kvkk: 'KVKK sorumlusu',
}

export const VIEWS = ['wallboard', 'desk', 'switchboard', 'tickets', 'reports', 'admin'] as const
export type ViewId = (typeof VIEWS)[number]

export const VIEW_LABELS: Record<ViewId, string> = {
  wallboard: 'Panolar',
  desk: 'Çağrı Masası',
  switchboard: 'Santral',
  tickets: 'Talepler',
  reports: 'Raporlar',
  admin: 'Yönetim',
}

/** Which role sees which view: the navigation and the server's guards both read this table. */
export const VIEWS_BY_ROLE: Record<Role, readonly ViewId[]> = {
  agent: ['desk', 'tickets'],
  operator: ['switchboard', 'tickets'],
  unit: ['tickets'],
  supervisor: ['wallboard', 'desk', 'switchboard', 'tickets', 'reports'],
  admin: ['wallboard', 'tickets', 'reports', 'admin'],
  /** The directorate's data officer: Yönetim, where only the KVKK section opens (client/src/lib/admin-sections.ts). */
  kvkk: ['admin'],
}

export function canSeeView(role: Role, view: ViewId): boolean {
  return VIEWS_BY_ROLE[role].includes(view)
}

/**
 * `GET /api/v1/auth/session`: whether this browser is signed in, asked by the app on load. It answers 200
 * either way, so a first visit does not log a failed request in the browser's console as `/auth/me`'s
 * 401 would.
 */
export type SessionView = { signedIn: false } | { signedIn: true; me: MeView }

/** `GET /api/v1/auth/me`. */
export interface MeView {
  id: number
  username: string
  displayName: string
  role: Role
  unit: { id: number; name: string } | null
  views: ViewId[]
  /** Send back as `x-csrf-token` on every state-changing request. */
  csrfToken: string
  /** An admin set the password: the user must choose a new one before anything else (no views yet). */
  mustChangePassword: boolean
  system: SystemInfo
}

/** What every screen's header must say about how this Pano runs. */
export interface SystemInfo {
  mode: 'demo' | 'production'
  /** The built-in PBX simulator is running: calls on the boards are not real. */
  simulator: boolean
  /** Turkish sentences an admin must act on (embedded database in production, holiday table ending). */
  warnings: string[]
}

/** The password rules in one sentence, for the forms (server/domain/password-policy.ts enforces them). */
export const PASSWORD_RULES_TEXT =
  'En az 10 karakter; kullanıcı adınızı içermesin ve yaygın bir parola olmasın.'

/** The same rules where an admin sets someone else's password (Yönetim › Kullanıcılar). */
export const PASSWORD_RULES_TEXT_FOR_ADMIN =
  'En az 10 karakter; kişinin kullanıcı adını içermesin ve yaygın bir parola olmasın.'

/** Error body of every failed API call (the one error model: contract/errors.ts). */
export type { ApiErrorBody } from './errors.ts'

/** `POST /api/v1/auth/login` body (204 + session cookie on success, 401 / 429 otherwise). */
export interface LoginRequest {
  username: string
  password: string
}

/** Header that carries MeView.csrfToken on POST/PUT/PATCH/DELETE. */
export const CSRF_HEADER = 'x-csrf-token'
