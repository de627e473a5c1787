/**
 * The one error model of Pano's API (docs/errors.md): every failed HTTP call answers
 * `{ error: ApiError }` and every refused socket acknowledgement carries an `ApiError` too. `kind` is the
 * small, fixed set a screen decides on; `code` is the precise reason a test or log names; `message` is
 * Turkish and meant for the person at the screen; `details` holds only what is safe to show (for a PBX
 * refusal, Asterisk's own words in `pbxMessage`).
 */

export const ERROR_KINDS = [
  'invalid_input',
  'unauthenticated',
  'not_allowed',
  'not_found',
  'conflict',
  'too_many_requests',
  'pbx_refused',
  'pbx_unreachable',
  'pbx_timeout',
  'unavailable',
  'internal',
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

/** The HTTP status each kind answers with unless a narrower one applies (410 Gone is a `not_found`). */
export const KIND_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid_input: 400,
  unauthenticated: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  pbx_refused: 502,
  pbx_unreachable: 503,
  pbx_timeout: 504,
  unavailable: 503,
  internal: 500,
}

/** The kind a status means when the thrower did not name one. */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthenticated'
  if (status === 403 || status === 421) return 'not_allowed'
  if (status === 404 || status === 410) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 429) return 'too_many_requests'
  if (status >= 400 && status < 500) return 'invalid_input'
  if (status === 503) return 'unavailable'
  return 'internal'
}

/** Kinds whose cause is the PBX, not Pano: the screen shows them beside the action that failed. */
export const PBX_ERROR_KINDS: ReadonlySet<ErrorKind> = new Set([
  'pbx_refused',
  'pbx_unreachable',
  'pbx_timeout',
])

export interface ApiError {
  code: string
  kind: ErrorKind
  message: string
  details?: unknown
}

/** Error body of every failed API call. */
export interface ApiErrorBody {
  error: ApiError
}

/** What a PBX refusal's `details` hold: Asterisk's `Message:` and the action it answered. */
export interface PbxRefusalDetails {
  pbxMessage: string
  action: string
}
