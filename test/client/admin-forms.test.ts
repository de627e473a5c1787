/** The pure parts of Yönetim's forms: sections in the address, the user form's requests, the years offered. */
import { describe, expect, it } from 'vitest'
import type { PbxSetupResponse } from '../../server/contract/pbx-setup.ts'
import type { UserView } from '../../server/contract/users.ts'
import { sectionFromSearch, sectionHref, sectionsFor } from '../../client/src/lib/admin-sections.ts'
import { yearChoices } from '../../client/src/views/admin/calendar/years.ts'
import {
  extensionChoices,
  interfaceChoices,
  noFreeInterface,
} from '../../client/src/views/admin/users/member-choices.ts'
import {
  createRequest,
  draftOf,
  endsSessions,
  updateRequest,
} from '../../client/src/views/admin/users/user-form.ts'

const AGENT: UserView = {
  id: 3,
  username: 'agent1',
  fullName: 'Ayşe Yılmaz',
  role: 'agent',
  unit: { id: 9, name: 'Halkla İlişkiler Müdürlüğü' },
  memberInterfaces: ['Local/1001@agents/n'],
  extension: '1001',
  email: null,
  unitDigest: false,
  active: true,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  passwordChangedAt: null,
}

describe('admin sections', () => {
  it('reads the section from the address and falls back to the first', () => {
    expect(sectionFromSearch('?bolum=tatiller')).toBe('tatiller')
    expect(sectionFromSearch('?bolum=API-anahtarlari')).toBe('api-anahtarlari')
    expect(sectionFromSearch('?bolum=yok')).toBe('kullanicilar')
    expect(sectionFromSearch('')).toBe('kullanicilar')
    expect(sectionHref('santral')).toBe('/yonetim?bolum=santral')
  })

  it('opens only KVKK for the data officer, whatever the address asks', () => {
    const officer = sectionsFor('kvkk')
    expect(officer.map((s) => s.id)).toEqual(['kvkk'])
    expect(sectionFromSearch('?bolum=kullanicilar', officer)).toBe('kvkk')
    expect(sectionFromSearch('', officer)).toBe('kvkk')
    expect(sectionFromSearch('?bolum=kvkk', sectionsFor('admin'))).toBe('kvkk')
  })
})

describe('the user form’s requests', () => {
  it('sends only what changed, so a renamed agent keeps their unit and sessions', () => {
    const body = updateRequest(AGENT, { ...draftOf(AGENT), fullName: ' Ayşe Yılmaz Kaya ' })
    expect(body).toEqual({ fullName: 'Ayşe Yılmaz Kaya' })
    expect(endsSessions(body)).toBe(false)
    expect(updateRequest(AGENT, draftOf(AGENT))).toEqual({})
  })

  it('gives unit staff the chosen unit and takes it away from someone leaving the unit role', () => {
    const toUnit = updateRequest(AGENT, { ...draftOf(AGENT), role: 'unit', unitId: '4' })
    expect(toUnit).toEqual({ role: 'unit', unitId: 4 })
    expect(endsSessions(toUnit)).toBe(true)
    const staff: UserView = {
      ...AGENT,
      role: 'unit',
      unit: { id: 4, name: 'Fen İşleri' },
      memberInterfaces: [],
    }
    expect(updateRequest(staff, { ...draftOf(staff), role: 'operator' })).toEqual({
      role: 'operator',
      unitId: null,
    })
  })

  it('compares interfaces as a set and sends an emptied extension as none', () => {
    const draft = {
      ...draftOf(AGENT),
      memberInterfaces: ['PJSIP/1001', 'Local/1001@agents/n'],
      extension: ' ',
    }
    expect(updateRequest(AGENT, draft)).toEqual({
      memberInterfaces: ['Local/1001@agents/n', 'PJSIP/1001'],
      extension: null,
    })
    expect(
      updateRequest(
        { ...AGENT, memberInterfaces: ['b', 'a'] },
        { ...draftOf(AGENT), memberInterfaces: ['a', 'b'] },
      ),
    ).toEqual({})
  })

  it('creates a user with a unit only for unit staff', () => {
    // A new account starts with no role: nobody becomes an agent by not touching the field.
    expect(draftOf(null).role).toBe('')
    const draft = {
      ...draftOf(null),
      username: ' ayse.k ',
      fullName: 'Ayşe K',
      role: 'agent' as const,
      unitId: '4',
      password: 'x',
    }
    expect(createRequest(draft)).toMatchObject({
      username: 'ayse.k',
      role: 'agent',
      unitId: null,
      extension: null,
    })
    expect(createRequest({ ...draft, role: 'unit' }).unitId).toBe(4)
    // The digest is for unit staff only; an address is sent trimmed, none as null.
    expect(createRequest({ ...draft, unitDigest: true, email: ' a@b.test ' })).toMatchObject({
      unitDigest: false,
      email: 'a@b.test',
    })
    expect(createRequest({ ...draft, role: 'unit', unitDigest: true }).unitDigest).toBe(true)
  })
})

