/**
 * Works out who sent a request: an API token in `Authorization: Bearer` (integrations) or the session
 * cookie (browsers). Sets `req.principal`; leaves it unset for anonymous requests. Routes then decide
 * with the access guards in require-role.ts.
 */
import type { RequestHandler } from 'express'
import type { PrismaClient } from '../db/generated/client.ts'
import { UnauthorizedError } from '../errors.ts'
import '../http/request-context.ts'
import { readBearerToken, resolveApiToken } from './api-tokens.ts'
import { USER_PRINCIPAL_SELECT, userPrincipal, type UserPrincipal } from './principal.ts'
import { readSessionCookie } from './session-cookie.ts'
import type { SessionRecord, SessionStore } from './session-store.ts'

export interface AuthenticateDeps {
  prisma: PrismaClient
  sessions: SessionStore
  now?: () => Date
}

/**
 * A live session's user, or null when the session is gone or the user was deactivated. `touch: false`
 * reads without marking the session seen (a socket's watch must not keep its session alive).
 */
export async function principalForSessionToken(
  deps: Pick<AuthenticateDeps, 'prisma' | 'sessions'>,
  token: string,
  { touch = true }: { touch?: boolean } = {},
): Promise<{ principal: UserPrincipal; session: SessionRecord } | null> {
  const session = touch ? await deps.sessions.resolve(token) : await deps.sessions.peek(token)
  if (!session) return null
  const user = await deps.prisma.user.findUnique({
    where: { id: session.userId },
    select: USER_PRINCIPAL_SELECT,
  })
  if (!user?.active) {
    await deps.sessions.destroy(token)
    return null
  }
  return { principal: userPrincipal(user, 'session', session), session }
}

export function authenticate(deps: AuthenticateDeps): RequestHandler {
  return async (req, _res, next) => {
    const authorization = req.headers.authorization
    if (authorization !== undefined) {
      const bearer = readBearerToken(authorization)
      const principal = bearer === null ? null : await resolveApiToken(deps.prisma, bearer, deps.now)
      // A credential that was sent but does not hold is an error, never a silent fall back to anonymous.
      if (!principal)
        throw new UnauthorizedError('API anahtarı geçersiz veya iptal edilmiş.', 'invalid_api_token')
      req.principal = principal
      next()
      return
    }
    const token = readSessionCookie(req.headers.cookie)
    if (token !== null) {
      const found = await principalForSessionToken(deps, token)
      if (found) req.principal = found.principal
    }
    next()
  }
}
