/** Signing in to one Pano node process and reading its API, for tests of several nodes. */
import type { NodeProcess } from './process-cluster.ts'

export interface Session {
  cookie: string
  csrfToken: string
}

/** A demo user's session on `node` (password `demo`), with the CSRF token its writes need. */
export async function signIn(node: NodeProcess, username: string): Promise<Session> {
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

export async function get<T>(node: NodeProcess, path: string, session: Session): Promise<T> {
  const res = await fetch(`${node.url}/api/v1${path}`, { headers: { cookie: session.cookie } })
  if (!res.ok) throw new Error(`GET ${path} on ${node.name}: ${res.status}`)
  return (await res.json()) as T
}
