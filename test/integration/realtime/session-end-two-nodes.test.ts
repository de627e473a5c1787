/**
 * A session that ends ends everywhere (docs/design.md §2.8, ADR 008): two Pano nodes over the real Redis (sessions
 * and socket.io rooms shared), a socket open on node B, and the end caused through node A — sign-out,
 * deactivation, a role change, one's own password change — closes that socket at once, and the socket
 * cannot come back. A session that ends without anyone announcing it (Redis expiring its key) refuses the
 * socket's next subscribe and is closed by the sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewSnapshot } from '../../../server/contract/events.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, type TestSocket } from './live-harness.ts'
import { nextEvent, signIn, startCluster, type Cluster, type PanoNode } from './two-nodes-harness.ts'
import { createClient } from 'redis'
import { hashToken } from '../../../server/auth/tokens.ts'
import { REDIS_URL } from './two-nodes-harness.ts'

let db: TestDatabase
let cluster: Cluster
let a: PanoNode
let b: PanoNode
let admin: { cookie: string; csrfToken: string }

beforeAll(async () => {
  db = await createTestDatabase()
  cluster = await startCluster(db)
  a = await cluster.start('A', { seedDemo: true })
  b = await cluster.start('B', { sim: { seed: 11, startAt: Date.now() - 3_600_000 } })
  admin = await signIn(a, 'admin')
})

afterAll(async () => {
  await cluster?.close()
  await db?.drop()
})

async function post(
  node: PanoNode,
  path: string,
  who: { cookie: string; csrfToken: string },
  body?: unknown,
) {
  return fetch(`${node.url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
}

async function patchUser(username: string, body: Record<string, unknown>): Promise<number> {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { username } })
  const res = await fetch(`${a.url}/api/v1/users/${user.id}`, {
    method: 'PATCH',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return res.status
}

/** A socket on node B for `username`, subscribed to `view` (the room it would be sent live data in). */
async function openOnB(username: string, view: 'wallboard' | 'calls' | null) {
  const session = await signIn(a, username)
  const socket = await cluster.socket(b, { cookie: session.cookie })
  if (view !== null) {
    const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view })
    expect(answer.ok).toBe(true)
  }
  return { session, socket }
}

/** The socket cannot come back: a new handshake with the same cookie is refused on either node. */
async function expectShutOut(cookie: string): Promise<void> {
  const opened: TestSocket[] = []
  for (const node of [a, b])
    await expect(openTestSocket(node.url, { cookie }, opened)).rejects.toThrow(/Oturum açmanız gerekiyor/)
}

describe('an end caused through node A closes the socket on node B at once', () => {
  it('signing out', async () => {
    const { session, socket } = await openOnB('mudur', 'wallboard')
    const closed = nextEvent<string>(socket, 'disconnect')
    expect((await post(a, '/auth/logout', session)).status).toBe(204)
    expect(await closed).toBe('io server disconnect')
    await expectShutOut(session.cookie)
  })

  it('deactivating the user (PATCH /users/:id active=false)', async () => {
    const { session, socket } = await openOnB('agent2', null)
    const other = await openOnB('agent2', null)
    const closed = Promise.all([
      nextEvent<string>(socket, 'disconnect'),
      nextEvent<string>(other.socket, 'disconnect'),
    ])
    expect(await patchUser('agent2', { active: false })).toBe(200)
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect'])
    await expectShutOut(session.cookie)
    await expectShutOut(other.session.cookie)
  })

  it('changing the role', async () => {
    const { session, socket } = await openOnB('santral2', null)
    const closed = nextEvent<string>(socket, 'disconnect')
    expect(await patchUser('santral2', { role: 'agent' })).toBe(200)
    expect(await closed).toBe('io server disconnect')
    await expectShutOut(session.cookie)
  })

  it("changing one's own password closes the old session's sockets", async () => {
    const { session, socket } = await openOnB('agent3', null)
    const closed = nextEvent<string>(socket, 'disconnect')
    const res = await post(a, '/auth/password', session, {
      currentPassword: 'demo',
      newPassword: 'Karsiyaka-Pano-Yeni-73',
    })
    expect(res.status).toBe(204)
    expect(await closed).toBe('io server disconnect')
    await expectShutOut(session.cookie)
  })

  it('leaves the sockets of other sessions and users open', async () => {
    const staying = await openOnB('mudur', 'wallboard')
    const leaving = await openOnB('mudur', null)
    const closed = nextEvent<string>(leaving.socket, 'disconnect')
    expect((await post(a, '/auth/logout', leaving.session)).status).toBe(204)
    await closed
    // A round trip on the staying socket after the disconnect went out: it is still served.
    const identity = await staying.socket.emitWithAck('session:identify')
    expect(identity).toMatchObject({ ok: true, data: { role: 'supervisor' } })
    expect(staying.socket.connected).toBe(true)
  })
})

describe('a session that ends without an announcement (Redis expired its key)', () => {
  async function expire(cookie: string): Promise<void> {
    const redis = createClient({ url: REDIS_URL })
    await redis.connect()
    const keys = await cluster.keys('session:*')
    const id = hashToken(cookie.slice('pano_session='.length))
    const key = keys.find((k) => k.endsWith(`session:${id}`))
    expect(key).toBeDefined()
    await redis.del(key as string)
    await redis.quit()
  }

  it('refuses the next subscribe as unauthorized and closes the socket', async () => {
    const { session, socket } = await openOnB('mudur', null)
    await expire(session.cookie)
    const closed = nextEvent<string>(socket, 'disconnect')
    const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view: 'calls' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await closed).toBe('io server disconnect')
  })

  it('refuses the switchboard sync the same way', async () => {
    const { session, socket } = await openOnB('santral1', null)
    await expire(session.cookie)
    const answer = await (socket.emitWithAck as (e: string) => Promise<unknown>)('switchboard:sync')
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('is found by the sweep, which closes the socket without any event from it', async () => {
    const { session, socket } = await openOnB('mudur', 'wallboard')
    await expire(session.cookie)
    const closed = nextEvent<string>(socket, 'disconnect')
    await b.pano.realtime.sweepSessions()
    expect(await closed).toBe('io server disconnect')
  })
})
