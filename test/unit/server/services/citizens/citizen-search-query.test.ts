import { describe, expect, it } from 'vitest'
import { classifyQuery } from '../../../../../server/services/citizens/citizen-search.ts'
import { foldTurkish, searchWords } from '../../../../../server/services/citizens/turkish-fold.ts'

describe('foldTurkish', () => {
  it.each([
    ['İSMAİL IŞIK', 'ismail isik'],
    ['ismail ışık', 'ismail isik'],
    ['Şükrü Öğüt', 'sukru ogut'],
    ['ÇAĞLAR  Güneş', 'caglar gunes'],
    ['Âşık Veysel', 'asik veysel'],
  ])('%s folds to %s', (input, folded) => {
    expect(foldTurkish(input)).toBe(folded)
  })

  it('escapes LIKE wildcards typed by the user', () => {
    expect(searchWords('ali_% veli\\')).toEqual(['ali\\_\\%', 'veli\\\\'])
  })
})

describe('classifyQuery', () => {
  const exact = (e164: string) => ({ kind: 'phone', words: [], phone: { kind: 'exact', e164 } })

  it.each([
    '0532 123 45 67',
    '+90 532 123 45 67',
    '905321234567',
    '(0532) 123-45-67',
    '5321234567',
    '0090 532 1234567',
  ])('reads %s as the phone +905321234567', (q) => {
    expect(classifyQuery(q)).toEqual(exact('+905321234567'))
  })

  it('reads part of a number as the start of a number or its last digits', () => {
    expect(classifyQuery('0532 599')).toEqual({
      kind: 'phone',
      words: [],
      phone: { kind: 'partial', digits: '532599', prefixes: ['+90532599'], suffix: '0532599' },
    })
    // A local 7-digit number is the end of the İzmir number (and of any other ending so).
    expect(classifyQuery('368 12 34')).toMatchObject({ phone: { suffix: '3681234' } })
    expect(classifyQuery('12345678901234567')).toMatchObject({ kind: 'phone', phone: { kind: 'partial' } })
  })

  it('searches too little for the start of a number as its last digits only', () => {
    expect(classifyQuery('0567')).toMatchObject({ phone: { prefixes: [], suffix: '0567' } })
  })

  it('refuses fewer than 4 digits alone, at the search field', () => {
    for (const q of ['12', '053', '+90 532', '0090 5'])
      expect(() => classifyQuery(q), q).toThrow(
        expect.objectContaining({ status: 400, issues: [expect.objectContaining({ path: 'q' })] }),
      )
  })

  it('reads a ticket number and pads it', () => {
    expect(classifyQuery('2026-123')).toEqual({ kind: 'ticket', number: '2026-000123' })
    expect(classifyQuery(' 2026-000045 ')).toEqual({ kind: 'ticket', number: '2026-000045' })
  })

  it('reads words as a name search, folded', () => {
    expect(classifyQuery('Ayşe  YILMAZ')).toEqual({ kind: 'name', words: ['ayse', 'yilmaz'], phone: null })
  })

  it('reads a name with digits as a name narrowed by part of a number, however few digits', () => {
    expect(classifyQuery('Ayşe 0532 599')).toMatchObject({
      kind: 'name',
      words: ['ayse'],
      phone: { prefixes: ['+90532599'] },
    })
    expect(classifyQuery('yılmaz 67')).toMatchObject({ kind: 'name', phone: { suffix: '67' } })
  })

  it('ignores an empty query', () => {
    expect(classifyQuery('   ')).toBeNull()
  })
})
