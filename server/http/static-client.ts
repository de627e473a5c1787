import { existsSync } from 'node:fs'
import path from 'node:path'
import express, { type RequestHandler, type Router } from 'express'

/**
 * Serves the built SPA (`dist/client`) when it exists: hashed assets with long caching, and index.html
 * (never cached) for any other GET that is not an API or socket.io path, so client-side routes survive a
 * reload; `/basvuru…` gets the public pages' own index.html. Returns null when there is no build.
 */
export function staticClient(clientDir: string): Router | null {
  const indexHtml = path.join(clientDir, 'index.html')
  if (!existsSync(indexHtml)) return null
  const router = express.Router()
  router.use(
    '/assets',
    express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  )
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }))
  // The citizens' pages are their own small entry (client/basvuru/index.html, docs/intake.md §2).
  const publicHtml = path.join(clientDir, 'basvuru', 'index.html')
  if (existsSync(publicHtml)) {
    router.get(/^\/basvuru(\/.*)?$/i, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache')
      res.sendFile(publicHtml)
    })
  }
  const spaFallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    if (req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/socket.io/'))
      return next()
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(indexHtml)
  }
  router.use(spaFallback)
  return router
}
