/**
 * The HTTP side of the one error model (server/error-response.ts, docs/errors.md): every failed request
 * answers `{ error: { code, kind, message, details? } }` with the error's status, logged as loud as the
 * failure deserves, with the request's method, path and user.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { ApiErrorBody } from '../contract/errors.ts'
import { errorAnswer } from '../error-response.ts'
import { NotFoundError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import './request-context.ts'

export function errorHandler(fallbackLogger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    const log = (req.log as Logger | undefined) ?? fallbackLogger
    const answer = errorAnswer(error)
    const context = {
      method: req.method,
      path: req.originalUrl.split('?')[0],
      userId: req.principal?.userId,
      status: answer.status,
      code: answer.error.code,
    }
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
    if (answer.log === 'debug') log.debug(context, 'request rejected')
    else if (answer.log === 'warn')
      log.warn(
        { ...context, reason: answer.error.message, details: answer.error.details },
        'request failed upstream',
      )
    else log.error({ ...context, err: error }, 'request failed with a server error')
    const body: ApiErrorBody = { error: answer.error }
    res.status(answer.status).json(body)
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
