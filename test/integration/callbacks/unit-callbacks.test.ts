/**
 * A unit's "Geri aranacaklar" over HTTP against PostgreSQL (ADR 007): callers lost on a switchboard
 * transfer (written by the switchboard's own `noteLostCaller`), each route × role, own unit only,
 * masked numbers with an audited reveal, attempts recorded and the entry closed when the caller is reached.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import type {
  UnitCallbackItem,
  UnitCallbackList,
  UnitCallbackReveal,
} from '../../../server/contract/unit-callbacks.ts'
import { noteLostCaller } from '../../../server/services/switchboard/transfer-store.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
let otherUnitId: number
let citizenId: number
/** Lost to the test user's unit: a known citizen's mobile, and an unregistered landline. */
let knownId: number
let unknownId: number
/** Lost to another unit. */
let foreignId: number
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>
const NOW = Date.parse('2026-03-03T09:00:00Z')

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  for (const role of ROLES) sessions[role] = await h.signIn(role)
  otherUnitId = (await h.prisma.unit.create({ data: { code: 'diger-birim', name: 'Diğer Müdürlük' } })).id
  const citizen = await h.prisma.citizen.create({
    data: { fullName: 'Ayşe Demir', phones: { create: [{ e164: '+905321234567', label: 'Cep' }] } },
  })
  citizenId = citizen.id
  knownId = await noteLostCaller(h.prisma, { phoneE164: '+905321234567', unitId: h.unitId, at: NOW })
  // The same caller lost again to the same unit: one entry, counted twice.
  await noteLostCaller(h.prisma, { phoneE164: '+905321234567', unitId: h.unitId, at: NOW + 60_000 })
  unknownId = await noteLostCaller(h.prisma, { phoneE164: '+902323680011', unitId: h.unitId, at: NOW })
  foreignId = await noteLostCaller(h.prisma, { phoneE164: '+905059876543', unitId: otherUnitId, at: NOW })
})
afterAll(async () => {
  await h?.close()
})

function as(who: Role | 'anonymous', method: 'get' | 'post', path: string) {
  let req = request(h.app)[method](`/api/v1${path}`)
  if (who !== 'anonymous')
    req = req.set('cookie', sessions[who].cookie).set('x-csrf-token', sessions[who].csrfToken)
  return req
}

async function list(who: Role, query = ''): Promise<UnitCallbackItem[]> {
  const res = await as(who, 'get', `/worklists/unit-callbacks${query}`)
  expect(res.status).toBe(200)
  return (res.body as UnitCallbackList).items
}

/** The newest audit row's id: rows written after it are the ones a step wrote. */
const lastAuditId = async () => (await h.prisma.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0
const auditRowsAfter = (id: number, action: string) =>
  h.prisma.auditLog.findMany({ where: { action, id: { gt: id } }, orderBy: { id: 'asc' } })

describe('route × role', () => {
  const ALLOWED: Role[] = ['unit', 'supervisor', 'admin']
  const cases = [
    { label: 'list', method: 'get' as const, path: () => '/worklists/unit-callbacks', body: undefined },
    {
      label: 'reveal',
      method: 'post' as const,
      path: () => `/worklists/unit-callbacks/${unknownId}/reveal`,
      body: {},
    },
    {
      label: 'attempts',
      method: 'post' as const,
      path: () => `/worklists/unit-callbacks/${unknownId}/attempts`,
      body: { outcome: 'ULASILAMADI' },
    },
  ]
  for (const c of cases) {
    it(`${c.method.toUpperCase()} unit-callbacks ${c.label}`, async () => {
      expect((await as('anonymous', c.method, c.path()).send(c.body)).status).toBe(401)
      for (const role of ROLES) {
        const res = await as(role, c.method, c.path()).send(c.body)
        if (ALLOWED.includes(role)) expect([200, 201], `${role}`).toContain(res.status)
        else expect(res.status, `${role}`).toBe(403)
      }
    })
  }
})

describe('the unit sees its own callbacks, masked', () => {
  it('lists only its unit, with masked numbers, no names and how often the caller was lost', async () => {
    const items = await list('unit')
    expect(items.map((i) => i.id).sort()).toEqual([knownId, unknownId].sort())
    const known = items.find((i) => i.id === knownId)
    expect(known).toMatchObject({
      phone: '0532 *** ** 67',
      phoneE164: null,
      citizenName: null,
      callCount: 2,
      reason: 'TRANSFER_UNANSWERED',
    })
    expect(JSON.stringify(items)).not.toContain('Ayşe')
    expect(JSON.stringify(items)).not.toContain('1234567')
  })

  it("refuses another unit's list and another unit's entry with 403, writing nothing", async () => {
    const before = await h.prisma.auditLog.count()
    const attemptsBefore = await h.prisma.callbackAttempt.count()
    const other = await as('unit', 'get', `/worklists/unit-callbacks?unitId=${otherUnitId}`)
    expect(other.status).toBe(403)
    const reveal = await as('unit', 'post', `/worklists/unit-callbacks/${foreignId}/reveal`).send({})
    expect(reveal.status).toBe(403)
    expect(JSON.stringify(reveal.body)).not.toContain('9876543')
    const attempt = await as('unit', 'post', `/worklists/unit-callbacks/${foreignId}/attempts`).send({
      outcome: 'ULASILDI',
    })
    expect(attempt.status).toBe(403)
    expect((attempt.body as { error: { code: string } }).error.code).toBe('callback_other_unit')
    expect(await h.prisma.auditLog.count()).toBe(before)
    expect(await h.prisma.callbackAttempt.count()).toBe(attemptsBefore)
    expect((await h.prisma.callback.findUniqueOrThrow({ where: { id: foreignId } })).status).toBe('OPEN')
  })

  it('shows the full number on request and writes one audit row per reveal', async () => {
    const mark = await lastAuditId()
    const res = await as('unit', 'post', `/worklists/unit-callbacks/${knownId}/reveal`).send({})
    expect(res.status).toBe(200)
    expect(res.body as UnitCallbackReveal).toEqual({
      id: knownId,
      phone: '0532 123 45 67',
      phoneE164: '+905321234567',
    })
    const landline = await as('unit', 'post', `/worklists/unit-callbacks/${unknownId}/reveal`).send({})
    expect((landline.body as UnitCallbackReveal).phone).toBe('0232 368 00 11')
    const rows = await auditRowsAfter(mark, 'callback.phone-reveal')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      actorId: h.users.unit.id,
      actorRole: 'unit',
      entity: 'Citizen',
      entityId: String(citizenId),
    })
    expect(rows[1]).toMatchObject({
      actorId: h.users.unit.id,
      entity: 'Callback',
      entityId: String(unknownId),
    })
  })
})

