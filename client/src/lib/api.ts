/**
 * A small typed fetch wrapper: JSON in and out, same-origin cookies, the CSRF header on every
 * state-changing call, and failures as ApiError with a Turkish message.
 */
import { ApiError, MESSAGES, apiErrorFromResponse, networkError } from './api-error.ts'

export { ApiError } from './api-error.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface CallOptions {
  /** A 401 is an expected answer here (sign-in, the first session probe): do not end the session. */
  expectUnauthorized?: boolean
  signal?: AbortSignal
  /** Made before there is a session (signing in): no CSRF token to look up. */
  beforeSession?: boolean
}

export interface ApiClientOptions {
  fetch?: typeof fetch
  /** Called once per 401 from a call that did not expect one: the session has ended. */
  onUnauthorized?: (error: ApiError) => void
}

/** Who am I: the signed-in user's MeView, its CSRF token included (server/http/routes/auth.ts). */
export const ME_PATH = '/api/v1/auth/me'

export class ApiClient {
  /** Sent as `x-csrf-token` on POST, PUT, PATCH and DELETE once known (from MeView). */
  csrfToken: string | null = null
  readonly #fetch: typeof fetch
  readonly #onUnauthorized: (error: ApiError) => void
  /** The one lookup of the token in flight, shared by the calls that wait for it. */
  #tokenLookup: Promise<void> | null = null

  constructor(options: ApiClientOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#onUnauthorized = options.onUnauthorized ?? (() => {})
  }

  get<T>(path: string, options: CallOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options)
  }

  post<T>(path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body, options)
  }

  put<T>(path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, body, options)
  }

  patch<T>(path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body, options)
  }

  delete<T>(path: string, options: CallOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options)
  }

  async request<T>(method: Method, path: string, body: unknown, options: CallOptions): Promise<T> {
    if (method === 'GET') return this.#send<T>(method, path, body, options)
    // A button can be pressed before the screen's own "who am I" has answered (live state comes over the
    // socket first on a slow network): the token is looked up rather than the call refused.
    // A token that no longer holds (someone signed in again in another tab of this shared PC, perhaps as
    // another user) is not replaced here: the refusal asks for a reload, so nothing is done in the name
    // of a user this page does not show.
    if (this.csrfToken === null && options.beforeSession !== true) await this.#lookUpToken()
    return this.#send<T>(method, path, body, options)
  }

  #lookUpToken(): Promise<void> {
    this.#tokenLookup ??= this.get<{ csrfToken?: unknown }>(ME_PATH, { expectUnauthorized: true })
      .then(
        (me) => {
          if (typeof me.csrfToken === 'string') this.csrfToken = me.csrfToken
        },
        // Signed out or unreachable: the call goes without a token and the server's answer says why.
        () => undefined,
      )
      .finally(() => (this.#tokenLookup = null))
    return this.#tokenLookup
  }

  async #send<T>(method: Method, path: string, body: unknown, options: CallOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (body !== undefined) init.body = JSON.stringify(body)
    if (options.signal !== undefined) init.signal = options.signal

    let response: Response
    try {
      response = await this.#fetch(path, init)
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw networkError()
    }
    const payload = await readJson(response)
    if (!response.ok) {
      const error = apiErrorFromResponse(response.status, payload.value, response.headers.get('retry-after'))
      if (error.status === 401 && options.expectUnauthorized !== true) this.#onUnauthorized(error)
      throw error
    }
    if (!payload.ok) throw new ApiError(response.status, 'invalid_response', MESSAGES.badResponse)
    return payload.value as T
  }
}

async function readJson(response: Response): Promise<{ ok: boolean; value: unknown }> {
  if (response.status === 204) return { ok: true, value: undefined }
  const text = await response.text().catch(() => null)
  if (text === null) return { ok: false, value: undefined }
  if (text === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, value: undefined }
  }
}
