import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeCitizens } from '../../../server/services/citizens/citizen-merge.ts'
import {
  createCitizen,
  getCitizen,
  updateCitizen,
} from '../../../server/services/citizens/citizen-records.ts'
import { findCitizensByPhone, searchCitizens } from '../../../server/services/citizens/citizen-search.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { getTicketDetail } from '../../../server/services/tickets/ticket-queries.ts'
import { createTicketFixture, recordCall, type TicketFixture } from '../tickets/ticket-fixture.ts'

let f: TicketFixture
beforeAll(async () => {
  f = await createTicketFixture()
})
afterAll(async () => {
  await f.drop()
})

async function auditRows(citizenId: number) {
  return f.prisma.auditLog.findMany({
    where: { entity: 'Citizen', entityId: String(citizenId) },
    orderBy: { id: 'asc' },
  })
}

describe('citizen records', () => {
  it('create normalises phones, records the KVKK notice time and flags records sharing a number', async () => {
    f.clock.set('2026-03-02T07:30:00Z')
    const first = await createCitizen(f.deps, f.actors.agent, {
      fullName: '  İsmail Işık ',
      phones: [
        { number: '0 (532) 111 22 33', label: 'cep' },
        { number: '+90 532 111 2233' },
        { number: '368 12 34' },
      ],
      kvkkNoticeGiven: true,
    })
    expect(first.citizen).toMatchObject({
      fullName: 'İsmail Işık',
      kvkkNoticeAt: '2026-03-02T07:30:00.000Z',
      phones: [
        { e164: '+905321112233', display: '0532 111 22 33', label: 'cep' },
        { e164: '+902323681234', display: '0232 368 12 34', label: null },
      ],
    })
    expect(first.possibleDuplicates).toEqual([])
    const second = await createCitizen(f.deps, f.actors.operator, {
      fullName: 'I. Işık',
      phones: [{ number: '05321112233' }],
    })
    expect(second.citizen.kvkkNoticeAt).toBeNull()
    expect(second.possibleDuplicates.map((d) => d.id)).toEqual([first.citizen.id])
    expect((await auditRows(second.citizen.id)).map((r) => r.action)).toEqual(['citizen.create'])
  })

  it('rejects a number that is not a phone number with a field error', async () => {
    await expect(
      createCitizen(f.deps, f.actors.agent, { fullName: 'Ali Veli', phones: [{ number: '112' }] }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: 'phones.0.number', code: 'invalid_phone' }] })
  })

  it('search finds a name whatever the case and Turkish letters, a phone in any spelling, a ticket number', async () => {
    const { citizen } = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Şükrü Öztürk Çağlayan',
      phones: [{ number: '0533 444 55 66' }],
    })
    for (const q of ['sukru', 'ŞÜKRÜ', 'ozturk caglayan', 'çağlayan şük']) {
      expect(
        (await searchCitizens(f.deps, f.actors.agent, q)).items.map((c) => c.id),
        q,
      ).toContain(citizen.id)
    }
    expect((await searchCitizens(f.deps, f.actors.agent, 'ISMAIL')).items.map((c) => c.fullName)).toEqual([
      'İsmail Işık',
    ])
    expect((await searchCitizens(f.deps, f.actors.agent, 'isik')).items.map((c) => c.fullName)).toEqual(
      expect.arrayContaining(['İsmail Işık', 'I. Işık']),
    )
    for (const q of ['05334445566', '+90 533 444 55 66', '533-444-5566', '0090 533 4445566']) {
      const result = await searchCitizens(f.deps, f.actors.agent, q)
      expect(result.matchedBy, q).toBe('phone')
      expect(
        result.items.map((c) => c.id),
        q,
      ).toEqual([citizen.id])
    }
    const ticket = await createTicket(f.deps, f.actors.agent, {
      type: 'ONERI',
      channel: 'WEB',
      subject: 'Bisiklet yolu',
      description: 'Öneri',
      citizenId: citizen.id,
    })
    const byNumber = await searchCitizens(f.deps, f.actors.agent, ticket.number.replace(/-0+/, '-'))
    expect(byNumber).toMatchObject({ matchedBy: 'ticket', items: [{ id: citizen.id, openTickets: 1 }] })
    expect((await searchCitizens(f.deps, f.actors.agent, 'yok böyle biri')).items).toEqual([])
  })

  it('every record a search shows is one audit row with who, role, action and IP', async () => {
    const { citizen } = await createCitizen(f.deps, f.actors.agent, { fullName: 'Zeynep Audit', phones: [] })
    f.clock.set('2026-03-02T09:00:00Z')
    await searchCitizens(f.deps, f.actors.supervisor, 'zeynep audit')
    await getCitizen(f.deps, f.actors.admin, citizen.id)
    const rows = (await auditRows(citizen.id)).slice(1)
    expect(rows.map((r) => [r.action, r.actorId, r.actorRole, r.ip])).toEqual([
      ['citizen.list', f.actors.supervisor.userId, 'supervisor', '127.0.0.1'],
      ['citizen.read', f.actors.admin.userId, 'admin', '127.0.0.1'],
    ])
    expect(rows[0]?.at).toEqual(new Date('2026-03-02T09:00:00Z'))
  })

  it('edit: fields and phones change, the audit row names the fields but not their values', async () => {
    const { citizen } = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Mehmet Kaya',
      phones: [{ number: '0535 000 00 01' }],
    })
    const updated = await updateCitizen(f.deps, f.actors.agent, citizen.id, {
      address: 'Girne Blv. 10',
      phones: [{ number: '0535 000 00 02', label: 'iş' }],
      kvkkNoticeGiven: true,
    })
    expect(updated).toMatchObject({
      address: 'Girne Blv. 10',
      phones: [{ e164: '+905350000002', label: 'iş' }],
    })
    expect(updated.kvkkNoticeAt).not.toBeNull()
    const row = (await auditRows(citizen.id)).at(-1)
    expect(row).toMatchObject({
      action: 'citizen.update',
      detail: { changed: ['address', 'kvkkNoticeAt', 'phones'] },
    })
    expect(JSON.stringify(row?.detail)).not.toContain('Girne')
  })
})

