import { describe, expect, it } from 'vitest'
import { ApiClient, ApiError } from '../../client/src/lib/api.ts'
import {
  MESSAGES,
  apiErrorFromResponse,
  loginErrorMessage,
  networkError,
  tooManyAttemptsMessage,
} from '../../client/src/lib/api-error.ts'

interface Sent {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  credentials: RequestCredentials | undefined
}

/** A fetch that records requests and answers from a list. */
function fakeFetch(...answers: (Response | Error)[]): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    sent.push({
      url: requestUrl(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
      credentials: init?.credentials,
    })
    const answer = answers.shift()
    if (answer === undefined) throw new Error('unexpected request')
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
  }
  return { fetch, sent }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

describe('apiErrorFromResponse', () => {
  it.each([
    [401, MESSAGES.sessionExpired],
    [403, MESSAGES.forbidden],
    [404, MESSAGES.notFound],
    [409, MESSAGES.conflict],
    [400, MESSAGES.invalid],
    [422, MESSAGES.invalid],
    [500, MESSAGES.serverFault],
    [502, MESSAGES.unreachable],
    [503, MESSAGES.unreachable],
    [418, 'İstek tamamlanamadı (HTTP 418).'],
  ])('HTTP %i → %s', (status, message) => {
    expect(apiErrorFromResponse(status, null, null).message).toBe(message)
  })

  it("shows the server's reason for a refusal, and its reasons per field", () => {
    const one = apiErrorFromResponse(
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'Gönderilen bilgiler geçersiz.',
          details: { issues: [{ path: 'to', message: 'Bitiş tarihi başlangıçtan önce olamaz.', code: 'x' }] },
        },
      },
      null,
    )
    expect(one).toBeInstanceOf(ApiError)
    expect(one.code).toBe('validation_failed')
    expect(one.message).toBe('Bitiş tarihi başlangıçtan önce olamaz.')
    expect(one.issues).toEqual([{ path: 'to', message: 'Bitiş tarihi başlangıçtan önce olamaz.' }])

    const two = apiErrorFromResponse(
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'Gönderilen bilgiler geçersiz.',
          details: {
            issues: [
              { path: 'subject', message: 'Boş bırakılamaz.' },
              { path: 'phones.0.number', message: 'Numara rakam içermiyor' },
            ],
          },
        },
      },
      null,
    )
    expect(two.message).toBe('2 alanda düzeltme gerekiyor; her birinin nedeni alanın altında.')
    expect(two.issues.map((i) => i.path)).toEqual(['subject', 'phones.0.number'])

    const conflict = apiErrorFromResponse(
      409,
      { error: { code: 'no_extension', message: 'Dahili yok.' } },
      null,
    )
    expect(conflict.message).toBe('Dahili yok.')
  })

  it('never shows what a server fault says', () => {
    const error = apiErrorFromResponse(500, { error: { code: 'internal_error', message: 'stack…' } }, null)
    expect(error.message).toBe(MESSAGES.serverFault)
  })

  it.each([
    [503, 'pbx_unreachable', 'Aktarım yapılamadı: santrale ulaşılamıyor (bağlantı yok).'],
    [504, 'pbx_timeout', 'Mola verilemedi: santral zamanında yanıt vermedi.'],
    [502, 'pbx_refused', 'Aktarım yapılamadı: santral reddetti: “No such channel”.'],
  ] as const)(
    'a PBX problem (%i %s) shows the server’s sentence, not “server unreachable”',
    (status, kind, said) => {
      const body = { error: { code: kind, kind, message: said } }
      const error = apiErrorFromResponse(status, body, null)
      expect([error.message, error.kind]).toEqual([said, kind])
      expect(error.message).not.toBe(MESSAGES.unreachable)
    },
  )

  it('a 502 without Pano’s error body (a proxy in front) still reads as the server being unreachable', () => {
    expect(apiErrorFromResponse(502, '<html>Bad Gateway</html>', null).message).toBe(MESSAGES.unreachable)
  })

  it('an internal fault never shows its text even when the body claims a kind it does not have', () => {
    const body = { error: { code: 'internal_error', kind: 'made_up', message: 'stack at x.ts:1' } }
    const error = apiErrorFromResponse(500, body, null)
    expect([error.message, error.kind]).toEqual([MESSAGES.serverFault, 'internal'])
  })

  it.each([null, 'not json', { error: 'boom' }, { error: { message: 'no code' } }, []])(
    'falls back to http_<status> for a body without an error code: %j',
    (body) => {
      expect(apiErrorFromResponse(500, body, null).code).toBe('http_500')
    },
  )
})

