/**
 * What the middlewares attach to every request: a per-request logger (request-logger.ts) and, once
 * authenticated (auth/authenticate.ts), the principal.
 */
import type { Logger } from '../logger.ts'
import type { UserPrincipal } from '../auth/principal.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      log: Logger
      requestId: string
      /** HTTP requests are made by users (sessions or API tokens); kiosks only use sockets. */
      principal?: UserPrincipal
    }
  }
}

export {}
