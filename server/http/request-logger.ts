import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { Logger } from '../logger.ts'
import './request-context.ts'

/**
 * Gives each request a child logger with a request id and logs one line when the response ends. Only
 * method, path, status, duration, ip and user id are logged: never headers, so never cookies or tokens.
 */
export function requestLogger(logger: Logger, now: () => number = () => performance.now()): RequestHandler {
  return (req, res, next) => {
    const started = now()
    req.requestId = randomUUID()
    req.log = logger.child({ reqId: req.requestId })
    res.setHeader('X-Request-Id', req.requestId)
    res.on('finish', () => {
      const fields = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round((now() - started) * 10) / 10,
        ip: req.ip,
        userId: req.principal?.userId,
      }
      if (res.statusCode >= 500) req.log.error(fields, 'request failed')
      else req.log.info(fields, 'request')
    })
    next()
  }
}
