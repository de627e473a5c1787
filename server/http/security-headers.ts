import helmet from 'helmet'
import type { RequestHandler } from 'express'

/**
 * helmet with a CSP for the Vite-built SPA: scripts, styles, fonts, images and connections from our own
 * origin only (socket.io is same-origin). Inline styles stay allowed because Svelte transitions insert
 * <style> elements at run time. HSTS and upgrade-insecure-requests when `https` (config HSTS, on by default
 * in production mode); a plain-HTTP LAN install turns it off, or they would break every asset.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  })
}
