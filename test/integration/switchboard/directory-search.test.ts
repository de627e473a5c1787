/** The directory search the console runs on every key press: Turkish-insensitive, word starts first. */
import { describe, expect, it } from 'vitest'
import { foldForSearch, searchDirectory } from '../../../server/contract/switchboard.ts'
import { DEMO_EXTENSIONS } from '../../../telephony/index.ts'

const entries = DEMO_EXTENSIONS.map((e, i) => ({
  id: i + 1,
  number: e.number,
  personName: e.personName ?? null,
  favourite: false,
  searchText: foldForSearch(`${e.label} ${e.personName ?? ''} ${e.number}`),
}))

describe('directory search', () => {
  it.each(['zab', 'zabita', 'ZABITA', 'Zabıta', 'ZABİTA'])('%s finds Zabıta’s unit line first', (q) => {
    expect(searchDirectory(entries, q)[0]?.number).toBe('2002')
  })

  it('"fen is" finds Fen İşleri, unit line before the person', () => {
    expect(searchDirectory(entries, 'fen is').map((e) => e.number)).toEqual(['2001', '2101'])
  })

  it('finds people by name and lines by number, and nothing for nonsense', () => {
    expect(searchDirectory(entries, 'murat')[0]?.number).toBe('2102')
    expect(searchDirectory(entries, '2005')[0]?.number).toBe('2005')
    expect(searchDirectory(entries, 'qqq')).toEqual([])
  })

  it('puts favourites first among equals', () => {
    const withFav = entries.map((e) =>
      e.number === '2102' ? { ...e, favourite: true, personName: null } : e,
    )
    expect(searchDirectory(withFav, 'zab')[0]?.number).toBe('2102')
  })
})
