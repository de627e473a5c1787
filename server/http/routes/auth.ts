/** `/api/v1/auth/*`: sign in, sign out, who am I. */
import { Router } from 'express'
import { z } from 'zod'
import { VIEWS_BY_ROLE, type MeView } from '../../contract/auth.ts'
import { logIn, type LoginDeps } from '../../auth/login.ts'
import { allowAnonymous, requireSignedIn } from '../../auth/require-role.ts'
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from '../../auth/session-cookie.ts'
import '../request-context.ts'

const loginBody = z.object({
  username: z.string().trim().min(1, 'Kullanıcı adı gerekli.').max(100),
  password: z.string().min(1, 'Parola gerekli.').max(200),
})

export interface AuthRouteDeps extends LoginDeps {
  config: { http: { cookieSecure: boolean }; session: { ttlHours: number } }
  /** Closes the live sockets of ended sessions on every node (realtime/io.ts). */
  socketsOfEnded?: SocketsOfEnded
}

export interface SocketsOfEnded {
  user(userId: number): void
  session(sessionId: string): void
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const router = Router()
  const cookieOptions = sessionCookieOptions(deps.config.http)

  router.post('/auth/login', allowAnonymous(), async (req, res) => {
    const body = loginBody.parse(req.body ?? {})
    // A new sign-in always gets a new token: drop whatever session the browser held before.
    const previous = readSessionCookie(req.headers.cookie)
    if (previous !== null) await deps.sessions.destroy(previous)
    const { token, userId } = await logIn(deps, { ...body, ip: req.ip })
    req.log.info({ userId }, 'signed in')
    res.cookie(
      SESSION_COOKIE,
      token,
      sessionCookieOptions(deps.config.http, deps.config.session.ttlHours * 3_600_000),
    )
    res.status(204).end()
  })

  router.post('/auth/logout', requireSignedIn(), async (req, res) => {
    const token = readSessionCookie(req.headers.cookie)
    if (token !== null && req.principal?.via === 'session') {
      await deps.sessions.destroy(token)
      if (req.principal.sessionId !== undefined) deps.socketsOfEnded?.session(req.principal.sessionId)
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions)
    res.status(204).end()
  })

  router.get('/auth/me', requireSignedIn(), (req, res) => {
    const p = req.principal
    if (!p) throw new Error('requireSignedIn let an anonymous request through')
    const me: MeView = {
      id: p.userId,
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      unit: p.unit,
      views: [...VIEWS_BY_ROLE[p.role]],
      csrfToken: p.csrfToken ?? '',
    }
    res.setHeader('Cache-Control', 'no-store')
    res.json(me)
  })

  return router
}
