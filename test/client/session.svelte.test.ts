import { describe, expect, it } from 'vitest'
import type { MeView } from '../../server/contract/auth.ts'
import { ApiClient } from '../../client/src/lib/api.ts'
import { MESSAGES } from '../../client/src/lib/api-error.ts'
import { Session } from '../../client/src/lib/session.svelte.ts'

const ME: MeView = {
  id: 3,
  username: 'agent1',
  displayName: 'Ayşe Yılmaz',
  role: 'agent',
  unit: null,
  views: ['desk', 'tickets'],
  csrfToken: 'csrf-123',
  mustChangePassword: false,
  system: { mode: 'demo', simulator: false, warnings: [] },
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const unauthorized = () => json(401, { error: { code: 'unauthenticated', message: 'no session' } })
/** What `GET /auth/session` answers on load: 200 either way, so a first visit logs no failed request. */
const signedInAs = (me: MeView) => json(200, { signedIn: true, me })
const noSession = () => json(200, { signedIn: false })

/** A session over a fake server answering from a list; `sent` records method, path and CSRF header. */
function sessionWith(...answers: (Response | Error)[]) {
  const sent: string[] = []
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const csrf = (init?.headers as Record<string, string> | undefined)?.['x-csrf-token']
    sent.push(`${init?.method ?? 'GET'} ${requestUrl(input)}${csrf === undefined ? '' : ` csrf=${csrf}`}`)
    const answer = answers.shift()
    if (answer === undefined) return Promise.reject(new Error('unexpected request'))
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
  }
  const api = new ApiClient({ fetch, onUnauthorized: () => session.expire() })
  const session = new Session(api)
  return { session, api, sent }
}

describe('Session.restore', () => {
  it('picks up a session the server still knows', async () => {
    const { session } = sessionWith(signedInAs(ME))
    expect(session.status).toBe('checking')
    await session.restore()
    expect(session.status).toBe('signed-in')
    expect(session.me?.displayName).toBe('Ayşe Yılmaz')
  })

  it('shows the sign-in page without a message when there is no session', async () => {
    const { session } = sessionWith(noSession())
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(session.notice).toBeNull()
  })

  it('says so when the server cannot be reached', async () => {
    const { session } = sessionWith(new TypeError('Failed to fetch'))
    await session.restore()
    expect(session.status).toBe('signed-out')
    expect(session.notice).toEqual({ text: MESSAGES.unreachable, tone: 'error' })
  })
})

describe('Session.login', () => {
  it('signs in, then loads the user and remembers the CSRF token for later calls', async () => {
    const { session, sent } = sessionWith(
      json(200, { ok: true }),
      json(200, ME),
      new Response(null, { status: 204 }),
    )
    expect(await session.login('agent1', 'demo')).toBeNull()
    expect(session.status).toBe('signed-in')
    expect(session.me?.views).toEqual(['desk', 'tickets'])
    await session.logout()
    expect(sent).toEqual([
      'POST /api/v1/auth/login',
      'GET /api/v1/auth/me',
      'POST /api/v1/auth/logout csrf=csrf-123',
    ])
  })

  it('answers a wrong password in Turkish and stays signed out', async () => {
    const { session } = sessionWith(json(401, { error: { code: 'invalid_credentials', message: 'Invalid' } }))
    expect(await session.login('agent1', 'yanlis')).toBe('Kullanıcı adı veya parola hatalı.')
    expect(session.status).not.toBe('signed-in')
    expect(session.me).toBeNull()
  })

  it('passes on the rate-limit message', async () => {
    const limited = new Response(JSON.stringify({ error: { code: 'rate_limited', message: '' } }), {
      status: 429,
      headers: { 'retry-after': '120' },
    })
    const { session } = sessionWith(limited)
    expect(await session.login('agent1', 'demo')).toBe(
      'Çok fazla deneme yapıldı. Lütfen 2 dakika sonra yeniden deneyin.',
    )
  })

  it('clears the earlier notice once signed in', async () => {
    const { session } = sessionWith(new TypeError('offline'), json(200, {}), json(200, ME))
    await session.restore()
    expect(session.notice).not.toBeNull()
    await session.login('agent1', 'demo')
    expect(session.notice).toBeNull()
  })
})

describe('session expiry', () => {
  it('a 401 from any later call signs the user out with a message', async () => {
    const { session, api } = sessionWith(signedInAs(ME), unauthorized())
    await session.restore()
    await expect(api.get('/api/v1/tickets')).rejects.toMatchObject({ status: 401 })
    expect(session.status).toBe('signed-out')
    expect(session.me).toBeNull()
    expect(session.notice).toEqual({ text: MESSAGES.sessionExpired, tone: 'error' })
    expect(api.csrfToken).toBeNull()
  })

  it('does nothing when nobody is signed in', async () => {
    const { session } = sessionWith(noSession())
    await session.restore()
    session.expire()
    expect(session.notice).toBeNull()
  })
})

describe('Session.refresh', () => {
  it('notices a session the server has ended and says so', async () => {
    const { session } = sessionWith(signedInAs(ME), unauthorized())
    await session.restore()
    await session.refresh()
    expect(session.status).toBe('signed-out')
    expect(session.notice).toEqual({ text: MESSAGES.sessionExpired, tone: 'error' })
  })

  it('takes a changed view list at once', async () => {
    const { session } = sessionWith(signedInAs(ME), json(200, { ...ME, views: ['tickets'] }))
    await session.restore()
    await session.refresh()
    expect(session.me?.views).toEqual(['tickets'])
  })

  it('keeps the session while the server cannot be reached', async () => {
    const { session } = sessionWith(signedInAs(ME), new TypeError('Failed to fetch'))
    await session.restore()
    await session.refresh()
    expect(session.status).toBe('signed-in')
    expect(session.notice).toBeNull()
  })

  it('asks nothing when nobody is signed in', async () => {
    const { session, sent } = sessionWith(noSession())
    await session.restore()
    await session.refresh()
    expect(sent).toEqual(['GET /api/v1/auth/session'])
  })
})

describe('Session.logout', () => {
  it('returns to the sign-in page with a confirmation', async () => {
    const { session, api } = sessionWith(signedInAs(ME), new Response(null, { status: 204 }))
    await session.restore()
    expect(await session.logout()).toBeNull()
    expect(session.status).toBe('signed-out')
    expect(session.notice).toEqual({ text: 'Oturumunuz kapatıldı.', tone: 'info' })
    expect(api.csrfToken).toBeNull()
  })

  it('counts a session the server had already forgotten as signed out', async () => {
    const { session } = sessionWith(signedInAs(ME), unauthorized())
    await session.restore()
    expect(await session.logout()).toBeNull()
    expect(session.status).toBe('signed-out')
  })

  it('stays signed in and says why when the server could not be told', async () => {
    const { session } = sessionWith(signedInAs(ME), new TypeError('Failed to fetch'))
    await session.restore()
    expect(await session.logout()).toBe(MESSAGES.unreachable)
    expect(session.status).toBe('signed-in')
  })
})

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  return input instanceof URL ? input.href : input.url
}
