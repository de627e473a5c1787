/**
 * Which screen a path shows for a signed-in user (or none). Pure: the router feeds it the current path
 * and the session, and acts on the decision.
 */
import { VIEWS, VIEW_LABELS, type MeView, type ViewId } from '../../../server/contract/auth.ts'

export const LOGIN_PATH = '/giris'

export const PATH_BY_VIEW: Record<ViewId, string> = {
  wallboard: '/wallboard',
  desk: '/masa',
  switchboard: '/santral',
  tickets: '/talepler',
  reports: '/raporlar',
  admin: '/yonetim',
}

export type RouteDecision =
  | { kind: 'login' }
  | { kind: 'view'; view: ViewId }
  /** The account has no view at all (an unknown role or a server without views for it). */
  | { kind: 'no-views' }
  /** Replace the address with `to`; `denied` names a view the user asked for but may not see. */
  | { kind: 'redirect'; to: string; denied?: ViewId }

/** The view a path names, or null. Trailing slashes and letter case do not matter. */
export function viewForPath(path: string): ViewId | null {
  const clean = normalisePath(path)
  for (const view of VIEWS) {
    if (PATH_BY_VIEW[view] === clean) return view
  }
  if (ticketNumberFromPath(clean) !== null) return 'tickets'
  return null
}

/** A ticket's own address: `/talepler/2026-000123` (shareable; opens the ticket for whoever may see it). */
export function ticketPath(number: string): string {
  return `${PATH_BY_VIEW.tickets}/${encodeURIComponent(number)}`
}

/** The ticket number in a ticket's address, or null. */
export function ticketNumberFromPath(path: string): string | null {
  const m = /^\/talepler\/(\d{4}-\d{6,12})\/?$/i.exec(path)
  return m?.[1] ?? null
}

/** The views the user may open, in the server's order; names the client does not know are dropped. */
export function visibleViews(me: Pick<MeView, 'views'>): ViewId[] {
  const known = new Set<string>(VIEWS)
  const seen = new Set<ViewId>()
  for (const view of me.views) {
    if (known.has(view)) seen.add(view)
  }
  return [...seen]
}

/**
 * `returnTo` is the address the user asked for before having to sign in: once signed in, the sign-in
 * page and `/` lead there if it is one of their views, otherwise to their first view.
 */
export function resolveRoute(
  path: string,
  me: Pick<MeView, 'views'> | null,
  returnTo: string | null = null,
): RouteDecision {
  const clean = normalisePath(path)
  if (me === null) return clean === LOGIN_PATH ? { kind: 'login' } : { kind: 'redirect', to: LOGIN_PATH }
  const views = visibleViews(me)
  const first = views[0]
  if (first === undefined) return { kind: 'no-views' }
  if (clean === LOGIN_PATH || clean === '/') return { kind: 'redirect', to: landingPath(returnTo, me) }
  const asked = viewForPath(clean)
  if (asked !== null && views.includes(asked)) {
    return clean === path ? { kind: 'view', view: asked } : { kind: 'redirect', to: clean }
  }
  if (asked !== null) return { kind: 'redirect', to: PATH_BY_VIEW[first], denied: asked }
  return { kind: 'redirect', to: PATH_BY_VIEW[first] }
}

/**
 * Where to go right after signing in: the address the user first asked for if it is one of their
 * views (with its query, e.g. Yönetim's section), otherwise their first view.
 */
export function landingPath(requested: string | null, me: Pick<MeView, 'views'>): string {
  const views = visibleViews(me)
  const address = requested === null ? null : splitAddress(requested)
  const asked = address === null ? null : viewForPath(address.path)
  const ticket = address === null ? null : ticketNumberFromPath(normalisePath(address.path))
  if (asked === 'tickets' && ticket !== null && views.includes(asked)) return ticketPath(ticket)
  if (asked !== null && views.includes(asked)) return PATH_BY_VIEW[asked] + (address?.query ?? '')
  const first = views[0]
  return first === undefined ? '/' : PATH_BY_VIEW[first]
}

export function deniedMessage(denied: ViewId, landed: ViewId): string {
  return `“${VIEW_LABELS[denied]}” ekranını açma yetkiniz yok; “${VIEW_LABELS[landed]}” ekranına yönlendirildiniz.`
}

export function normalisePath(path: string): string {
  const lower = path.toLocaleLowerCase('en-US')
  const trimmed = lower.length > 1 ? lower.replace(/\/+$/, '') : lower
  return trimmed === '' ? '/' : trimmed
}

/** `/yonetim?bolum=x` → path `/yonetim`, query `?bolum=x` (empty when there is none). */
export function splitAddress(address: string): { path: string; query: string } {
  const at = address.indexOf('?')
  return at === -1 ? { path: address, query: '' } : { path: address.slice(0, at), query: address.slice(at) }
}
