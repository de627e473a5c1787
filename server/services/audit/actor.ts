/**
 * Who is acting, as the services see it: built by the HTTP layer from the session (or by the realtime
 * layer for a screen pop). Services never read the request; they get this value.
 */
import type { Role } from '../../contract/auth.ts'

export interface Actor {
  userId: number
  role: Role
  /** The unit a `unit` user belongs to (null for everyone else). */
  unitId: number | null
  /** The client address the request came from (after `trust proxy`), for the audit log. */
  ip: string | null
  /** Set when an integration key acts (auth/api-tokens.ts), under its owner's account: the audit log
   * keeps it, so the KVKK officer can tell an integration's reads from the owner's own. */
  apiTokenId?: number
}

/** Roles whose work needs a citizen's name and full phone number (docs/design.md §1, §2.8). */
export function seesPersonalData(role: Role): boolean {
  return role === 'agent' || role === 'operator' || role === 'supervisor' || role === 'admin'
}

/** The actor of a signed-in user principal (see server/auth/principal.ts); kiosks never get one. */
export function actorFromUser(
  user: { userId: number; role: Role; unit: { id: number } | null; apiTokenId?: number | undefined },
  ip: string | undefined,
): Actor {
  return {
    userId: user.userId,
    role: user.role,
    unitId: user.role === 'unit' ? (user.unit?.id ?? null) : null,
    ip: ip ?? null,
    ...(user.apiTokenId === undefined ? {} : { apiTokenId: user.apiTokenId }),
  }
}
