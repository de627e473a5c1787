import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Request, RequestHandler } from 'express'
import { pinoHttp } from 'pino-http'
import type { Logger } from '../logger.ts'
import './request-context.ts'

/**
 * Request logs through pino-http: each request gets a child logger with a request id (also sent back as
 * `X-Request-Id`) and one line when the response ends. Only method, path, status, duration, ip and user
 * id are logged: never headers, so never cookies or tokens.
 *
 * Levels keep a working day's log readable: reads that succeed are `debug` (a wallboard polls, a desk
 * reloads: thousands a day), changes and refusals are `info`, answers of an unavailable PBX or
 * dependency `warn`, Pano's own failures `error`.
 */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

type Req = IncomingMessage & Partial<Pick<Request, 'principal' | 'ip' | 'originalUrl'>>

function fieldsOf(req: Req, res: ServerResponse, responseTime: unknown) {
  return {
    method: req.method,
    path: (req.originalUrl ?? req.url ?? '').split('?')[0],
    status: res.statusCode,
    ms: typeof responseTime === 'number' ? Math.round(responseTime * 10) / 10 : undefined,
    ip: req.ip,
    userId: req.principal?.userId,
  }
}

export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp<Req, ServerResponse>({
    logger,
    // Both: pino-http would otherwise bind the whole request (URL with its query, headers) to the line.
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const id = randomUUID()
      ;(req as Req & { requestId?: string }).requestId = id
      res.setHeader('X-Request-Id', id)
      return id
    },
    customLogLevel: (req, res, err) => {
      // 500 is Pano's own fault; 502–504 are the PBX's answers or a dependency away (docs/errors.md §3).
      if (res.statusCode === 500 || err !== undefined) return 'error'
      if (res.statusCode > 500) return 'warn'
      if (res.statusCode >= 400 || !READS.has(req.method ?? 'GET')) return 'info'
      return 'debug'
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime?: number }) => fieldsOf(req, res, val.responseTime),
    customErrorObject: (req, res, _err, val: { responseTime?: number }) =>
      fieldsOf(req, res, val.responseTime),
  })
  return (req, res, next) => {
    middleware(req as Req, res, next)
  }
}
