/**
 * The client's address with the `TRUST_PROXY` rule Express applies to HTTP requests (server/app.ts sets
 * `trust proxy` to the same value), for requests Express never sees: socket.io handshakes. Behind the
 * reverse proxy docs/operations.md describes, a socket's own peer is the proxy; the access log and the
 * handshake limit need the browser's address, as sign-in and the HTTP access log get it.
 */
import type { IncomingMessage } from 'node:http'
import proxyaddr from 'proxy-addr'

/** `TRUST_PROXY` as server/config.ts reads it: `true`, a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | string

/** The same reading of the setting as Express' own (`trust proxy`). */
function compileTrust(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === true) return () => true
  if (trust === false) return () => false
  if (typeof trust === 'number') return (_address, hop) => hop < trust
  return proxyaddr.compile(trust.split(',').map((v) => v.trim()))
}

export function createClientAddress(trust: TrustProxy): (request: IncomingMessage) => string {
  const trusted = compileTrust(trust)
  return (request) => {
    try {
      return proxyaddr(request, trusted)
    } catch {
      // A socket already closed has no peer address left.
      return request.socket.remoteAddress ?? 'unknown'
    }
  }
}
