import type { RequestHandler } from 'express'
import { AppError } from '../errors.ts'

/**
 * A request body the API cannot read is refused as such (415), instead of being read as an empty body
 * whose required fields then look missing. The API reads JSON (`application/json`, the one type the
 * parser in server/app.ts is given); multipart only on the routes that read their own files
 * (http/multipart.ts), named by the caller, e.g. the public form's `POST /public/applications`.
 */
export const JSON_TYPES = ['application/json']

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length']
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

export interface MultipartRoute {
  method: string
  /** Under the API router, e.g. `/public/applications`. */
  path: string
}

/** `/public/applications/` and `/Public/Applications` reach the same route (Express's defaults). */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\/+$/, '').toLowerCase()}`
}

export function requireReadableBody(multipartRoutes: readonly MultipartRoute[] = []): RequestHandler {
  const multipart = new Set(multipartRoutes.map((r) => routeKey(r.method, r.path)))
  return (req, _res, next) => {
    if (
      !hasBody(req.headers) ||
      req.is(JSON_TYPES) !== false ||
      (req.is('multipart/form-data') !== false && multipart.has(routeKey(req.method, req.path)))
    ) {
      next()
      return
    }
    next(
      new AppError(
        415,
        'unsupported_media_type',
        'İstek gövdesi JSON olmalı (Content-Type: application/json).',
      ),
    )
  }
}
