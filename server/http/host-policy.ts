/**
 * Which names this server answers to, against DNS rebinding and cross-site requests.
 * - A request whose `Host` (or, behind a proxy, `X-Forwarded-Host`) is not ours gets 421 on HTTP and is
 *   refused at the socket.io handshake (realtime/io.ts): a page on `evil.example` whose name was rebound
 *   to our address then reaches nothing.
 * - A state-changing request that carries an `Origin` must come from one of our names (403), signed in
 *   or not (sign-in included).
 * Ours: the names of PUBLIC_URL and ALLOWED_HOSTS (config.ts). With none configured (demo, or production
 * not yet set up), the listening address, or every address of this machine when it listens on all of
 * them. Loopback names are always ours: no rebinding can make a browser send them.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'
import type { RequestHandler } from 'express'
import { bareHostName, type Config } from '../config.ts'
import { AppError, ForbiddenError } from '../errors.ts'
import type { Logger } from '../logger.ts'

export interface HostPolicy {
  /** A `Host` header value (with or without port). */
  allowsHost(host: string | undefined): boolean
  /** An `Origin` header value. `null` (sandboxed frames, files) is never ours. */
  allowsOrigin(origin: string): boolean
  /** True when PUBLIC_URL / ALLOWED_HOSTS named the hosts. */
  configured: boolean
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])

export function isLoopbackName(name: string): boolean {
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    name === '::1' ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  )
}

/** This machine's own name and addresses: no outside DNS can point them elsewhere for its users. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => bareHostName(i.address.split('%')[0] ?? i.address)),
  )
  return [bareHostName(hostname()), ...addresses]
}

export function createHostPolicy(http: Pick<Config['http'], 'host' | 'allowedHosts'>): HostPolicy {
  const configured = http.allowedHosts.length > 0
  const names = new Set(http.allowedHosts)
  if (!configured) {
    const listening = bareHostName(http.host)
    if (WILDCARDS.has(http.host.trim())) for (const a of machineNames()) names.add(a)
    else names.add(listening)
  }
  const allowsName = (name: string) => name !== '' && (names.has(name) || isLoopbackName(name))
  return {
    configured,
    allowsHost: (host) => host !== undefined && allowsName(bareHostName(host)),
    allowsOrigin(origin) {
      let url: URL
      try {
        url = new URL(origin)
      } catch {
        return false
      }
      return (url.protocol === 'http:' || url.protocol === 'https:') && allowsName(bareHostName(url.host))
    },
  }
}

export class MisdirectedRequestError extends AppError {
  constructor() {
    super(421, 'misdirected_request', 'Bu sunucuya bu adla ulaşılamaz.')
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `Host` and every `X-Forwarded-Host` entry: Express believes the first of those behind a trusted proxy. */
export function requestedHosts(headers: IncomingHttpHeaders): (string | undefined)[] {
  const forwarded = [headers['x-forwarded-host'] ?? []].flat().flatMap((v) => v.split(','))
  return [headers.host, ...forwarded.map((v) => v.trim())]
}

/** The first middleware of the app: foreign names get 421, foreign origins on writes 403. */
export function hostGuard(policy: HostPolicy, logger: Logger): RequestHandler {
  return (req, _res, next) => {
    if (!requestedHosts(req.headers).every((h) => policy.allowsHost(h))) {
      logger.warn({ host: req.headers.host, path: req.path, ip: req.ip }, 'request for a foreign host name')
      throw new MisdirectedRequestError()
    }
    const origin = req.headers.origin
    if (origin !== undefined && !SAFE_METHODS.has(req.method) && !policy.allowsOrigin(origin)) {
      logger.warn({ origin, path: req.path, ip: req.ip }, 'state-changing request from a foreign origin')
      throw new ForbiddenError('Bu istek başka bir siteden geldi.', 'forbidden_origin')
    }
    next()
  }
}