const SETUP: PbxSetupResponse = {
  orphanQueues: [],
  pbxs: [
    {
      id: 'main',
      state: 'connected',
      simulated: false,
      queues: [
        {
          pbxId: 'main',
          name: 'hizmet-hatti',
          onPbx: true,
          settings: {
            id: 1,
            label: 'Hizmet Hattı',
            kind: 'CALL_CENTRE',
            shown: true,
            serviceLevelSec: 20,
            shortAbandonSec: 5,
            wrapUpSec: 0,
          },
          members: [
            {
              interface: 'PJSIP/4102',
              name: 'Temsilci 4102',
              user: { id: 3, username: 'agent1', fullName: 'Ayşe Yılmaz' },
            },
            { interface: 'PJSIP/4101', name: 'Temsilci 4101', user: null },
          ],
        },
        {
          pbxId: 'main',
          name: 'yedek',
          onPbx: true,
          settings: null,
          members: [{ interface: 'PJSIP/4101', name: 'Temsilci 4101', user: null }],
        },
        { pbxId: 'main', name: 'eski', onPbx: false, settings: null, members: [] },
      ],
      extensions: [
        { pbxId: 'main', exten: '5010', context: 'from-internal', hint: 'PJSIP/5010', directory: null },
        { pbxId: 'main', exten: '5002', context: 'from-internal', hint: null, directory: null },
      ],
    },
  ],
}

describe('member choices', () => {
  it('offers each reported interface once, with its member name, queues and holder', () => {
    const choices = interfaceChoices(SETUP, null, [])
    expect(choices).toEqual([
      {
        interface: 'PJSIP/4101',
        pbxId: 'main',
        names: ['Temsilci 4101'],
        queues: ['Hizmet Hattı', 'yedek'],
        takenBy: null,
        onPbx: true,
      },
      {
        interface: 'PJSIP/4102',
        pbxId: 'main',
        names: ['Temsilci 4102'],
        queues: ['Hizmet Hattı'],
        takenBy: { id: 3, username: 'agent1', fullName: 'Ayşe Yılmaz' },
        onPbx: true,
      },
    ])
    expect(noFreeInterface(choices)).toBe(false)
  })

  it('does not count the edited person’s own interface as taken, and lists saved ones the PBX lacks', () => {
    const choices = interfaceChoices(SETUP, 3, ['PJSIP/4102', 'Local/9001@agents/n'])
    expect(choices.find((c) => c.interface === 'PJSIP/4102')?.takenBy).toBeNull()
    expect(choices.at(-1)).toMatchObject({ interface: 'Local/9001@agents/n', onPbx: false })
  })

  it('says when there is nothing free to choose (the typed entry is then offered first)', () => {
    expect(noFreeInterface(interfaceChoices(null, null, []))).toBe(true)
    const taken = interfaceChoices(SETUP, null, []).map((c) => ({
      ...c,
      takenBy: { id: 1, username: 'x', fullName: 'X' },
    }))
    expect(noFreeInterface(taken)).toBe(true)
  })

  it('lists extensions in number order', () => {
    expect(extensionChoices(SETUP).map((x) => x.exten)).toEqual(['5002', '5010'])
  })
})

describe('holiday years', () => {
  it('offers the years with holidays, this year and the year after the last', () => {
    expect(yearChoices([2026, 2027], 2026)).toEqual([2026, 2027, 2028])
    expect(yearChoices([], 2026)).toEqual([2026, 2027])
    expect(yearChoices([2024], 2026)).toEqual([2024, 2026, 2027])
  })
})
