/**
 * The access guards every HTTP route declares (docs/design.md §2.8): `allowAnonymous()`, `requireSignedIn()` or
 * `requireRole(...roles)`. Each guard is tagged with what it allows, so the route inventory
 * (http/route-inventory.ts) and its test can list every route with its rule and catch a route without one.
 * Signed-in guards also enforce CSRF on state-changing requests that came with a session cookie.
 */
import type { RequestHandler } from 'express'
import { CSRF_HEADER, ROLES, type Role } from '../contract/auth.ts'
import { ForbiddenError, UnauthorizedError } from '../errors.ts'
import '../http/request-context.ts'
import { safeEqual } from './tokens.ts'

export type RouteAccess = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] }

export const ROUTE_ACCESS = Symbol('pano.routeAccess')

export type AccessGuard = RequestHandler & { [ROUTE_ACCESS]: RouteAccess }

export { CSRF_HEADER }
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function tag(handler: RequestHandler, access: RouteAccess): AccessGuard {
  return Object.assign(handler, { [ROUTE_ACCESS]: access })
}

/** Public route (login, health). */
export function allowAnonymous(): AccessGuard {
  return tag((_req, _res, next) => next(), { kind: 'public' })
}

export const PASSWORD_CHANGE_REQUIRED = 'password_change_required'

/**
 * Only these roles. 401 without a principal, 403 for another role, a missing/wrong CSRF token, or a
 * password an admin set and the user has not yet replaced.
 */
export function requireRole(...roles: [Role, ...Role[]]): AccessGuard {
  return guard(roles, false)
}

function guard(roles: readonly Role[], duringPasswordChange: boolean): AccessGuard {
  const allowed = new Set<Role>(roles)
  return tag(
    (req, _res, next) => {
      const principal = req.principal
      if (!principal) throw new UnauthorizedError()
      if (!allowed.has(principal.role)) throw new ForbiddenError()
      if (principal.mustChangePassword === true && !duringPasswordChange)
        throw new ForbiddenError(
          'Yöneticinizin verdiği parolayı değiştirmeden devam edemezsiniz.',
          PASSWORD_CHANGE_REQUIRED,
        )
      if (!SAFE_METHODS.has(req.method) && principal.via === 'session') {
        const sent = req.get(CSRF_HEADER)
        if (
          sent === undefined ||
          principal.csrfToken === undefined ||
          !safeEqual(sent, principal.csrfToken)
        ) {
          throw new ForbiddenError(
            'Güvenlik belirteci eksik veya geçersiz. Sayfayı yenileyin.',
            'csrf_failed',
          )
        }
      }
      next()
    },
    { kind: 'roles', roles: [...roles] },
  )
}

/**
 * Any signed-in user, whatever the role. `duringPasswordChange`: also before the user has replaced a
 * password an admin set (who am I, sign out, change the password).
 */
export function requireSignedIn(options: { duringPasswordChange?: boolean } = {}): AccessGuard {
  return guard(ROLES, options.duringPasswordChange === true)
}

export function routeAccessOf(handler: unknown): RouteAccess | undefined {
  if (typeof handler !== 'function') return undefined
  return (handler as Partial<AccessGuard>)[ROUTE_ACCESS]
}
