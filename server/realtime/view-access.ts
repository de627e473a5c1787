/**
 * Who may join which live view, and which variant they get (docs/design.md §2.4, §2.8). Pure.
 *
 * - `wallboard` (queue board): supervisor and admin; a kiosk whose token lists the `queues` board.
 * - `agents` (agent board): the roles `GET /api/v1/agents` serves (AGENT_LIST_ROLES); a kiosk whose token
 *   lists the `agents` board.
 * - `calls` (live calls with caller numbers): exactly the roles `GET /api/v1/calls` serves
 *   (CALL_LIST_ROLES: supervisor, admin); never a kiosk. Operators get the switchboard's calls only, in
 *   the santral console's room (server/realtime/handlers/switchboard.ts), as over HTTP.
 * Kiosk sockets always get the `kiosk` variant: every item is rebuilt field by field without personal
 * data (redaction.ts), in rooms of their own, so a full item can never reach a kiosk by mistake.
 */
import type { Role } from '../contract/auth.ts'
import { KIOSK_BOARDS, LIVE_VIEWS, type KioskBoard, type LiveView } from '../contract/events.ts'
import { AGENT_LIST_ROLES, CALL_LIST_ROLES } from '../contract/views.ts'
import type { Principal } from '../auth/principal.ts'

export type ViewVariant = 'full' | 'kiosk'
export const VIEW_VARIANTS: readonly ViewVariant[] = ['full', 'kiosk']

const WALLBOARD_ROLES: readonly Role[] = ['supervisor', 'admin']

const ROLES_BY_VIEW: Record<LiveView, readonly Role[]> = {
  wallboard: WALLBOARD_ROLES,
  agents: AGENT_LIST_ROLES,
  calls: CALL_LIST_ROLES,
}

const VIEW_BY_BOARD: Record<KioskBoard, LiveView | null> = {
  queues: 'wallboard',
  agents: 'agents',
  overdue: null,
}

export function kioskBoardsOf(principal: Principal): KioskBoard[] {
  if (principal.kind !== 'kiosk') return []
  const known = new Set<string>(KIOSK_BOARDS)
  return KIOSK_BOARDS.filter((b) => known.has(b) && principal.boards.includes(b))
}

/** The live views this principal may subscribe to, in LIVE_VIEWS order. */
export function liveViewsFor(principal: Principal): LiveView[] {
  if (principal.kind === 'user') return LIVE_VIEWS.filter((v) => ROLES_BY_VIEW[v].includes(principal.role))
  const allowed = new Set(kioskBoardsOf(principal).map((b) => VIEW_BY_BOARD[b]))
  allowed.delete(null)
  return LIVE_VIEWS.filter((v) => allowed.has(v))
}

export function variantFor(principal: Principal): ViewVariant {
  return principal.kind === 'kiosk' ? 'kiosk' : 'full'
}

export function roomOf(view: LiveView, variant: ViewVariant): string {
  return variant === 'full' ? `live:${view}` : `live:${view}:kiosk`
}

/** Every kiosk socket also sits in this room, so revoking its token can disconnect it on every node. */
export function kioskRoom(kioskTokenId: number): string {
  return `kiosk:${kioskTokenId}`
}

/** Every signed-in user's sockets sit in these rooms, so ending a user or a session reaches every node. */
export function userRoom(userId: number): string {
  return `user:${userId}`
}

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`
}
