/** `/api/v1/auth/*`: sign in, sign out, who am I. */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { VIEWS_BY_ROLE, type MeView, type SessionView, type SystemInfo } from '../../contract/auth.ts'
import { logIn, type LoginDeps } from '../../auth/login.ts'
import type { UserPrincipal } from '../../auth/principal.ts'
import { allowAnonymous, requireSignedIn } from '../../auth/require-role.ts'
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from '../../auth/session-cookie.ts'
import { MAX_PASSWORD_LENGTH } from '../../domain/password-policy.ts'
import { UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import { changeOwnPassword } from '../../services/users/password-change.ts'
import '../request-context.ts'

const loginBody = z.object({
  username: textField().trim().min(1, 'Kullanıcı adı gerekli.').max(100),
  password: textField().min(1, 'Parola gerekli.').max(200),
})

const passwordChangeBody = z
  .object({
    currentPassword: textField().min(1, 'Şu anki parolanızı yazın.').max(MAX_PASSWORD_LENGTH),
    newPassword: textField().min(1, 'Yeni parolanızı yazın.').max(MAX_PASSWORD_LENGTH),
  })
  .strict()

export interface AuthRouteDeps extends LoginDeps {
  config: { http: { cookieSecure: boolean }; session: { ttlHours: number } }
  hashPassword(password: string): Promise<string>
  /** Mode, simulator and warnings every screen's header shows. */
  system: () => SystemInfo
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
    const { token, userId } = await logIn(deps, { ...body, ip: req.ip }, req.log)
    req.log.info({ userId }, 'signed in')
    res.cookie(
      SESSION_COOKIE,
      token,
      sessionCookieOptions(deps.config.http, deps.config.session.ttlHours * 3_600_000),
    )
    res.status(204).end()
  })

  router.post('/auth/logout', requireSignedIn({ duringPasswordChange: true }), async (req, res) => {
    const token = readSessionCookie(req.headers.cookie)
    if (token !== null && req.principal?.via === 'session') {
      await deps.sessions.destroy(token)
      if (req.principal.sessionId !== undefined) deps.socketsOfEnded?.session(req.principal.sessionId)
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions)
    res.status(204).end()
  })

  function meOf(p: UserPrincipal): MeView {
    return {
      id: p.userId,
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      unit: p.unit,
      views: p.mustChangePassword === true ? [] : [...VIEWS_BY_ROLE[p.role]],
      csrfToken: p.csrfToken ?? '',
      mustChangePassword: p.mustChangePassword === true,
      system: deps.system(),
    }
  }

  router.get('/auth/me', requireSignedIn({ duringPasswordChange: true }), (req, res) => {
    const p = req.principal
    if (!p) throw new Error('requireSignedIn let an anonymous request through')
    res.setHeader('Cache-Control', 'no-store')
    res.json(meOf(p))
  })

  router.get('/auth/session', allowAnonymous(), (req, res) => {
    const p = req.principal
    const view: SessionView = p === undefined ? { signedIn: false } : { signedIn: true, me: meOf(p) }
    res.setHeader('Cache-Control', 'no-store')
    res.json(view)
  })

  router.post('/auth/password', requireSignedIn({ duringPasswordChange: true }), async (req, res) => {
    const body = passwordChangeBody.parse(req.body ?? {})
    const p = req.principal
    if (!p || p.via !== 'session')
      throw new UnauthorizedError('Parola yalnızca oturum açmış kullanıcı tarafından değiştirilebilir.')
    const { token } = await changeOwnPassword(
      {
        prisma: deps.prisma,
        sessions: deps.sessions,
        loginLimiter: deps.loginLimiter,
        passwords: deps.passwords,
        hashPassword: (password) => deps.hashPassword(password),
        closeSockets: (userId) => deps.socketsOfEnded?.user(userId),
      },
      actorFromUser(p, req.ip),
      body,
    )
    req.log.info({ userId: p.userId }, 'password changed')
    res.cookie(
      SESSION_COOKIE,
      token,
      sessionCookieOptions(deps.config.http, deps.config.session.ttlHours * 3_600_000),
    )
    res.status(204).end()
  })

  return router
}
