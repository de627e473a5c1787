/**
 * Signing in to one Pano (a node process, or an app a test started in its own process) and reading and
 * writing its API over HTTP.
 */
import type { HealthView } from '../../server/http/routes/health.ts'
import type { NodeProcess } from './process-cluster.ts'

/** Where a Pano answers: a node process, or `{ name, url }` of an app started in the test. */
export type PanoAddress = Pick<NodeProcess, 'name' | 'url'>

export interface Session {
  cookie: string
  csrfToken: string
}

/** A demo user's session on `node` (password `demo`), with the CSRF token its writes need. */
export async function signIn(node: PanoAddress, username: string): Promise<Session> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (res.status !== 204) throw new Error(`sign-in as ${username}: ${res.status}`)
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('pano_session='))
      ?.split(';')[0] ?? ''
  const me = await fetch(`${node.url}/api/v1/auth/me`, { headers: { cookie } })
  return { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
}

export async function get<T>(node: PanoAddress, path: string, session: Session): Promise<T> {
  const res = await fetch(`${node.url}/api/v1${path}`, { headers: { cookie: session.cookie } })
  if (!res.ok) throw new Error(`GET ${path} on ${node.name}: ${res.status}`)
  return (await res.json()) as T
}

/** Reads until `found` holds (every 100 ms, a failed read counting as not yet), or fails after `ms`. */
export async function eventually<T>(
  read: () => Promise<T>,
  found: (v: T) => boolean,
  what: string,
  ms = 30_000,
): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    try {
      const v = await read()
      if (found(v)) return v
    } catch {
      // a node starting or taking over: ask again
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The node every given node names as the live holder of the (one) PBX, once they agree. */
export async function holderOf(nodes: readonly NodeProcess[], session: Session): Promise<NodeProcess> {
  const views = await eventually(
    () => Promise.all(nodes.map((n) => get<HealthView>(n, '/health', session))),
    (vs) =>
      vs.every((v) => v.pbx[0]?.state === 'connected') &&
      vs.filter((v) => v.pbx[0]?.cluster?.thisNode === true).length === 1,
    'one live holder',
  )
  const holder = nodes[views.findIndex((v) => v.pbx[0]?.cluster?.thisNode === true)]
  if (holder === undefined) throw new Error('no holder')
  return holder
}

/** A write to `node`'s API as `session` (the CSRF token included); the response as it came. */
export function post(node: PanoAddress, path: string, session: Session, body?: unknown): Promise<Response> {
  return write(node, 'POST', path, session, body)
}

/** POST, PUT, PATCH or DELETE on `node`'s API as `session`; the response as it came. */
export function write(
  node: PanoAddress,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  session: Session,
  body?: unknown,
): Promise<Response> {
  return fetch(`${node.url}/api/v1${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}