describe('screen-pop lookup', () => {
  it('returns every live holder of the number with open tickets, newest first, and audits the pop', async () => {
    const a = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Ev Telefonu Bir',
      phones: [{ number: '0232 330 00 00' }],
    })
    const b = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Ev Telefonu İki',
      phones: [{ number: '02323300000' }],
    })
    const ticket = await createTicket(f.deps, f.actors.agent, {
      type: 'SIKAYET',
      channel: 'SANTRAL',
      subject: 'Çöp alınmadı',
      description: 'x',
      citizenId: a.citizen.id,
    })
    await recordCall(f.prisma, '+902323300000', '2026-03-01T10:00:00Z', a.citizen.id)
    const candidates = await findCitizensByPhone(f.deps, f.actors.agent, '+902323300000')
    expect(candidates.map((c) => c.fullName).sort()).toEqual(['Ev Telefonu Bir', 'Ev Telefonu İki'])
    const first = candidates.find((c) => c.id === a.citizen.id)
    expect(first).toMatchObject({
      phones: ['+902323300000'],
      openTickets: [{ id: ticket.id, number: ticket.number, subject: 'Çöp alınmadı', status: 'YENI' }],
      lastContactAt: '2026-03-01T10:00:00.000Z',
    })
    expect(candidates.find((c) => c.id === b.citizen.id)?.openTickets).toEqual([])
    expect((await auditRows(a.citizen.id)).at(-1)).toMatchObject({
      action: 'citizen.screen-pop',
      actorRole: 'agent',
    })
    expect(await findCitizensByPhone(f.deps, f.actors.agent, '+905559999999')).toEqual([])
  })
})

describe('merging duplicates', () => {
  it('moves tickets, calls, callbacks and phones to the survivor; the duplicate points to it', async () => {
    const survivor = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Hatice Demir',
      phones: [{ number: '0542 100 10 10' }],
    })
    const duplicate = await createCitizen(f.deps, f.actors.agent, {
      fullName: 'Hatice Demir',
      phones: [{ number: '0542 100 10 10' }, { number: '0542 200 20 20' }],
      email: 'hatice@example.com',
      kvkkNoticeGiven: true,
    })
    const ticket = await createTicket(f.deps, f.actors.agent, {
      type: 'ISTEK',
      channel: 'CAGRI_MERKEZI',
      subject: 'Kaldırım',
      description: 'x',
      citizenId: duplicate.citizen.id,
    })
    const callId = await recordCall(f.prisma, '+905422002020', '2026-03-01T11:00:00Z', duplicate.citizen.id)
    await f.prisma.callback.create({
      data: {
        phoneE164: '+905422002020',
        citizenId: duplicate.citizen.id,
        reason: 'ABANDONED',
        dueAt: new Date('2026-03-02T12:00:00Z'),
        firstCallAt: new Date('2026-03-01T11:00:00Z'),
        lastCallAt: new Date('2026-03-01T11:00:00Z'),
      },
    })

    const result = await mergeCitizens(f.deps, f.actors.supervisor, survivor.citizen.id, duplicate.citizen.id)
    expect(result.moved).toEqual({ phones: 1, tickets: 1, calls: 1, callbacks: 1 })
    expect(result.citizen).toMatchObject({
      id: survivor.citizen.id,
      email: 'hatice@example.com',
      mergedFromIds: [duplicate.citizen.id],
      openTickets: 1,
    })
    expect(result.citizen.phones.map((p) => p.e164)).toEqual(['+905421001010', '+905422002020'])
    expect(result.citizen.kvkkNoticeAt).not.toBeNull()
    expect(await f.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({
      citizenId: survivor.citizen.id,
    })
    expect(
      (await f.prisma.citizen.findUniqueOrThrow({ where: { id: duplicate.citizen.id } })).mergedIntoId,
    ).toBe(survivor.citizen.id)

    const viaOldId = await getCitizen(f.deps, f.actors.agent, duplicate.citizen.id)
    expect(viaOldId).toMatchObject({ id: survivor.citizen.id, requestedId: duplicate.citizen.id })
    const history = (await getTicketDetail(f.deps, f.actors.agent, ticket.id)).history
    expect(history.at(-1)).toMatchObject({ kind: 'COMMENT', data: { change: 'citizen-merged' } })
    expect((await auditRows(duplicate.citizen.id)).some((r) => r.action === 'citizen.merge')).toBe(true)
    expect((await auditRows(survivor.citizen.id)).some((r) => r.action === 'citizen.merge')).toBe(true)

    const pop = await findCitizensByPhone(f.deps, f.actors.agent, '+905421001010')
    expect(pop.map((c) => c.id)).toEqual([survivor.citizen.id])

    await expect(
      mergeCitizens(f.deps, f.actors.supervisor, survivor.citizen.id, duplicate.citizen.id),
    ).rejects.toMatchObject({ status: 409, code: 'citizen_merged' })
    await expect(
      mergeCitizens(f.deps, f.actors.supervisor, survivor.citizen.id, survivor.citizen.id),
    ).rejects.toMatchObject({ status: 400 })
    await expect(
      updateCitizen(f.deps, f.actors.agent, duplicate.citizen.id, { fullName: 'x y' }),
    ).rejects.toMatchObject({
      status: 409,
    })
  })
})
