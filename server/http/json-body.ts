import type { RequestHandler } from 'express'
import { AppError } from '../errors.ts'

/**
 * A request body the API cannot read is refused as such (415), instead of being read as an empty body
 * whose required fields then look missing. JSON everywhere; multipart only where the public form reads
 * its own files (http/multipart.ts).
 */
const READABLE = ['application/json', '+json', 'multipart/form-data']

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length']
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

export const requireReadableBody: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers) || req.is(READABLE) !== false) {
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
