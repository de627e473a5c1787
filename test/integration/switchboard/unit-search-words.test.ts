/**
 * A unit's search words over HTTP: the admin writes them (Yönetim › Rehber), the santral's directory
 * finds the unit by them and says which matched, the ticket forms get them with the units; bad lists
 * are refused with the field named; the reference seed fills the regulation's units once and never
 * brings back words an admin removed.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import { searchDirectory, type DirectoryView } from '../../../server/contract/switchboard.ts'
import type { UnitsResponse } from '../../../server/contract/tickets.ts'
import { unitWordsMatching } from '../../../server/contract/unit-words.ts'
import { seedDatabase } from '../../../prisma/seed.ts'
import { UNIT_SEARCH_WORDS } from '../../../prisma/seed-data/unit-search-words.ts'
import { UNITS } from '../../../prisma/seed-data/units.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

let h: AuthHarness
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  for (const role of ['admin', 'operator', 'agent'] as const) sessions[role] = await h.signIn(role)
})
afterAll(async () => {
  await h?.close()
})

function as(who: Role, method: 'get' | 'post' | 'patch', path: string) {
  const client = request(h.app)
  return client[method](`/api/v1${path}`)
    .set('cookie', sessions[who].cookie)
    .set('x-csrf-token', sessions[who].csrfToken)
}

interface ErrorBody {
  error: { code: string; details?: { issues?: Array<{ path: string; message: string }> } }
}
const issueOf = (body: unknown, path: string) =>
  (body as ErrorBody).error.details?.issues?.find((i) => i.path === path)?.message

async function directory(): Promise<DirectoryView> {
  return (await as('operator', 'get', '/directory').expect(200)).body as DirectoryView
}

describe('unit search words', () => {
  let unitId: number
  let lineId: number

  beforeAll(async () => {
    const unit = await as('admin', 'post', '/directory/units')
      .send({
        code: 'test-temizlik',
        name: 'Test Temizlik Müdürlüğü',
        searchWords: 'Çöp, konteyner;  moloz\n ,çöp,',
      })
      .expect(201)
    unitId = (unit.body as { id: number }).id
    const line = await as('admin', 'post', '/directory/extensions')
      .send({ number: '2960', label: 'Test Temizlik Müdürlüğü', unitId })
      .expect(201)
    lineId = (line.body as { id: number }).id
  })

  it('stores what the admin typed as a clean list: separators, spaces and repeats tidied', async () => {
    const admin = (await as('admin', 'get', '/directory/admin').expect(200)).body as {
      units: Array<{ id: number; searchWords: string }>
    }
    expect(admin.units.find((u) => u.id === unitId)?.searchWords).toBe('Çöp, konteyner, moloz')
  })

  it('lets the operator find the unit by a word the caller used, and says which word it was', async () => {
    const { entries } = await directory()
    const line = entries.find((e) => e.id === lineId)
    expect(line?.unitWords).toEqual(['Çöp', 'konteyner', 'moloz'])
    for (const query of ['çöp', 'COP', 'konteyn', 'Moloz']) {
      expect(searchDirectory(entries, query)[0]?.id).toBe(lineId)
    }
    expect(unitWordsMatching(line?.unitWords ?? [], 'konteyn')).toEqual(['konteyner'])
    // Its name still finds it, and ranks above a unit that only has the word among its topics.
    expect(searchDirectory(entries, 'test temiz')[0]?.id).toBe(lineId)
  })

  it('ranks a unit whose name starts with the word above one whose search words do', async () => {
    const named = await as('admin', 'post', '/directory/units')
      .send({ code: 'test-konteyner', name: 'Konteyner Kent Müdürlüğü' })
      .expect(201)
    const line = await as('admin', 'post', '/directory/extensions')
      .send({ number: '2961', label: 'Konteyner Kent Müdürlüğü', unitId: (named.body as { id: number }).id })
      .expect(201)
    const ids = searchDirectory((await directory()).entries, 'konteyner').map((e) => e.id)
    expect(ids.indexOf((line.body as { id: number }).id)).toBeLessThan(ids.indexOf(lineId))
  })

  it('gives the ticket forms every unit with its words', async () => {
    const units = (await as('agent', 'get', '/units').expect(200)).body as UnitsResponse
    expect(units.units.find((u) => u.id === unitId)?.searchWords).toEqual(['Çöp', 'konteyner', 'moloz'])
    expect(units.units.find((u) => u.id === h.unitId)?.searchWords).toEqual([])
  })

  it('refuses a word too long or too many words, naming the field, and keeps the old words', async () => {
    const long = await as('admin', 'patch', `/directory/units/${unitId}`)
      .send({ searchWords: `çöp, ${'uzun'.repeat(11)}` })
      .expect(400)
    expect(issueOf(long.body, 'searchWords')).toMatch(/en çok 40 karakter/)
    const many = await as('admin', 'patch', `/directory/units/${unitId}`)
      .send({ searchWords: Array.from({ length: 41 }, (_, i) => `sözcük${i}`).join(', ') })
      .expect(400)
    expect(issueOf(many.body, 'searchWords')).toMatch(/En çok 40 sözcük/)
    const line = (await directory()).entries.find((e) => e.id === lineId)
    expect(line?.unitWords).toEqual(['Çöp', 'konteyner', 'moloz'])
  })

  it('shows a change at once and drops the unit from a search once its words are cleared', async () => {
    await as('admin', 'patch', `/directory/units/${unitId}`).send({ searchWords: 'süpürme, çöp' }).expect(200)
    let entries = (await directory()).entries
    expect(searchDirectory(entries, 'süpür')[0]?.id).toBe(lineId)
    expect(searchDirectory(entries, 'moloz').map((e) => e.id)).not.toContain(lineId)
    await as('admin', 'patch', `/directory/units/${unitId}`).send({ searchWords: '' }).expect(200)
    entries = (await directory()).entries
    expect(entries.find((e) => e.id === lineId)?.unitWords).toEqual([])
    expect(searchDirectory(entries, 'çöp').map((e) => e.id)).not.toContain(lineId)
  })
})

describe('the reference seed', () => {
  it('has words for every unit of the regulation, and none for a unit it does not make', () => {
    expect(Object.keys(UNIT_SEARCH_WORDS).sort()).toEqual(UNITS.map((u) => u.code).sort())
  })

  it('fills the units once and leaves an admin’s words, even none, as they are', async () => {
    await seedDatabase(h.prisma, { demo: false })
    const temizlik = await h.prisma.unit.findUniqueOrThrow({ where: { code: 'temizlik-isleri' } })
    expect(temizlik.searchWords).toMatch(/^çöp, konteyner/)
    // A unit made before the words existed (null) gets them at the next start; one cleared stays so.
    await h.prisma.unit.update({ where: { code: 'zabita' }, data: { searchWords: null } })
    await h.prisma.unit.update({ where: { code: 'temizlik-isleri' }, data: { searchWords: '' } })
    await h.prisma.unit.update({ where: { code: 'park-bahceler' }, data: { searchWords: 'ağaç' } })
    await seedDatabase(h.prisma, { demo: false })
    const byCode = async (code: string) =>
      (await h.prisma.unit.findUniqueOrThrow({ where: { code } })).searchWords
    expect(await byCode('zabita')).toMatch(/seyyar satıcı/)
    expect(await byCode('temizlik-isleri')).toBe('')
    expect(await byCode('park-bahceler')).toBe('ağaç')
  })
})
