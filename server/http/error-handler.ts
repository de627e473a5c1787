/**
 * The one mapper from thrown errors to HTTP responses (docs/style-guide.md §3.5). AppErrors keep their status,
 * code and message; zod errors become 400 with field issues; body-parser failures keep their 4xx status;
 * anything else is a 500 whose text stays in the log (with the request context), never in the response.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { z } from 'zod'
import type { ApiErrorBody } from '../contract/auth.ts'
import { AppError, NotFoundError, ValidationError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import './request-context.ts'

const INTERNAL_MESSAGE = 'Beklenmeyen bir hata oluştu. Lütfen tekrar deneyin.'

/** http-errors shape (body-parser, serve-static): a client error with `status` and maybe `type`. */
function isHttpClientError(e: unknown): e is Error & { status: number; type?: string } {
  if (!(e instanceof Error)) return false
  const status = (e as { status?: unknown }).status
  return typeof status === 'number' && status >= 400 && status < 500
}

const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'invalid_json', message: 'İstek gövdesi geçerli JSON değil.' },
  'entity.too.large': { code: 'payload_too_large', message: 'İstek gövdesi çok büyük.' },
  'encoding.unsupported': { code: 'unsupported_encoding', message: 'Desteklenmeyen karakter kodlaması.' },
  'charset.unsupported': { code: 'unsupported_encoding', message: 'Desteklenmeyen karakter kodlaması.' },
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof z.ZodError) return ValidationError.fromZod(error)
  if (isHttpClientError(error)) {
    const known = error.type === undefined ? undefined : BODY_ERRORS[error.type]
    if (!known && error.status === 404) return new NotFoundError('Aranan dosya bulunamadı.')
    // Our own wording only: their messages may name files and paths.
    return new AppError(error.status, known?.code ?? 'bad_request', known?.message ?? 'İstek işlenemedi.')
  }
  return null
}

export function errorHandler(fallbackLogger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    const log = (req.log as Logger | undefined) ?? fallbackLogger
    const known = toAppError(error)
    const status = known?.status ?? 500
    const context = { method: req.method, path: req.originalUrl.split('?')[0], userId: req.principal?.userId }
    let body: ApiErrorBody
    if (known && status < 500) {
      body = { error: { code: known.code, message: known.message } }
      if (known.details !== undefined) body.error.details = known.details
      for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value)
      log.debug({ ...context, code: known.code, status }, 'request rejected')
    } else {
      log.error({ ...context, err: error }, 'request failed with a server error')
      body = { error: { code: known?.code ?? 'internal_error', message: INTERNAL_MESSAGE } }
    }
    res.status(status).json(body)
  }
}

/** Unknown routes under /api answer 404 JSON instead of falling through to the SPA. */
export function apiNotFound(): RequestHandler {
  return (req, _res, next) => {
    next(
      new NotFoundError(`Böyle bir API yolu yok: ${req.method} ${req.baseUrl}${req.path}`, 'route_not_found'),
    )
  }
}