describe('tooManyAttemptsMessage', () => {
  it.each([
    ['30', 'Çok fazla deneme yapıldı. Lütfen 30 saniye sonra yeniden deneyin.'],
    ['61', 'Çok fazla deneme yapıldı. Lütfen 2 dakika sonra yeniden deneyin.'],
    ['900', 'Çok fazla deneme yapıldı. Lütfen 15 dakika sonra yeniden deneyin.'],
    [null, 'Çok fazla deneme yapıldı. Lütfen biraz bekleyip yeniden deneyin.'],
    ['Wed, 21 Oct 2026 07:28:00 GMT', 'Çok fazla deneme yapıldı. Lütfen biraz bekleyip yeniden deneyin.'],
    ['0', 'Çok fazla deneme yapıldı. Lütfen biraz bekleyip yeniden deneyin.'],
  ])('Retry-After %s', (retryAfter, message) => {
    expect(tooManyAttemptsMessage(retryAfter)).toBe(message)
  })
})

describe('loginErrorMessage', () => {
  it('reads a 401 on the sign-in form as wrong credentials', () => {
    expect(loginErrorMessage(apiErrorFromResponse(401, null, null))).toBe('Kullanıcı adı veya parola hatalı.')
  })

  it('passes on the rate-limit and unreachable messages', () => {
    expect(loginErrorMessage(apiErrorFromResponse(429, null, '60'))).toBe(
      'Çok fazla deneme yapıldı. Lütfen 1 dakika sonra yeniden deneyin.',
    )
    expect(loginErrorMessage(networkError())).toBe(MESSAGES.unreachable)
  })

  it('does not show a programming error to the user', () => {
    expect(loginErrorMessage(new TypeError('x is undefined'))).toBe(MESSAGES.serverFault)
  })
})

