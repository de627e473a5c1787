/**
 * The session when the server closes the page's live connection (lib/socket.ts onServerDisconnect): a
 * session it ended goes to the sign-in page with the reason; a held one stays; a change of one's own
 * password (which closes one's sockets before the new cookie arrives) is waited for, not mistaken for an
 * ended session. And the forced password change ends in the app with the user read again.
 */
import { describe, expect, it } from 'vitest'
import type { MeView } from '../../server/contract/auth.ts'
import { ApiClient } from '../../client/src/lib/api.ts'
import { MESSAGES } from '../../client/src/lib/api-error.ts'
import { Session } from '../../client/src/lib/session.svelte.ts'

const ME: MeView = {
  id: 7,
  username: 'temsilci.4101',
  displayName: 'Deniz Aksoy',
  role: 'agent',
  unit: null,
  views: ['desk', 'tickets'],
  csrfToken: 'csrf-1',
  mustChangePassword: false,
  system: { mode: 'production', simulator: false, warnings: [] },
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const unauthorized = () => json(401, { error: { code: 'unauthorized', message: 'no session' } })

const urlOf = (input: RequestInfo | URL): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url

/** A server whose answers the test hands out one by one, in the order the requests arrive. */
function controlledServer() {
  const pending: { request: string; answer: (r: Response) => void }[] = []
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    new Promise((resolve) => {
      pending.push({ request: `${init?.method ?? 'GET'} ${urlOf(input)}`, answer: resolve })
    })
  const api = new ApiClient({ fetch, onUnauthorized: () => session.expire() })
  const session = new Session(api)
  const flush = () => new Promise((r) => setTimeout(r, 0))
  async function answer(request: string, response: Response): Promise<void> {
    await flush()
    const next = pending.shift()
    expect(next?.request).toBe(request)
    next?.answer(response)
    await flush()
  }
  return { session, api, pending, answer, flush }
}

async function signedIn(me: MeView = ME) {
  const server = controlledServer()
  const restoring = server.session.restore()
  await server.answer('GET /api/v1/auth/session', json(200, { signedIn: true, me }))
  await restoring
  return server
}

describe('Session.recheck', () => {
  it('sends a page whose session the server ended to the sign-in page, saying why', async () => {
    const { session, answer } = await signedIn()
    const checking = session.recheck()
    await answer('GET /api/v1/auth/me', unauthorized())
    expect(await checking).toBe(false)
    expect(session.status).toBe('signed-out')
    expect(session.notice).toEqual({ text: MESSAGES.sessionEnded, tone: 'error' })
  })

  it('keeps a session the server still knows, so the caller reconnects', async () => {
    const { session, answer } = await signedIn()
    const checking = session.recheck()
    await answer('GET /api/v1/auth/me', json(200, { ...ME, displayName: 'Deniz Aksoy Yılmaz' }))
    expect(await checking).toBe(true)
    expect(session.me?.displayName).toBe('Deniz Aksoy Yılmaz')
  })

  it('keeps the session while the server cannot be reached (a restarting server)', async () => {
    const server = controlledServer()
    const restoring = server.session.restore()
    await server.answer('GET /api/v1/auth/session', json(200, { signedIn: true, me: ME }))
    await restoring
    const checking = server.session.recheck()
    await server.flush()
    server.pending.shift()?.answer(json(503, { error: { code: 'unavailable', message: '' } }))
    expect(await checking).toBe(true)
    expect(server.session.status).toBe('signed-in')
  })

  it('waits for the own password change that closed the sockets, then finds the new session', async () => {
    const { session, answer, pending, flush } = await signedIn()
    const changing = session.changePassword('Eski-Parola-2026', 'Yeni-Parola-2026')
    await flush()
    expect(pending.map((p) => p.request)).toEqual(['POST /api/v1/auth/password'])
    // The server closed the sockets before answering: the re-check must not ask with the old cookie.
    const checking = session.recheck()
    await flush()
    expect(pending.map((p) => p.request)).toEqual(['POST /api/v1/auth/password'])
    await answer('POST /api/v1/auth/password', new Response(null, { status: 204 }))
    await answer('GET /api/v1/auth/me', json(200, { ...ME, csrfToken: 'csrf-2' }))
    await changing
    await answer('GET /api/v1/auth/me', json(200, { ...ME, csrfToken: 'csrf-2' }))
    expect(await checking).toBe(true)
    expect(session.status).toBe('signed-in')
  })
})

describe('Session.changePassword', () => {
  it('ends a forced change in the app: the user is read again with views and a new CSRF token', async () => {
    const { session, api, answer } = await signedIn({ ...ME, views: [], mustChangePassword: true })
    expect(session.me?.mustChangePassword).toBe(true)
    const changing = session.changePassword('Gecici-Parola-4101', 'Kendi-Parolam-2026')
    await answer('POST /api/v1/auth/password', new Response(null, { status: 204 }))
    await answer('GET /api/v1/auth/me', json(200, { ...ME, csrfToken: 'csrf-new' }))
    await changing
    expect(session.me?.mustChangePassword).toBe(false)
    expect(session.me?.views).toEqual(['desk', 'tickets'])
    expect(api.csrfToken).toBe('csrf-new')
  })

  it('rejects with the server’s field issues and keeps the user where they were', async () => {
    const { session, answer } = await signedIn({ ...ME, views: [], mustChangePassword: true })
    const changing = session.changePassword('yanlis', 'Kendi-Parolam-2026')
    const refused = json(400, {
      error: {
        code: 'validation_failed',
        message: 'Gönderilen bilgiler geçersiz.',
        details: {
          issues: [{ path: 'currentPassword', message: 'Şu anki parolanız doğru değil.', code: 'x' }],
        },
      },
    })
    const outcome = expect(changing).rejects.toMatchObject({ status: 400 })
    await answer('POST /api/v1/auth/password', refused)
    await outcome
    expect(session.status).toBe('signed-in')
    expect(session.me?.mustChangePassword).toBe(true)
  })
})
