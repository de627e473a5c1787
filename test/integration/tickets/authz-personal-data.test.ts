/**
 * What each role sees of a ticket's citizen over HTTP: unit staff get a masked number and nothing else of
 * the person (numbers typed into the text masked too), the directorate the name and number the work needs;
 * and one AuditLog row for every citizen record an allowed role read. Who may call each endpoint at all:
 * authz-endpoints.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createTicketAuthz, PERSONAL, ticketBody, type TicketAuthz } from './authz-harness.ts'

let w: TicketAuthz
beforeAll(async () => {
  w = await createTicketAuthz()
})
afterAll(async () => {
  await w.close()
})

describe('what each role sees', () => {
  it('unit staff: masked number, no name, no e-mail, no address, no citizen id', async () => {
    const id = await w.ticketAtUnit()
    const detail = await w.call('unit', 'get', `/tickets/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({
      citizen: { id: null, fullName: null, phone: '0532 *** ** 67', phoneMasked: true, mahalle: 'Bostanlı' },
    })
    const list = await w.call('unit', 'get', '/tickets?pageSize=100')
    for (const text of [JSON.stringify(detail.body), JSON.stringify(list.body)]) {
      for (const secret of PERSONAL) expect(text).not.toContain(secret)
    }
  })

  it('unit staff: phone numbers typed into the ticket’s text are masked before they leave the server', async () => {
    const { id, number } = await createTicket(w.deps, w.actors.agent, {
      ...ticketBody,
      subject: 'Geri arama: 0532 987 65 43',
      description:
        'Vatandaş 0532 987 65 43 ya da ev (0232) 368 12 34 numarasından aranmak istiyor. Kapı no 15.',
      citizenId: w.citizenId,
      unitId: w.h.unitId,
    })
    await w.call('agent', 'post', `/tickets/${id}/comments`, { text: 'Komşusu: +90 555 444 33 22' })
    for (const path of [`/tickets/${id}`, `/tickets/${number}`]) {
      const detail = await w.call('unit', 'get', path)
      expect(detail.status, path).toBe(200)
      const text = JSON.stringify(detail.body)
      for (const digits of ['987 65 43', '9876543', '368 12 34', '444 33 22'])
        expect(text).not.toContain(digits)
      expect(detail.body).toMatchObject({
        subject: 'Geri arama: 0532 *** ** 43',
        description:
          'Vatandaş 0532 *** ** 43 ya da ev 0232 *** ** 34 numarasından aranmak istiyor. Kapı no 15.',
      })
      expect(text).toContain('0555 *** ** 22')
    }
    const list = await w.call('unit', 'get', `/tickets?q=${encodeURIComponent('Geri arama')}`)
    expect(JSON.stringify(list.body)).not.toContain('987 65 43')
    const agent = await w.call('agent', 'get', `/tickets/${number}`)
    expect(agent.body).toMatchObject({ id, subject: 'Geri arama: 0532 987 65 43' })
  })

  it('unit staff: numbers run together with others, in any spelling, and T.C. kimlik numbers are masked too', async () => {
    const { id, number } = await createTicket(w.deps, w.actors.agent, {
      ...ticketBody,
      citizenId: w.citizenId,
      unitId: w.h.unitId,
    })
    const lines = [
      ['No 5 0532 123 45 67', 'No 5 0532 *** ** 67'],
      ['0532 123 45 67 2 kez aradı', '0532 *** ** 67 2 kez aradı'],
      ['Aradı 0532 123 45 67 - 15.12.2026', 'Aradı 0532 *** ** 67 - 15.12.2026'],
      ['saat 14 0532 123 45 67', 'saat 14 0532 *** ** 67'],
      ['0532 123 45 67 0533 765 43 21', '0532 *** ** 67 0533 *** ** 21'],
      ['05321234567/05337654321', '0532 *** ** 67/0533 *** ** 21'],
      ['0532 123 45 67 - 0232 368 12 34', '0532 *** ** 67 - 0232 *** ** 34'],
      ['0090 532 123 45 67', '0532 *** ** 67'],
      ['+90 (532) 123-45-67', '0532 *** ** 67'],
      ['0532_123_45_67', '0532 *** ** 67'],
      ['0532,123,45,67', '0532 *** ** 67'],
      ['Tel05321234567', 'Tel0532 *** ** 67'],
      ['０５３２ １２３ ４５ ６７', '0532 *** ** 67'],
      ['0532\u00ad123\u00ad45\u00ad67', '0532 *** ** 67'],
      ['0532\u200b123\u200b45\u200b67', '0532 *** ** 67'],
      ['0532:123:45:67', '0532 *** ** 67'],
      ['0532*123*45*67 ya da 0532|123|45|67', '0532 *** ** 67 ya da 0532 *** ** 67'],
      ['⁰⁵³² ¹²³ ⁴⁵ ⁶⁷', '0532 *** ** 67'],
      ['beni 5 3 2 1 2 3 4 5 6 7 den arayın', 'beni 0532 *** ** 67 den arayın'],
      ['TC 12345678950', 'TC *********50'],
      ['Talep T-2026-000123, saat 14:30, No:5', 'Talep T-2026-000123, saat 14:30, No:5'],
      ['Yanıtı hatice.yilmaz@example.com adresine', 'Yanıtı h***@example.com adresine'],
      ['ya da Şükrü_Öz+1@belediye.bel.tr', 'ya da Ş***@belediye.bel.tr'],
    ]
    const written = lines.map(([text]) => text).join('\n')
    const res = await w.call('agent', 'post', `/tickets/${id}/comments`, { text: written })
    expect(res.status).toBeLessThan(300)

    const unit = await w.call('unit', 'get', `/tickets/${id}`)
    expect(unit.status).toBe(200)
    const seen = JSON.stringify(unit.body)
    expect(seen).toContain(JSON.stringify(lines.map(([, masked]) => masked).join('\n')))
    for (const secret of [
      '123 45 67',
      '1234567',
      '765 43 21',
      '7654321',
      '368 12 34',
      '１２３',
      '¹²³',
      '1 2 3 4',
      '345678',
      'hatice.yilmaz',
      'Şükrü_Öz',
    ])
      expect(seen).not.toContain(secret)

    const agent = await w.call('agent', 'get', `/tickets/${number}`)
    expect(JSON.stringify(agent.body)).toContain(JSON.stringify(written))
  })

  it('unit staff cannot find a masked number by searching for its digits; what they see is found', async () => {
    const { id, number } = await createTicket(w.deps, w.actors.agent, {
      ...ticketBody,
      subject: 'Beni 05427778899 numarasından arayın, kapı no 15',
      citizenId: w.citizenId,
      unitId: w.h.unitId,
    })
    const found = async (role: 'unit' | 'agent', q: string) => {
      const res = await w.call(role, 'get', `/tickets?pageSize=100&q=${encodeURIComponent(q)}`)
      expect(res.status, q).toBe(200)
      return (res.body as { items: { id: number }[] }).items.some((t) => t.id === id)
    }
    // Guessing the hidden digits one by one, spaced or not: never a hit, right guess or wrong.
    for (const q of ['0542777', '05427778899', '777 88', '7778899', '888', 'arayın 777'])
      expect({ q, found: await found('unit', q) }).toEqual({ q, found: false })
    // What the unit reads is found: the words, the visible digits, the ticket's number.
    for (const q of ['numarasından', '0542', '99 numarasından', 'kapı no 15', number])
      expect({ q, found: await found('unit', q) }).toEqual({ q, found: true })
    // The directorate, who reads the number, finds it by it.
    expect(await found('agent', '7778899')).toBe(true)
  })

  it('a ticket is found by its number too (its own address); an unknown number is 404', async () => {
    const { id, number } = await createTicket(w.deps, w.actors.agent, {
      ...ticketBody,
      citizenId: w.citizenId,
    })
    const byNumber = await w.call('agent', 'get', `/tickets/${number}`)
    expect(byNumber.body).toMatchObject({ id, number })
    const missing = await w.call('agent', 'get', '/tickets/2099-999999')
    expect(missing.status).toBe(404)
  })

  it.each(['agent', 'operator', 'supervisor', 'admin'] as const)(
    '%s sees the name and number the work needs',
    async (role) => {
      const id = await w.ticketAtUnit()
      const detail = await w.call(role, 'get', `/tickets/${id}`)
      expect(detail.body).toMatchObject({
        citizen: { id: w.citizenId, fullName: 'Ayşe Yılmaz', phone: '0532 123 45 67', phoneMasked: false },
      })
      const citizen = await w.call(role, 'get', `/citizens/${w.citizenId}`)
      expect(citizen.body).toMatchObject({ email: 'ayse@example.com', address: 'Cemal Gürsel Cd. 10' })
    },
  )
})

describe('every citizen read is audited', () => {
  const READS: [string, () => string][] = [
    ['GET /citizens/:id', () => `/citizens/${w.citizenId}`],
    ['GET /citizens?q=', () => '/citizens?q=ayşe yılmaz'],
    ['GET /citizens/:id/tickets', () => `/citizens/${w.citizenId}/tickets`],
    ['GET /tickets (names in the list)', () => '/tickets?q=kaldırım&pageSize=5'],
  ]
  it.each(['agent', 'operator', 'supervisor', 'admin'] as const)('%s', async (role) => {
    for (const [name, path] of READS) {
      const before = await w.h.prisma.auditLog.count({
        where: { entity: 'Citizen', entityId: String(w.citizenId) },
      })
      const res = await w.call(role, 'get', path())
      expect(res.status, name).toBe(200)
      const rows = await w.h.prisma.auditLog.findMany({
        where: { entity: 'Citizen', entityId: String(w.citizenId) },
        orderBy: { id: 'asc' },
        skip: before,
      })
      expect(rows.length, name).toBe(1)
      expect(rows[0], name).toMatchObject({ actorId: w.h.users[role].id, actorRole: role })
      expect(rows[0]?.ip, name).toMatch(/127\.0\.0\.1/)
    }
  })

  it('reading a ticket detail with the citizen audits the citizen; unit staff (masked) leave no citizen row', async () => {
    const id = await w.ticketAtUnit()
    const count = () =>
      w.h.prisma.auditLog.count({ where: { entity: 'Citizen', entityId: String(w.citizenId) } })
    const start = await count()
    await w.call('agent', 'get', `/tickets/${id}`)
    expect(await count()).toBe(start + 1)
    await w.call('unit', 'get', `/tickets/${id}`)
    expect(await count()).toBe(start + 1)
  })
})
