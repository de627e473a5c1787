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
  it.each([
    '0532 123 45 67',
    '+90 532 123 45 67',
    '905321234567',
    '(0532) 123-45-67',
    '5321234567',
    '0090 532 1234567',
  ])('reads %s as the phone +905321234567', (q) => {
    expect(classifyQuery(q)).toEqual({ kind: 'phone', e164: '+905321234567' })
  })

  it('reads a local 7-digit number as an İzmir number', () => {
    expect(classifyQuery('368 12 34')).toEqual({ kind: 'phone', e164: '+902323681234' })
  })

  it('reads a ticket number and pads it', () => {
    expect(classifyQuery('2026-123')).toEqual({ kind: 'ticket', number: '2026-000123' })
    expect(classifyQuery(' 2026-000045 ')).toEqual({ kind: 'ticket', number: '2026-000045' })
  })

  it('reads words as a name search, folded', () => {
    expect(classifyQuery('Ayşe  YILMAZ')).toEqual({ kind: 'name', words: ['ayse', 'yilmaz'] })
  })

  it('falls back to a name search when digits do not make a phone number', () => {
    expect(classifyQuery('12345678901234567')).toEqual({ kind: 'name', words: ['12345678901234567'] })
  })

  it('ignores an empty query', () => {
    expect(classifyQuery('   ')).toBeNull()
  })
})
