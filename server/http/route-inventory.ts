/**
 * Lists every route registered on an Express app with its access rule, read from the router itself.
 * The route × role test walks this list, so a route added without an access guard fails it.
 */
import type { Express } from 'express'
import { routeAccessOf, type RouteAccess } from '../auth/require-role.ts'

export interface RouteEntry {
  method: string
  path: string
  /** undefined: the route has no access guard (a bug the test catches). */
  access: RouteAccess | undefined
}

interface LayerLike {
  rawPath?: unknown
  handle?: { stack?: LayerLike[] } | ((...args: unknown[]) => unknown)
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: unknown }[] }
}

function joinPath(prefix: string, part: unknown): string {
  const p = typeof part === 'string' ? part : String(part)
  const joined = `${prefix}/${p}`.replace(/\/+/g, '/')
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined
}

function walk(stack: LayerLike[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const path = joinPath(prefix, layer.route.path)
      const guards = layer.route.stack.map((l) => routeAccessOf(l.handle)).filter((a) => a !== undefined)
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue
        out.push({ method: method.toUpperCase(), path, access: guards[0] })
      }
      continue
    }
    const nested = layer.handle && 'stack' in layer.handle ? layer.handle.stack : undefined
    if (Array.isArray(nested)) walk(nested, joinPath(prefix, layer.rawPath ?? '/'), out)
  }
}

export function listRoutes(app: Express): RouteEntry[] {
  const out: RouteEntry[] = []
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '', out)
  return out
}
