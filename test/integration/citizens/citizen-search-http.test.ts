/**
 * The agent's citizen search over HTTP (`GET /api/v1/citizens?q=`) on PostgreSQL, for numbers typed the
 * way people type them: part of a number with or without the trunk 0 or +90, its last digits, a name
 * with part of a number; too few digits are refused in Turkish; every record shown is audited.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CitizenSearchResult } from '../../../server/contract/citizens.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

type Session = { cookie: string; csrfToken: string }

let h: AuthHarness
let agent: Session
let ayse: number
let mehmet: number
let newRange: number

const search = (q: string, who: Session = agent) =>
  request(h.app)
    .get(`/api/v1/citizens?${new URLSearchParams({ q }).toString()}`)
    .set('cookie', who.cookie)

async function idsFor(q: string): Promise<number[]> {
  const res = await search(q)
  expect(res.status, q).toBe(200)
  return (res.body as CitizenSearchResult).items.map((c) => c.id)
}

async function createCitizen(fullName: string, number: string): Promise<number> {
  const res = await request(h.app)
    .post('/api/v1/citizens')
    .set('cookie', agent.cookie)
    .set('x-csrf-token', agent.csrfToken)
    .send({ fullName, phones: [{ number }] })
  expect(res.status).toBe(201)
  return (res.body as { citizen: { id: number } }).citizen.id
}

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  agent = await h.signIn('agent')
  ayse = await createCitizen('Ayşe Yılmaz', '+905325991234')
  mehmet = await createCitizen('Mehmet Demir', '0532 599 00 00')
  await createCitizen('Ayşe Kaya', '0533 599 12 34')
  // A number in a range libphonenumber does not know (a PBX delivered it, or the range is newer than
  // the library): agents cannot type it into a record, but it can be held.
  newRange = (
    await h.prisma.citizen.create({
      data: { fullName: 'Yeni Hat', phones: { create: [{ e164: '+905801234567' }] } },
    })
  ).id
}, 60_000)
afterAll(() => h.close())

describe('citizen search by part of a phone number', () => {
  it.each(['0532 599', '532599', '0 532 599 12', '+90 532 599', '0090 532 599', '(0532) 599-12', '90532599'])(
    'finds +905325991234 from %j, and not a number of another operator',
    async (q) => {
      const res = await search(q)
      expect(res.status).toBe(200)
      const body = res.body as CitizenSearchResult
      expect(body.matchedBy).toBe('phone')
      const ids = body.items.map((c) => c.id)
      expect(ids).toContain(ayse)
      expect(ids).not.toContain(newRange)
      expect(body.items.find((c) => c.id === ayse)?.phones[0]?.display).toBe('0532 599 12 34')
    },
  )

  it('tells the start of a number from other digits: 0532 599 12 is not 0532 599 00', async () => {
    expect(await idsFor('0532 599 12')).toEqual([ayse])
    expect(await idsFor('0532 599 00')).toEqual([mehmet])
  })

  it('finds a number by its last digits, with or without a leading 0', async () => {
    expect((await idsFor('1234')).sort()).toEqual([ayse, (await idsFor('0533 599 12 34'))[0]].sort())
    expect(await idsFor('12 34')).toContain(ayse)
    expect(await idsFor('991234')).toContain(ayse)
    // 0000 and 0532 are too little for the start of a number (0 is the trunk prefix) but are last digits.
    expect(await idsFor('0000')).toEqual([mehmet])
    expect(await idsFor('0532')).toEqual([])
  })

  it('still finds a complete number exactly, in any spelling', async () => {
    for (const q of ['0532 599 12 34', '+90 532 599 1234', '5325991234', '0090 532 599 12 34'])
      expect(await idsFor(q), q).toEqual([ayse])
  })

  it('finds and shows a +90 number in a range libphonenumber does not know', async () => {
    const res = await search('0580 123')
    const body = res.body as CitizenSearchResult
    expect(body.items.map((c) => c.id)).toEqual([newRange])
    expect(body.items[0]?.phones[0]?.display).toBe('0580 123 45 67')
    expect(await idsFor('0580 123 45 67')).toEqual([newRange])
  })

  it('refuses fewer than 4 digits in Turkish, at the search field, without reading anyone', async () => {
    const before = await h.prisma.auditLog.count()
    for (const q of ['12', '053', '+90 532', '0090 53', '+90 5', '(0) 5-3']) {
      const res = await search(q)
      expect(res.status, q).toBe(400)
      const error = errorOf(res)
      expect(error.message).toBe(
        'Telefon numarasıyla aramak için en az 4 rakam yazın (+90 ya da 0090 sayılmaz).',
      )
      expect(error.details?.['issues']).toEqual([
        expect.objectContaining({ path: 'q', message: error.message }) as unknown,
      ])
    }
    expect(await h.prisma.auditLog.count()).toBe(before)
  })

  it('narrows a name by part of a number, and a number by a name', async () => {
    const both = await search('Ayşe 0532 599')
    expect((both.body as CitizenSearchResult).items.map((c) => c.id)).toEqual([ayse])
    expect(await idsFor('ayse 1234')).toEqual(expect.arrayContaining([ayse, (await idsFor('Ayşe Kaya'))[0]]))
    expect(await idsFor('Ayşe 0533')).not.toContain(ayse)
    expect(await idsFor('Mehmet 0532 599 12')).toEqual([])
    // Beside a name any digits count, even fewer than 4.
    expect(await idsFor('yılmaz 34')).toEqual([ayse])
    expect(await idsFor('Ayşe Yılmaz')).toEqual([ayse])
  })

  it('writes one audit row per record a partial number showed', async () => {
    const last = await h.prisma.auditLog.findFirst({ orderBy: { id: 'desc' } })
    const ids = await idsFor('0532 599')
    expect(ids).toEqual(expect.arrayContaining([ayse, mehmet]))
    const rows = await h.prisma.auditLog.findMany({ where: { id: { gt: last?.id ?? 0 } } })
    expect(rows.map((r) => [r.actorId, r.action])).toEqual(ids.map(() => [h.users.agent.id, 'citizen.list']))
    expect(rows.map((r) => Number(r.entityId)).sort()).toEqual([...ids].sort())
    expect(rows.every((r) => JSON.stringify(r.detail) === '{"matchedBy":"phone"}')).toBe(true)
  })
})
