/**
 * Errors the server throws on purpose. Each carries an HTTP status, one of the error kinds of
 * contract/errors.ts and a stable machine code; server/error-response.ts turns them into the `ApiError`
 * that HTTP answers and socket acknowledgements carry. Messages are Turkish because the client shows them
 * to users: a thrown AppError's message and details are always shown, whatever its status, so neither
 * may hold anything but what the person at the screen may read.
 */
import type { z } from 'zod'
import { kindOfStatus, type ErrorKind } from './contract/errors.ts'

export class AppError extends Error {
  readonly status: number
  readonly kind: ErrorKind
  readonly code: string
  readonly details: unknown
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; cause?: unknown; headers?: Record<string, string>; kind?: ErrorKind } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.status = status
    this.kind = options.kind ?? kindOfStatus(status)
    this.code = code
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Aradığınız kayıt bulunamadı.', code = 'not_found') {
    super(404, code, message)
  }
}

export interface FieldIssue {
  path: string
  message: string
  code: string
}

/** What was here is gone for good (a recording deleted by the retention run). */
export class GoneError extends AppError {
  constructor(message: string, code = 'gone') {
    super(410, code, message)
  }
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[]
  constructor(issues: FieldIssue[], message = 'Gönderilen bilgiler geçersiz.') {
    super(400, 'validation_failed', message, { details: { issues } })
    this.issues = issues
  }

  static fromZod(error: z.ZodError): ValidationError {
    return new ValidationError(
      error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
    )
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Oturum açmanız gerekiyor.', code = 'unauthorized') {
    super(401, code, message)
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Bu işlem için yetkiniz yok.', code = 'forbidden') {
    super(403, code, message)
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, details === undefined ? {} : { details })
  }
}

export class TooManyRequestsError extends AppError {
  readonly retryAfterSec: number
  constructor(
    retryAfterSec: number,
    message = 'Çok fazla deneme yapıldı. Lütfen daha sonra tekrar deneyin.',
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSec))
    super(429, 'too_many_requests', message, {
      details: { retryAfterSec: seconds },
      headers: { 'Retry-After': String(seconds) },
    })
    this.retryAfterSec = seconds
  }
}

/** A service Pano sends through (WhatsApp, e-mail) failed or timed out; the message says which and why. */
export class UpstreamError extends AppError {
  constructor(message = 'Bağlı bir servis şu anda yanıt vermiyor.', options: { cause?: unknown } = {}) {
    super(502, 'upstream_failed', message, { ...options, kind: 'unavailable' })
  }
}
