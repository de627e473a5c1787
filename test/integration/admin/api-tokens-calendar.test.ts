/**
 * Yönetim › API anahtarları and Tatiller ve mesai over HTTP: a key acts with its own role until it
 * expires or is revoked (at once); holidays and office hours are kept per year, audited, and the
 * screens are warned before the holiday table runs out.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiTokenView } from '../../../server/contract/users.ts'
import type { HolidaysResponse } from '../../../server/contract/calendar.ts'
import { hashPassword } from '../../../server/db/password.ts'
import { createAuthHarness, sessionCookieFrom, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
let admin: { cookie: string; csrfToken: string }

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  admin = await h.signIn('admin')
}, 60_000)
afterAll(() => h.close())

const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: object) => {
  const agent = request(h.app)
  const req =
    method === 'post'
      ? agent.post(`/api/v1${path}`)
      : method === 'put'
        ? agent.put(`/api/v1${path}`)
        : method === 'patch'
          ? agent.patch(`/api/v1${path}`)
          : agent.delete(`/api/v1${path}`)
  return req.set('cookie', admin.cookie).set('x-csrf-token', admin.csrfToken).send(body)
}
const bearer = (token: string, path = '/auth/me') =>
  request(h.app).get(`/api/v1${path}`).set('authorization', `Bearer ${token}`)

describe('API tokens', () => {
  it('shows a key once, lets it act with its role scope, lists its last use, and revoking stops it at once', async () => {
    const created = await send('post', '/api-tokens', { label: 'Web sitesi', role: 'supervisor' })
    expect(created.status).toBe(201)
    const { id, token } = created.body as { id: number; token: string }
    expect(token).toMatch(/^pano_/)
    const me = await bearer(token)
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ role: 'supervisor', displayName: 'API: Web sitesi' })
    // The scope, not the creator's admin role: Yönetim is out of reach.
    expect((await bearer(token, '/users')).status).toBe(403)

    const list = await request(h.app).get('/api/v1/api-tokens').set('cookie', admin.cookie)
    const row = (list.body as { items: ApiTokenView[] }).items.find((t) => t.id === id)
    expect(row).toMatchObject({ label: 'Web sitesi', role: 'supervisor', status: 'active' })
    expect(row?.lastUsedAt).not.toBeNull()
    expect(JSON.stringify(list.body)).not.toContain(token)

    expect((await send('delete', `/api-tokens/${id}`)).status).toBe(204)
    expect((await bearer(token)).status).toBe(401)
    expect(await h.prisma.auditLog.count({ where: { entity: 'ApiToken', entityId: String(id) } })).toBe(2)
  })

  it('an expired key is refused, and an expiry in the past cannot be set', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString()
    const created = await send('post', '/api-tokens', {
      label: 'Kısa ömürlü',
      role: 'agent',
      expiresAt: soon,
    })
    const { token } = created.body as { token: string }
    expect((await bearer(token)).status).toBe(200)
    h.advance(120_000)
    expect((await bearer(token)).status).toBe(401)
    const past = await send('post', '/api-tokens', {
      label: 'Geçmiş',
      role: 'agent',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    })
    expect(past.status).toBe(400)
  })

  it('cannot be made with the unit role, which needs a unit a key does not have', async () => {
    const refused = await send('post', '/api-tokens', { label: 'Birim', role: 'unit' })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('Birim rolü bir birime bağlıdır')
    expect(await h.prisma.apiToken.count({ where: { label: 'Birim' } })).toBe(0)
  })

  it('stops acting the moment its owner stops being an admin, and stays stopped if they are made admin again', async () => {
    const owner = await h.prisma.user.create({
      data: {
        username: 'ikinci.yonetici',
        displayName: 'İkinci Yönetici',
        role: 'ADMIN',
        passwordHash: await hashPassword('parola-ikinci'),
      },
    })
    const login = await request(h.app)
      .post('/api/v1/auth/login')
      .send({ username: 'ikinci.yonetici', password: 'parola-ikinci' })
    const cookie = sessionCookieFrom(login.headers['set-cookie'])
    const me = await request(h.app).get('/api/v1/auth/me').set('cookie', cookie)
    const created = await request(h.app)
      .post('/api/v1/api-tokens')
      .set('cookie', cookie)
      .set('x-csrf-token', (me.body as { csrfToken: string }).csrfToken)
      .send({ label: 'Entegrasyon', role: 'admin' })
    expect(created.status).toBe(201)
    const { token } = created.body as { token: string }
    expect((await bearer(token, '/users')).status).toBe(200)

    expect((await send('patch', `/users/${owner.id}`, { role: 'agent' })).status).toBe(200)
    expect((await bearer(token, '/users')).status).toBe(401)
    const backdoor = await request(h.app)
      .post('/api/v1/users')
      .set('authorization', `Bearer ${token}`)
      .send({ username: 'arka.kapi', fullName: 'Arka Kapı', role: 'admin', password: 'Uzun-Parola-2026!' })
    expect(backdoor.status).toBe(401)
    expect(await h.prisma.user.count({ where: { username: 'arka.kapi' } })).toBe(0)

    expect((await send('patch', `/users/${owner.id}`, { role: 'admin' })).status).toBe(200)
    expect((await bearer(token, '/users')).status).toBe(401)
    const list = await request(h.app).get('/api/v1/api-tokens').set('cookie', admin.cookie)
    expect(
      (list.body as { items: ApiTokenView[] }).items.find((t) => t.label === 'Entegrasyon'),
    ).toMatchObject({
      status: 'revoked',
    })
  })

  it('is for admins only', async () => {
    const agent = await h.signIn('agent')
    expect((await request(h.app).get('/api/v1/api-tokens').set('cookie', agent.cookie)).status).toBe(403)
  })
})

describe('holidays and office hours', () => {
  it('keeps holidays per year, adds the fixed national days of a new year, and audits every change', async () => {
    const added = await send('post', '/holidays/fixed/2031')
    expect(added.body).toEqual({ added: 8 })
    expect((await send('post', '/holidays/fixed/2031')).body).toEqual({ added: 0 })
    expect(
      (await send('put', '/holidays/2031-03-20', { name: 'Ramazan Bayramı 1. Gün', kind: 'FULL' })).status,
    ).toBe(204)
    expect(
      (await send('put', '/holidays/2031-03-19', { name: 'Ramazan Bayramı Arifesi', kind: 'HALF_DAY' }))
        .status,
    ).toBe(204)
    expect((await send('delete', '/holidays/2031-05-19')).status).toBe(204)
    const year = await request(h.app).get('/api/v1/holidays?year=2031').set('cookie', admin.cookie)
    const body = year.body as HolidaysResponse
    expect(body.items).toHaveLength(9)
    expect(body.items.find((i) => i.date === '2031-03-19')).toEqual({
      date: '2031-03-19',
      name: 'Ramazan Bayramı Arifesi',
      kind: 'HALF_DAY',
    })
    expect(body.years).toContain(2031)
    expect(await h.prisma.auditLog.count({ where: { entity: 'Holiday' } })).toBe(5)
    expect((await send('delete', '/holidays/2031-05-19')).status).toBe(404)
    expect((await send('put', '/holidays/2031-02-30', { name: 'Yok', kind: 'FULL' })).status).toBe(400)
  })

  it('refuses a second holiday on a taken day, naming the first at the day, and keeps the first', async () => {
    const first = await send('post', '/holidays', {
      date: '2031-12-31',
      name: 'Yılbaşı arifesi',
      kind: 'HALF_DAY',
    })
    expect(first.status).toBe(201)
    const audits = await h.prisma.auditLog.count({ where: { entity: 'Holiday' } })

    const second = await send('post', '/holidays', { date: '2031-12-31', name: 'Tekrar', kind: 'FULL' })
    expect(second.status).toBe(409)
    const message =
      '31.12.2031 zaten tatil: “Yılbaşı arifesi”. Değiştirmek için tablodaki satırında Düzenle’ye basın ya da önce onu silin.'
    expect(second.body).toMatchObject({
      error: { code: 'holiday_exists', message, details: { issues: [{ path: 'date', message }] } },
    })
    const year = await request(h.app).get('/api/v1/holidays?year=2031').set('cookie', admin.cookie)
    expect((year.body as HolidaysResponse).items.filter((i) => i.date === '2031-12-31')).toEqual([
      { date: '2031-12-31', name: 'Yılbaşı arifesi', kind: 'HALF_DAY' },
    ])
    expect(await h.prisma.auditLog.count({ where: { entity: 'Holiday' } })).toBe(audits)

    // Changing the day is what Düzenle does: it still replaces the name and kind.
    expect(
      (await send('put', '/holidays/2031-12-31', { name: 'Yılbaşı arifesi', kind: 'FULL' })).status,
    ).toBe(204)
    expect((await send('post', '/holidays', { date: '2031-02-30', name: 'Yok', kind: 'FULL' })).status).toBe(
      400,
    )
  })

  it('refuses office hours that do not make sense, and keeps good ones', async () => {
    const bad = await send('put', '/office-hours', { start: '17:00', end: '08:00', halfDayEnd: '13:00' })
    expect(bad.status).toBe(400)
    const good = await send('put', '/office-hours', { start: '08:00', end: '17:00', halfDayEnd: '12:30' })
    expect(good.status).toBe(200)
    const agent = await h.signIn('agent')
    const read = await request(h.app).get('/api/v1/office-hours').set('cookie', agent.cookie)
    expect(read.body).toEqual({ start: '08:00', end: '17:00', halfDayEnd: '12:30' })
  })

  it('warns every screen 60 days before the holiday table runs out', async () => {
    // Signed in again at each step: moving the clock years ahead ends sessions, as it would.
    const warnings = async () => {
      const agent = await h.signIn('agent')
      const res = await request(h.app).get('/api/v1/calendar-warnings').set('cookie', agent.cookie)
      return (res.body as { warnings: string[] }).warnings
    }
    // The table reaches 2031 (above); the harness clock is today, years before.
    expect(await warnings()).toEqual([])
    h.advance(Date.parse('2031-12-01T09:00:00Z') - Date.now())
    expect(await warnings()).toEqual([
      'Tatil tablosu 2031 sonunda bitiyor (30 gün kaldı): 2032 tatillerini Yönetim › Tatiller ve mesai ekranından ekleyin.',
    ])
    h.advance(60 * 86_400_000)
    expect((await warnings()).join(' ')).toMatch(/2031 yılında bitti: 2032 tatillerini/)
  })
})
