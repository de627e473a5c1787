/**
 * The santral and directory routes × every role (+ anonymous) over HTTP, favourites and presence
 * notes, the admin's directory and queue-kind edits, and a target typed with CR/LF refused at the door.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import type { DirectoryView } from '../../../server/contract/switchboard.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
let extensionId: number
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  for (const role of ROLES) sessions[role] = await h.signIn(role)
  const ext = await h.prisma.extension.create({
    data: { number: '2902', label: 'Zabıta Müdürlüğü', unitId: h.unitId, stateInterface: 'PJSIP/2902' },
  })
  extensionId = ext.id
})
afterAll(async () => {
  await h?.close()
})

function as(who: Role | 'anonymous', method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
  let req = request(h.app)[method](`/api/v1${path}`)
  if (who !== 'anonymous')
    req = req.set('cookie', sessions[who].cookie).set('x-csrf-token', sessions[who].csrfToken)
  return req
}

type Case = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: () => string
  allowed: Role[]
  body?: unknown
}
const CASES: Case[] = [
  { method: 'get', path: () => '/switchboard', allowed: ['operator', 'supervisor'] },
  {
    method: 'post',
    path: () => '/switchboard/transfers',
    allowed: ['operator', 'supervisor'],
    body: { call: 'main/1.1', extensionId: 1, kind: 'blind' },
  },
  { method: 'post', path: () => '/switchboard/transfers/1/complete', allowed: ['operator', 'supervisor'] },
  { method: 'post', path: () => '/switchboard/transfers/1/return', allowed: ['operator', 'supervisor'] },
  { method: 'post', path: () => '/switchboard/alerts/1/dismiss', allowed: ['operator', 'supervisor'] },
  { method: 'get', path: () => '/directory', allowed: ['operator', 'supervisor', 'admin'] },
  { method: 'put', path: () => `/directory/favourites/${extensionId}`, allowed: ['operator', 'supervisor'] },
  {
    method: 'delete',
    path: () => `/directory/favourites/${extensionId}`,
    allowed: ['operator', 'supervisor'],
  },
  {
    method: 'put',
    path: () => `/directory/extensions/${extensionId}/presence`,
    allowed: ['operator', 'supervisor', 'admin'],
    body: { note: 'Öğleden sonra sahada' },
  },
  { method: 'get', path: () => '/directory/admin', allowed: ['admin'] },
  { method: 'post', path: () => '/directory/units', allowed: ['admin'], body: {} },
  { method: 'patch', path: () => '/directory/units/999999', allowed: ['admin'], body: {} },
  { method: 'post', path: () => '/directory/extensions', allowed: ['admin'], body: {} },
  { method: 'patch', path: () => '/directory/extensions/999999', allowed: ['admin'], body: {} },
  {
    method: 'patch',
    path: () => '/directory/queues/999999',
    allowed: ['admin'],
    body: { kind: 'SWITCHBOARD' },
  },
]

describe('route × role', () => {
  for (const c of CASES) {
    it(`${c.method.toUpperCase()} ${c.path().replace('undefined', ':id')}`, async () => {
      const anon = await as('anonymous', c.method, c.path()).send(c.body ?? {})
      expect(anon.status).toBe(401)
      for (const role of ROLES) {
        const res = await as(role, c.method, c.path()).send(c.body ?? {})
        if (c.allowed.includes(role)) expect([401, 403], `${role} should pass`).not.toContain(res.status)
        else expect(res.status, `${role} must be refused`).toBe(403)
      }
    })
  }
})

describe('directory', () => {
  it('keeps favourites per operator and shows presence notes', async () => {
    await as('operator', 'put', `/directory/favourites/${extensionId}`).expect(204)
    await as('operator', 'put', `/directory/extensions/${extensionId}/presence`)
      .send({ note: 'Toplantıda, 15:00’te dönecek' })
      .expect(204)
    const mine = (await as('operator', 'get', '/directory').expect(200)).body as DirectoryView
    const entry = mine.entries.find((e) => e.id === extensionId)
    expect(entry).toMatchObject({ favourite: true, presenceNote: 'Toplantıda, 15:00’te dönecek' })
    expect(entry?.searchText).toContain('zabita')
    const theirs = (await as('supervisor', 'get', '/directory').expect(200)).body as DirectoryView
    expect(theirs.entries.find((e) => e.id === extensionId)?.favourite).toBe(false)
  })

  it('lets the admin add a unit and an extension and mark a queue as the switchboard’s', async () => {
    const unit = await as('admin', 'post', '/directory/units')
      .send({ code: 'test-kultur', name: 'Test Kültür Müdürlüğü' })
      .expect(201)
    await as('admin', 'post', '/directory/extensions')
      .send({
        number: '2950',
        label: 'Test Kültür',
        unitId: (unit.body as { id: number }).id,
        stateInterface: 'PJSIP/2950',
      })
      .expect(201)
    await as('admin', 'post', '/directory/extensions')
      .send({ number: '2951\r\nAction: Hangup', label: 'Kötü' })
      .expect(400)
    const q = await h.prisma.queue.create({
      data: { name: 'test-santral', label: 'Test', kind: 'CALL_CENTRE' },
    })
    await as('admin', 'patch', `/directory/queues/${q.id}`).send({ kind: 'SWITCHBOARD' }).expect(200)
    expect((await h.prisma.queue.findUniqueOrThrow({ where: { id: q.id } })).kind).toBe('SWITCHBOARD')
    const admin = await as('admin', 'get', '/directory/admin').expect(200)
    expect(
      (admin.body as { extensions: Array<{ number: string }> }).extensions.map((e) => e.number),
    ).toContain('2950')
  })
})

describe('injection', () => {
  it('refuses a transfer target typed as "2001\\r\\nAction: Hangup" before any service is reached', async () => {
    const res = await as('operator', 'post', '/switchboard/transfers')
      .send({ call: 'main/1.1', extensionId: '2001\r\nAction: Hangup', kind: 'blind' })
      .expect(400)
    expect((res.body as { error: { code: string } }).error.code).toBe('validation_failed')
  })
})