describe('supervisor and admin', () => {
  it('see every unit (or one by ?unitId) with full numbers and names, audited as a list read', async () => {
    const mark = await lastAuditId()
    const all = await list('supervisor')
    expect(all.map((i) => i.id).sort()).toEqual([knownId, unknownId, foreignId].sort())
    const known = all.find((i) => i.id === knownId)
    expect(known).toMatchObject({
      phone: '0532 123 45 67',
      phoneE164: '+905321234567',
      citizenName: 'Ayşe Demir',
    })
    const reads = await auditRowsAfter(mark, 'citizen.list')
    expect(reads.map((r) => [r.actorId, r.entityId])).toEqual([[h.users.supervisor.id, String(citizenId)]])

    const other = await list('admin', `?unitId=${otherUnitId}`)
    expect(other.map((i) => i.id)).toEqual([foreignId])
    expect(other[0]?.unit.name).toBe('Diğer Müdürlük')
  })
})

describe('attempts', () => {
  it('records an unsuccessful attempt and keeps the entry open', async () => {
    const res = await as('unit', 'post', `/worklists/unit-callbacks/${knownId}/attempts`).send({
      outcome: 'ULASILAMADI',
      note: 'Telefon kapalı',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ closed: false })
    const item = (await list('unit')).find((i) => i.id === knownId)
    expect(item?.attempts).toEqual([
      expect.objectContaining({ outcome: 'ULASILAMADI', note: 'Telefon kapalı', by: 'Test unit' }),
    ])
  })

  it('closes the entry when the caller is reached; a further attempt is a conflict', async () => {
    const res = await as('unit', 'post', `/worklists/unit-callbacks/${knownId}/attempts`).send({
      outcome: 'ULASILDI',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ closed: true })
    const row = await h.prisma.callback.findUniqueOrThrow({ where: { id: knownId } })
    expect(row.status).toBe('DONE')
    expect(row.closedAt).not.toBeNull()
    expect((await list('unit')).map((i) => i.id)).toEqual([unknownId])
    const again = await as('unit', 'post', `/worklists/unit-callbacks/${knownId}/attempts`).send({
      outcome: 'ULASILDI',
    })
    expect(again.status).toBe(409)
  })

  it('closes on request after a message was left', async () => {
    const res = await as('unit', 'post', `/worklists/unit-callbacks/${unknownId}/attempts`).send({
      outcome: 'MESAJ_BIRAKILDI',
      close: true,
    })
    expect(res.body).toMatchObject({ closed: true })
    expect(await list('unit')).toEqual([])
  })

  it('refuses an unknown outcome (400) and an unknown entry (404)', async () => {
    const bad = await as('supervisor', 'post', `/worklists/unit-callbacks/${foreignId}/attempts`).send({
      outcome: 'ARANDI',
    })
    expect(bad.status).toBe(400)
    const missing = await as('supervisor', 'post', '/worklists/unit-callbacks/999999/attempts').send({
      outcome: 'ULASILDI',
    })
    expect(missing.status).toBe(404)
  })

  it('lets the müdür record an attempt for any unit', async () => {
    const res = await as('supervisor', 'post', `/worklists/unit-callbacks/${foreignId}/attempts`).send({
      outcome: 'ULASILDI',
    })
    expect(res.status).toBe(201)
    expect((await h.prisma.callback.findUniqueOrThrow({ where: { id: foreignId } })).status).toBe('DONE')
  })
})
