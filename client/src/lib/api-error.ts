/** Failed API calls as one typed error with a Turkish message a user can act on. Pure. */
import {
  ERROR_KINDS,
  PBX_ERROR_KINDS,
  type ApiErrorBody,
  type ErrorKind,
} from '../../../server/contract/errors.ts'

/** One field the server refused: `path` as the request body names it (`phones.0.number`). */
export interface FieldIssue {
  readonly path: string
  readonly message: string
}

/** `status` 0 means the server was not reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** The server's reasons per field (a 400 `validation_failed`); empty otherwise. */
  readonly issues: readonly FieldIssue[]
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The server's own (Turkish) sentence, for the few answers whose reason only it knows (a 409). */
    readonly serverMessage?: string,
    /** The server's error kind (server/contract/errors.ts); `internal` when it sent none. */
    readonly kind: ErrorKind = 'internal',
  ) {
    super(message)
    this.issues = issuesOf(details)
  }
}

export const MESSAGES = {
  unreachable: 'Sunucuya ulaşılamıyor. Bağlantınızı kontrol edip yeniden deneyin.',
  badCredentials: 'Kullanıcı adı veya parola hatalı.',
  sessionExpired: 'Oturumunuzun süresi doldu. Lütfen yeniden giriş yapın.',
  /** The server closed the page's live connection and the session with it (lib/session.svelte.ts recheck). */
  sessionEnded:
    'Oturumunuz kapatıldı: başka bir pencereden çıkış yapılmış ya da hesabınız yönetici tarafından değiştirilmiş olabilir. Lütfen yeniden giriş yapın.',
  forbidden: 'Bu işlem için yetkiniz yok.',
  notFound: 'Aranan kayıt bulunamadı.',
  conflict: 'Kayıt bu arada değişti. Sayfayı yenileyip yeniden deneyin.',
  invalid: 'Gönderilen bilgiler geçersiz. Lütfen alanları kontrol edin.',
  serverFault: 'Sunucuda beklenmeyen bir hata oluştu. Lütfen biraz sonra yeniden deneyin.',
  badResponse: 'Sunucudan anlaşılamayan bir yanıt geldi.',
} as const

export function networkError(): ApiError {
  return new ApiError(0, 'network', MESSAGES.unreachable)
}

/**
 * Maps a failed response to an ApiError. The server words its refusals in Turkish for the person at the
 * screen (server/errors.ts, server/http/validation-messages.ts), so a 4xx shows the server's own reason
 * ("Numara rakam içermiyor"); a refused form keeps the reasons per field in `issues`. Only an expired
 * session, a rate limit and server faults are worded here.
 */
export function apiErrorFromResponse(status: number, body: unknown, retryAfter: string | null): ApiError {
  const parsed = readErrorBody(body)
  const code = parsed?.code ?? `http_${status}`
  const message = upstreamReason(parsed) ?? serverReason(status, parsed) ?? messageFor(status, retryAfter)
  const said = parsed?.message.trim() ?? ''
  return new ApiError(
    status,
    code,
    message,
    parsed?.details,
    said === '' ? undefined : said,
    parsed?.kind ?? 'internal',
  )
}

/**
 * Pano answered but the PBX (or a service it sends through) did not: the server's sentence says which of
 * refused (with Asterisk's own words), unreachable or timed out, and must not read as "server
 * unreachable, check your connection".
 */
function upstreamReason(parsed: ApiErrorBody['error'] | null): string | null {
  if (parsed === null || !(PBX_ERROR_KINDS.has(parsed.kind) || parsed.kind === 'unavailable')) return null
  const text = parsed.message.trim()
  return text === '' ? null : text.slice(0, 400)
}

/** The server's own words for a refusal the user can act on; null where the client words it. */
function serverReason(status: number, parsed: ApiErrorBody['error'] | null): string | null {
  if (parsed === null || status < 400 || status >= 500 || status === 401 || status === 429) return null
  const issues = issuesOf(parsed.details)
  if (issues.length === 1) return issues[0]?.message ?? null
  if (issues.length > 1)
    return `${issues.length} alanda düzeltme gerekiyor; her birinin nedeni alanın altında.`
  const text = parsed.message.trim()
  return text === '' ? null : text.slice(0, 300)
}

function issuesOf(details: unknown): FieldIssue[] {
  if (typeof details !== 'object' || details === null || !('issues' in details)) return []
  const raw: unknown = details.issues
  if (!Array.isArray(raw)) return []
  return raw.flatMap((i: unknown): FieldIssue[] => {
    if (typeof i !== 'object' || i === null) return []
    const path = 'path' in i && typeof i.path === 'string' ? i.path : ''
    const message = 'message' in i && typeof i.message === 'string' ? i.message.trim() : ''
    return message === '' ? [] : [{ path, message: message.slice(0, 300) }]
  })
}

function messageFor(status: number, retryAfter: string | null): string {
  if (status === 401) return MESSAGES.sessionExpired
  if (status === 403) return MESSAGES.forbidden
  if (status === 404) return MESSAGES.notFound
  if (status === 409) return MESSAGES.conflict
  if (status === 400 || status === 422) return MESSAGES.invalid
  if (status === 429) return tooManyAttemptsMessage(retryAfter)
  if (status === 502 || status === 503 || status === 504) return MESSAGES.unreachable
  if (status >= 500) return MESSAGES.serverFault
  return `İstek tamamlanamadı (HTTP ${status}).`
}

export function tooManyAttemptsMessage(retryAfter: string | null): string {
  const seconds = retryAfter === null || !/^\d+$/.test(retryAfter.trim()) ? null : Number(retryAfter.trim())
  if (seconds === null || seconds <= 0)
    return 'Çok fazla deneme yapıldı. Lütfen biraz bekleyip yeniden deneyin.'
  const wait = seconds < 60 ? `${seconds} saniye` : `${Math.ceil(seconds / 60)} dakika`
  return `Çok fazla deneme yapıldı. Lütfen ${wait} sonra yeniden deneyin.`
}

/** On the sign-in form a 401 means wrong credentials, not an expired session. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return MESSAGES.serverFault
  if (error.status === 401 || error.status === 400 || error.status === 422) return MESSAGES.badCredentials
  return error.message
}

function readErrorBody(body: unknown): ApiErrorBody['error'] | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const error: unknown = body.error
  if (typeof error !== 'object' || error === null) return null
  const code = 'code' in error && typeof error.code === 'string' ? error.code : null
  const message = 'message' in error && typeof error.message === 'string' ? error.message : ''
  if (code === null) return null
  const said = 'kind' in error ? error.kind : null
  const kind = ERROR_KINDS.find((k) => k === said) ?? 'internal'
  return 'details' in error ? { code, kind, message, details: error.details } : { code, kind, message }
}