describe('ApiClient', () => {
  it('sends JSON with same-origin cookies and parses the answer', async () => {
    const { fetch, sent } = fakeFetch(json(200, { id: 7 }))
    const api = new ApiClient({ fetch })
    api.csrfToken = 'tok-1'
    expect(await api.post<{ id: number }>('/api/v1/tickets', { subject: 'Çukur' })).toEqual({ id: 7 })
    expect(sent[0]).toMatchObject({
      url: '/api/v1/tickets',
      method: 'POST',
      body: '{"subject":"Çukur"}',
      credentials: 'same-origin',
    })
    expect(sent[0]?.headers['content-type']).toBe('application/json')
  })

  it('adds the CSRF header to state-changing calls only', async () => {
    const { fetch, sent } = fakeFetch(
      json(200, {}),
      json(200, {}),
      json(200, {}),
      json(200, {}),
      json(200, {}),
    )
    const api = new ApiClient({ fetch })
    api.csrfToken = 'tok-1'
    await api.get('/a')
    await api.post('/b', {})
    await api.put('/c', {})
    await api.patch('/d', {})
    await api.delete('/e')
    expect(sent.map((s) => [s.method, s.headers['x-csrf-token']])).toEqual([
      ['GET', undefined],
      ['POST', 'tok-1'],
      ['PUT', 'tok-1'],
      ['PATCH', 'tok-1'],
      ['DELETE', 'tok-1'],
    ])
  })

  it('looks the CSRF token up once when a button is pressed before the screen knew it', async () => {
    const { fetch, sent } = fakeFetch(json(200, { csrfToken: 'tok-9' }), json(200, {}), json(200, {}))
    const api = new ApiClient({ fetch })
    await Promise.all([api.post('/api/v1/desk/pause', {}), api.post('/api/v1/desk/unpause', {})])
    expect(sent.map((s) => [s.method, s.url, s.headers['x-csrf-token']])).toEqual([
      ['GET', '/api/v1/auth/me', undefined],
      ['POST', '/api/v1/desk/pause', 'tok-9'],
      ['POST', '/api/v1/desk/unpause', 'tok-9'],
    ])
  })

  it('sends a call without a token when nobody is signed in, and signing in looks nothing up', async () => {
    const unauthorized = () => json(401, { error: { code: 'unauthenticated', message: '' } })
    const { fetch, sent } = fakeFetch(unauthorized(), unauthorized(), json(200, {}))
    const ended: ApiError[] = []
    const api = new ApiClient({ fetch, onUnauthorized: (e) => ended.push(e) })
    await expect(api.post('/api/v1/tickets', {})).rejects.toMatchObject({ status: 401 })
    await api.post('/api/v1/auth/login', {}, { beforeSession: true })
    expect(sent.map((s) => [s.method, s.url, s.headers['x-csrf-token']])).toEqual([
      ['GET', '/api/v1/auth/me', undefined],
      ['POST', '/api/v1/tickets', undefined],
      ['POST', '/api/v1/auth/login', undefined],
    ])
    // The lookup's 401 was expected; the call's own 401 ends the session.
    expect(ended).toHaveLength(1)
  })

  it('does not replace a token the server refused: the page may show another user than the session', async () => {
    const refused = json(403, { error: { code: 'csrf_failed', message: 'Güvenlik belirteci' } })
    const { fetch, sent } = fakeFetch(refused)
    const api = new ApiClient({ fetch })
    api.csrfToken = 'tok-old'
    await expect(api.post('/api/v1/tickets', {})).rejects.toMatchObject({ status: 403, code: 'csrf_failed' })
    expect(sent.map((s) => [s.method, s.headers['x-csrf-token']])).toEqual([['POST', 'tok-old']])
  })

  it('treats 204 and an empty body as no content', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }), new Response('', { status: 200 }))
    const api = new ApiClient({ fetch })
    api.csrfToken = 'tok-1'
    expect(await api.post('/api/v1/auth/logout')).toBeUndefined()
    expect(await api.get('/bos')).toBeUndefined()
  })

  it('turns an unreachable server into status 0 with a Turkish message', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'))
    const error = await new ApiClient({ fetch }).get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 0, code: 'network', message: MESSAGES.unreachable })
  })

  it('reports a 2xx that is not JSON as a bad response', async () => {
    const { fetch } = fakeFetch(new Response('<html>', { status: 200 }))
    const error = await new ApiClient({ fetch }).get('/x').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_response', message: MESSAGES.badResponse })
  })

  it('maps an HTML error page by its status', async () => {
    const { fetch } = fakeFetch(new Response('<h1>Bad Gateway</h1>', { status: 502 }))
    const error = await new ApiClient({ fetch }).get('/x').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: MESSAGES.unreachable })
  })

  it('uses Retry-After on 429', async () => {
    const { fetch } = fakeFetch(
      json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '45' }),
    )
    const error = await new ApiClient({ fetch })
      .post('/api/v1/auth/login', {}, { beforeSession: true })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' })
    expect((error as ApiError).message).toContain('45 saniye')
  })

  it('reports an unexpected 401 once as the end of the session, an expected one not at all', async () => {
    const unauthorized = () => json(401, { error: { code: 'unauthenticated', message: '' } })
    const { fetch } = fakeFetch(unauthorized(), unauthorized())
    const ended: ApiError[] = []
    const api = new ApiClient({ fetch, onUnauthorized: (e) => ended.push(e) })
    await expect(api.get('/api/v1/auth/me', { expectUnauthorized: true })).rejects.toBeInstanceOf(ApiError)
    expect(ended).toHaveLength(0)
    await expect(api.get('/api/v1/tickets')).rejects.toMatchObject({ status: 401 })
    expect(ended.map((e) => e.message)).toEqual([MESSAGES.sessionExpired])
  })
})

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  return input instanceof URL ? input.href : input.url
}
