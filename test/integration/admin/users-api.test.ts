/**
 * Yönetim › Kullanıcılar over HTTP: an admin creates, edits, deactivates and resets users; the rules a
 * username and a password must follow; the forced password change at the next sign-in; and that every
 * admin action is in the audit log with what it changed.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../../server/contract/auth.ts'
import type { UserView } from '../../../server/contract/users.ts'
import { createAuthHarness, sessionCookieFrom, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
let admin: { cookie: string; csrfToken: string }
const closedSockets: number[] = []

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    deps: { socketsOfEnded: { user: (id) => closedSockets.push(id), session: () => undefined } },
  })
  admin = await h.signIn('admin')
}, 60_000)
afterAll(() => h.close())

const post = (path: string, body: object, who = admin) =>
  request(h.app)
    .post(`/api/v1${path}`)
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrfToken)
    .send(body)
const patch = (path: string, body: object, who = admin) =>
  request(h.app)
    .patch(`/api/v1${path}`)
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrfToken)
    .send(body)

function issuesOf(res: request.Response): Record<string, string[]> {
  const issues = (res.body as { error: { details?: { issues?: Array<{ path: string; message: string }> } } })
    .error.details?.issues
  const out: Record<string, string[]> = {}
  for (const i of issues ?? []) (out[i.path] ??= []).push(i.message)
  return out
}

async function signIn(username: string, password: string) {
  const res = await request(h.app).post('/api/v1/auth/login').send({ username, password })
  expect(res.status).toBe(204)
  const cookie = sessionCookieFrom(res.headers['set-cookie'])
  const me = await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)
  return {
    cookie,
    csrfToken: (me.body as { csrfToken: string }).csrfToken,
    me: me.body as Record<string, unknown>,
  }
}

describe('creating users', () => {
  it('creates an agent with a PBX identity; the list shows it; the audit log has who made it and what', async () => {
    const res = await post('/users', {
      username: 'ayse.yilmaz',
      fullName: 'Ayşe Yılmaz',
      role: 'agent',
      memberInterfaces: ['Local/1001@agents/n', 'PJSIP/1001'],
      extension: '1001',
      password: 'Mavi-Körfez-2026',
    })
    expect(res.status).toBe(201)
    const id = (res.body as { id: number }).id
    const list = await request(h.app).get('/api/v1/users').set('cookie', admin.cookie)
    const user = (list.body as { items: UserView[] }).items.find((u) => u.id === id)
    expect(user).toMatchObject({
      username: 'ayse.yilmaz',
      fullName: 'Ayşe Yılmaz',
      role: 'agent',
      memberInterfaces: ['Local/1001@agents/n', 'PJSIP/1001'],
      extension: '1001',
      active: true,
      mustChangePassword: true,
    })
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash|Mavi-Körfez/)
    const audit = await h.prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.create', entityId: String(id) },
    })
    expect(audit).toMatchObject({ actorId: h.users.admin.id, actorRole: 'admin', entity: 'User' })
    expect(audit.detail).toMatchObject({ after: { username: 'ayse.yilmaz', role: 'agent' } })
    expect(JSON.stringify(audit.detail)).not.toContain('Mavi-Körfez')
  })

  it('refuses bad usernames, weak passwords, a unit user without a unit and an interface that is taken', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ username: 'Ayse' }, 'username', /küçük harf/],
      [{ username: 'ayşe' }, 'username', /küçük harf/],
      [{ username: 'a b' }, 'username', /küçük harf/],
      [{ username: 'ayse.yilmaz' }, 'username', /kullanılıyor/],
      [{ password: 'kısa' }, 'password', /en az 10/],
      [{ username: 'mehmet.oz', password: 'mehmet.oz2026' }, 'password', /kullanıcı adını/],
      [{ password: 'password123' }, 'password', /yaygın/],
      [{ password: 'Karşıyaka1912' }, 'password', /yaygın/],
      [{ role: 'unit' }, 'unitId', /birim seçin/],
      [{ memberInterfaces: ['PJSIP/1001'] }, 'memberInterfaces', /ayse\.yilmaz/],
      [{ memberInterfaces: ['1001'] }, 'memberInterfaces.0', /biçimde/],
      [{ fullName: 'Ali\u0000Veli' }, 'fullName', /denetim karakteri/],
      [{ fullName: 'Ali \u202Eilev' }, 'fullName', /denetim karakteri/],
      [{ fullName: 'Ali\u0085Veli' }, 'fullName', /denetim karakteri/],
      [{ fullName: 'Ali \uD800Veli' }, 'fullName', /denetim karakteri/],
    ]
    for (const [change, field, message] of cases) {
      const res = await post('/users', {
        username: 'mehmet.oz',
        fullName: 'Mehmet Öz',
        role: 'agent',
        password: 'Deniz-Feneri-77',
        ...change,
      })
      expect(res.status, JSON.stringify(change)).toBe(400)
      expect(issuesOf(res)[field]?.join(' '), JSON.stringify(change)).toMatch(message)
    }
    expect(await h.prisma.user.count({ where: { username: 'mehmet.oz' } })).toBe(0)
  })

  it('says every mistake of the form at once, the weak password and a taken username with the others', async () => {
    const res = await post('/users', {
      username: 'A',
      fullName: '',
      role: 'agent',
      memberInterfaces: ['1001'],
      password: 'kısa',
    })
    expect(res.status).toBe(400)
    const issues = issuesOf(res)
    expect(Object.keys(issues).sort()).toEqual(['fullName', 'memberInterfaces.0', 'password', 'username'])
    expect(issues['password']?.join(' ')).toMatch(/en az 10/)
    // A password the rules accept is not reported; one missing is said by its own rule.
    const strong = await post('/users', {
      username: 'A',
      fullName: 'Ali Veli',
      role: 'agent',
      password: 'Deniz-Feneri-77',
    })
    expect(Object.keys(issuesOf(strong))).toEqual(['username'])
    const missing = await post('/users', { username: 'ali.veli', fullName: 'Ali Veli' })
    expect(Object.keys(issuesOf(missing)).sort()).toEqual(['password', 'role'])
    // A username already taken is said with the rest too.
    const taken = await post('/users', {
      username: 'ayse.yilmaz',
      fullName: '',
      role: 'agent',
      password: 'kısa',
    })
    expect(Object.keys(issuesOf(taken)).sort()).toEqual(['fullName', 'password', 'username'])
    expect(issuesOf(taken)['username']?.join(' ')).toMatch(/kullanılıyor/)
  })

  it('is for admins only, for every role and every user route', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const who = await h.signIn(role)
      expect((await request(h.app).get('/api/v1/users').set('cookie', who.cookie)).status).toBe(403)
      expect((await post('/users', {}, who)).status).toBe(403)
      expect((await patch(`/users/${h.users.agent.id}`, { active: false }, who)).status).toBe(403)
    }
    expect((await request(h.app).get('/api/v1/users')).status).toBe(401)
  })
})

describe('the first sign-in of a new user', () => {
  it('must choose a new password before anything else; then the old session is gone', async () => {
    const created = await post('/users', {
      username: 'zabita.murat',
      fullName: 'Murat Kaya',
      role: 'unit',
      unitId: h.unitId,
      password: 'Gecici-Parola-41',
    })
    expect(created.status).toBe(201)
    const first = await signIn('zabita.murat', 'Gecici-Parola-41')
    expect(first.me).toMatchObject({ mustChangePassword: true, views: [] })
    const blocked = await request(h.app).get('/api/v1/tickets').set('cookie', first.cookie)
    expect(blocked.status).toBe(403)
    expect((blocked.body as { error: { code: string } }).error.code).toBe('password_change_required')

    const change = (body: object) => post('/auth/password', body, first)
    const wrong = await change({ currentPassword: 'yanlış-parola', newPassword: 'Yeni-Parola-2026!' })
    expect(wrong.status).toBe(400)
    expect(issuesOf(wrong)['currentPassword']?.[0]).toMatch(/doğru değil/)
    const same = await change({ currentPassword: 'Gecici-Parola-41', newPassword: 'Gecici-Parola-41' })
    expect(issuesOf(same)['newPassword']?.join(' ')).toMatch(/aynı olamaz/)
    const weak = await change({ currentPassword: 'Gecici-Parola-41', newPassword: 'qwerty12345' })
    expect(issuesOf(weak)['newPassword']?.join(' ')).toMatch(/yaygın/)

    const ok = await change({ currentPassword: 'Gecici-Parola-41', newPassword: 'Yeni-Parola-2026!' })
    expect(ok.status).toBe(204)
    const renewed = sessionCookieFrom(ok.headers['set-cookie'])
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', first.cookie)).status).toBe(401)
    const me = await request(h.app).get('/api/v1/auth/me').set('cookie', renewed)
    expect(me.body).toMatchObject({ mustChangePassword: false, views: ['tickets'] })
    expect((await request(h.app).get('/api/v1/tickets').set('cookie', renewed)).status).toBe(200)
    const user = await h.prisma.user.findUniqueOrThrow({ where: { username: 'zabita.murat' } })
    expect(closedSockets).toContain(user.id)
    expect(
      await h.prisma.auditLog.count({ where: { action: 'user.password-change', entityId: String(user.id) } }),
    ).toBe(1)
  })
})

describe('editing users', () => {
  it('deactivating ends the user’s sessions and sockets at once and keeps them from signing in', async () => {
    await post('/users', {
      username: 'gecici.personel',
      fullName: 'Geçici Personel',
      role: 'operator',
      password: 'Santral-Gece-90',
    })
    const user = await h.prisma.user.findUniqueOrThrow({ where: { username: 'gecici.personel' } })
    const session = await signIn('gecici.personel', 'Santral-Gece-90')
    const res = await patch(`/users/${user.id}`, { active: false })
    expect(res.status).toBe(200)
    expect((res.body as UserView).active).toBe(false)
    expect(closedSockets).toContain(user.id)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', session.cookie)).status).toBe(401)
    const again = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: 'gecici.personel', password: 'Santral-Gece-90' })
    expect(again.status).toBe(401)
    const audit = await h.prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.update', entityId: String(user.id) },
      orderBy: { id: 'desc' },
    })
    expect(audit.detail).toMatchObject({ before: { active: true }, after: { active: false } })
  })

  it('a password reset by an admin makes the user choose a new one, and a role change ends the sessions', async () => {
    const agent = await h.signIn('agent')
    const reset = await patch(`/users/${h.users.agent.id}`, { password: 'Sifirlanan-Parola-5' })
    expect(reset.status).toBe(200)
    expect((reset.body as UserView).mustChangePassword).toBe(true)
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', agent.cookie)).status).toBe(401)
    const audit = await h.prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.update', entityId: String(h.users.agent.id) },
      orderBy: { id: 'desc' },
    })
    expect(audit.detail).toMatchObject({ passwordReset: true })
    expect(JSON.stringify(audit.detail)).not.toContain('Sifirlanan')

    const supervisor = await h.signIn('supervisor')
    const moved = await patch(`/users/${h.users.supervisor.id}`, { role: 'agent' })
    expect((moved.body as UserView).role).toBe('agent')
    expect((await request(h.app).get('/api/v1/auth/me').set('cookie', supervisor.cookie)).status).toBe(401)
  })

  it('an admin cannot lock the directorate out', async () => {
    const self = await patch(`/users/${h.users.admin.id}`, { active: false })
    expect(self.status).toBe(409)
    expect((self.body as { error: { code: string } }).error.code).toBe('self_lockout')
    const demote = await patch(`/users/${h.users.admin.id}`, { role: 'supervisor' })
    expect(demote.status).toBe(409)
    expect((await h.prisma.user.findUniqueOrThrow({ where: { id: h.users.admin.id } })).role).toBe('ADMIN')
  })

  it('answers 404 for an unknown user and 400 for an unknown field', async () => {
    expect((await patch('/users/999999', { active: false })).status).toBe(404)
    expect((await patch(`/users/${h.users.unit.id}`, { passwordHash: 'x' })).status).toBe(400)
  })
})
