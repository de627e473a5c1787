/**
 * How a unit's search words meet what people type: the operator's query in the directory, the agent's
 * subject and description in a ticket form (server/contract/unit-words.ts).
 */
import { describe, expect, it } from 'vitest'
import {
  splitUnitWords,
  suggestUnits,
  unitWordsInText,
  unitWordsMatching,
} from '../../../server/contract/unit-words.ts'
import { UNIT_SEARCH_WORDS } from '../../../prisma/seed-data/unit-search-words.ts'

const units = [
  { id: 1, name: 'Temizlik İşleri', searchWords: ['çöp', 'konteyner', 'moloz', 'koku'] },
  { id: 2, name: 'Veteriner İşleri', searchWords: ['sokak hayvanı', 'köpek', 'kedi'] },
  { id: 3, name: 'Afet İşleri', searchWords: ['su baskını', 'deprem'] },
  { id: 4, name: 'Zabıta', searchWords: ['gürültü', 'seyyar satıcı'] },
]

describe('splitting what an admin typed', () => {
  it('takes commas, semicolons and lines, and drops empties and Turkish-insensitive repeats', () => {
    expect(splitUnitWords(' Çöp ,konteyner;\nmoloz\r\n, ,ÇÖP, cop ,  sokak   hayvanı ')).toEqual([
      'Çöp',
      'konteyner',
      'moloz',
      'sokak hayvanı',
    ])
    expect(splitUnitWords('')).toEqual([])
    expect(splitUnitWords(null)).toEqual([])
  })
})

describe('a directory query', () => {
  it('reaches a word by the start of any of its parts, whatever the case and Turkish letters', () => {
    expect(unitWordsMatching(units[1]!.searchWords, 'HAYV')).toEqual(['sokak hayvanı'])
    expect(unitWordsMatching(units[0]!.searchWords, 'cop')).toEqual(['çöp'])
    expect(unitWordsMatching(units[0]!.searchWords, 'öp')).toEqual([])
    expect(unitWordsMatching(units[0]!.searchWords, '  ')).toEqual([])
  })
})

describe('a ticket’s text', () => {
  it('finds a word with Turkish endings on it, and a phrase only with its parts in order', () => {
    expect(
      unitWordsInText(units[0]!.searchWords, 'Çöpler iki gündür toplanmadı, konteynerden koku geliyor'),
    ).toEqual(['çöp', 'konteyner', 'koku'])
    expect(unitWordsInText(units[1]!.searchWords, 'Sokak hayvanları parkta saldırıyor')).toEqual([
      'sokak hayvanı',
    ])
    expect(unitWordsInText(units[1]!.searchWords, 'Hayvan sokakta yaralı')).toEqual([])
    // The head of a compound loses its ending to the plural or a possessive: vergi-si → vergi-leri-m.
    expect(
      unitWordsInText(['emlak vergisi', 'kapı numarası'], 'Emlak vergilerimi ödedim, kapı numaram yanlış'),
    ).toEqual(['emlak vergisi', 'kapı numarası'])
  })

  it('matches a two-letter part only as a whole word: “su” is not the start of “sunum”', () => {
    expect(unitWordsInText(units[2]!.searchWords, 'Bodrumu su bastı, su baskını var')).toEqual(['su baskını'])
    expect(unitWordsInText(units[2]!.searchWords, 'Sunum baskını')).toEqual([])
  })

  it('proposes the unit with most words first, and nothing for text without any', () => {
    const text = 'Gece gürültü var, ayrıca köpek havlıyor, sokak hayvanları çok'
    expect(suggestUnits(units, text).map((s) => [s.unit.id, s.words])).toEqual([
      [2, ['sokak hayvanı', 'köpek']],
      [4, ['gürültü']],
    ])
    expect(suggestUnits(units, 'Bilgi almak istiyorum')).toEqual([])
  })

  it('keeps the regulation’s words from firing on everyday words of a complaint', () => {
    const everyday =
      'Merhaba, selamlar. Mahallemizdeki sorunu bildirmek istiyorum, yardım eder misiniz? Haberiniz olsun, teşekkürler.'
    const all = Object.entries(UNIT_SEARCH_WORDS).map(([code, searchWords]) => ({ code, searchWords }))
    expect(suggestUnits(all, everyday)).toEqual([])
  })
})
