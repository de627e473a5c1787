/** The signed-in user as reactive state: sign in, restore on load, sign out, and session expiry. */
import { getContext, setContext } from 'svelte'
import type { MeView, SessionView } from '../../../server/contract/auth.ts'
import { ApiError, ME_PATH, type ApiClient } from './api.ts'
import { MESSAGES, loginErrorMessage } from './api-error.ts'

export type SessionStatus = 'checking' | 'signed-out' | 'signed-in'

export const AUTH_PATHS = {
  login: '/api/v1/auth/login',
  me: ME_PATH,
  session: '/api/v1/auth/session',
  logout: '/api/v1/auth/logout',
  password: '/api/v1/auth/password',
} as const

export class Session {
  status = $state<SessionStatus>('checking')
  me = $state.raw<MeView | null>(null)
  /** Why the sign-in page is showing (session expired, signed out, server unreachable). */
  notice = $state<{ text: string; tone: 'info' | 'error' } | null>(null)
  readonly #api: ApiClient
  /** A change of one's own password under way: the server closes the user's sockets before it answers. */
  #passwordChange: Promise<unknown> = Promise.resolve()

  constructor(api: ApiClient) {
    this.#api = api
  }

  /**
   * On page load: is there still a session cookie the server accepts? Asked where "no" is an answer,
   * not a 401, so a first visit logs no failed request in the browser's console.
   */
  async restore(): Promise<void> {
    try {
      const session = await this.#api.get<SessionView>(AUTH_PATHS.session)
      if (session.signedIn) this.#signIn(session.me)
      else this.#signOut(null)
    } catch (error) {
      this.#signOut(
        error instanceof ApiError && error.status !== 401 ? { text: error.message, tone: 'error' } : null,
      )
    }
  }

  /**
   * Re-reads the user (on every move between views): a session the server has ended shows up here as a
   * 401, which the API client reports as expiry; a changed role or view list takes effect at once. An
   * unreachable server leaves the session as it is.
   */
  async refresh(): Promise<void> {
    if (this.status !== 'signed-in') return
    try {
      const me = await this.#api.get<MeView>(AUTH_PATHS.me)
      if (this.status === 'signed-in') this.#signIn(me)
    } catch {
      // 401 already ended the session through the client's onUnauthorized; anything else can wait.
    }
  }

  /**
   * The server closed a live connection of this page itself (server/realtime/io.ts disconnectUser and
   * disconnectSession): deactivation, a password reset, a sign-out elsewhere, or our own password change.
   * Resolves to true while the session holds (then the caller reconnects); a session the server ended
   * goes to the sign-in page at once, saying why.
   */
  async recheck(): Promise<boolean> {
    // Our own change answers with the new session's cookie only after it closed our sockets.
    await this.#passwordChange
    if (this.status !== 'signed-in') return false
    try {
      const me = await this.#api.get<MeView>(AUTH_PATHS.me, { expectUnauthorized: true })
      if (this.status === 'signed-in') this.#signIn(me)
      return this.status === 'signed-in'
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) return this.status === 'signed-in'
      if (this.status === 'signed-in') this.#signOut({ text: MESSAGES.sessionEnded, tone: 'error' })
      return false
    }
  }

  /**
   * Changes the signed-in user's own password. The server ends every session of the user and answers
   * with a new session cookie; the user is then read again (a forced change ends here). Rejects with
   * the ApiError (its field issues name `currentPassword` and `newPassword`).
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const change = this.#api.post(AUTH_PATHS.password, { currentPassword, newPassword })
    this.#passwordChange = change.catch(() => undefined)
    await change
    const me = await this.#api.get<MeView>(AUTH_PATHS.me)
    if (this.status === 'signed-in') this.#signIn(me)
  }

  /** Resolves to a Turkish error message, or null once signed in. */
  async login(username: string, password: string): Promise<string | null> {
    try {
      await this.#api.post(
        AUTH_PATHS.login,
        { username, password },
        { expectUnauthorized: true, beforeSession: true },
      )
      this.#signIn(await this.#api.get<MeView>(AUTH_PATHS.me, { expectUnauthorized: true }))
      return null
    } catch (error) {
      return loginErrorMessage(error)
    }
  }

  /** Resolves to a Turkish error message if the server did not end the session; it then stays. */
  async logout(): Promise<string | null> {
    try {
      await this.#api.post(AUTH_PATHS.logout, undefined, { expectUnauthorized: true })
    } catch (error) {
      // 401: the server had already forgotten the session, which is what the user asked for.
      if (!(error instanceof ApiError)) return MESSAGES.serverFault
      if (error.status !== 401) return error.message
    }
    this.#signOut({ text: 'Oturumunuz kapatıldı.', tone: 'info' })
    return null
  }

  /** A call answered 401: the server no longer knows this session. */
  expire(): void {
    if (this.status !== 'signed-in') return
    this.#signOut({ text: MESSAGES.sessionExpired, tone: 'error' })
  }

  #signIn(me: MeView): void {
    this.#api.csrfToken = me.csrfToken
    this.me = me
    this.notice = null
    this.status = 'signed-in'
  }

  #signOut(notice: { text: string; tone: 'info' | 'error' } | null): void {
    this.#api.csrfToken = null
    this.me = null
    this.notice = notice
    this.status = 'signed-out'
  }
}

const SESSION_KEY = Symbol('session')

/** The app's session, for views that must know the user from their first frame (the role's boards). */
export function provideSession(session: Session): void {
  setContext(SESSION_KEY, session)
}

/** The app's session, or null outside the app (a component rendered alone in a test). */
export function useSession(): Session | null {
  return getContext<Session | undefined>(SESSION_KEY) ?? null
}

/**
 * The signed-in user for a view, from its first frame: the app's session, which the app reads again on
 * every move between views, so the view asks nothing of its own and its role-dependent parts (tabs,
 * sections) never change under the keys. The view's own API client gets the session's CSRF token.
 * Rendered without the app (a lone component), the view asks the server once; `onError` hears a refusal.
 * Call during component initialisation.
 */
export function useSignedInUser(
  api: ApiClient,
  onError: (error: unknown) => void = () => undefined,
): { readonly me: MeView | null } {
  const session = useSession()
  if (session !== null) {
    $effect.pre(() => {
      if (session.me !== null) api.csrfToken = session.me.csrfToken
    })
    return {
      get me() {
        return session.me
      },
    }
  }
  let asked = $state.raw<MeView | null>(null)
  api.get<MeView>(ME_PATH).then((me) => {
    api.csrfToken = me.csrfToken
    asked = me
  }, onError)
  return {
    get me() {
      return asked
    },
  }
}
