import { describe, expect, it } from 'vitest'
import {
  formatPhoneTr,
  maskPhone,
  MIN_SEARCH_DIGITS,
  normalizePhone,
  phoneSearch,
  type NormalizedPhone,
} from '../../../../server/domain/phone.ts'

const ok = (e164: string, kind: string, country = 'TR'): NormalizedPhone =>
  ({ ok: true, e164, kind, country }) as NormalizedPhone
const bad = (reason: string): NormalizedPhone => ({ ok: false, reason }) as NormalizedPhone

describe('normalizePhone (defaults: TR, area code 232)', () => {
  it.each([
    // Mobile numbers as people write them and as PBXs deliver them
    ['0532 123 45 67', ok('+905321234567', 'mobile')],
    ['05321234567', ok('+905321234567', 'mobile')],
    ['0532-123-45-67', ok('+905321234567', 'mobile')],
    ['0532.123.45.67', ok('+905321234567', 'mobile')],
    ['0 (532) 123 45 67', ok('+905321234567', 'mobile')],
    ['(0532) 123 4567', ok('+905321234567', 'mobile')],
    ['+90 532 123 45 67', ok('+905321234567', 'mobile')],
    ['+905321234567', ok('+905321234567', 'mobile')],
    ['+90 (532) 123-45-67', ok('+905321234567', 'mobile')],
    ['+90 (0532) 123 45 67', ok('+905321234567', 'mobile')],
    ['905321234567', ok('+905321234567', 'mobile')],
    ['90 532 123 45 67', ok('+905321234567', 'mobile')],
    ['0090 532 123 45 67', ok('+905321234567', 'mobile')],
    ['00905321234567', ok('+905321234567', 'mobile')],
    ['5321234567', ok('+905321234567', 'mobile')],
    ['532 123 45 67', ok('+905321234567', 'mobile')],
    ['  0532 123 45 67  ', ok('+905321234567', 'mobile')],
    ['0530 125 13 55', ok('+905301251355', 'mobile')],
    ['0 505 987 65 43', ok('+905059876543', 'mobile')],
    // Fixed lines: İzmir and elsewhere, 7-digit local numbers get 232
    ['(0232) 368 12 34', ok('+902323681234', 'fixed')],
    ['0232 368 12 34', ok('+902323681234', 'fixed')],
    ['02323681234', ok('+902323681234', 'fixed')],
    ['232 368 12 34', ok('+902323681234', 'fixed')],
    ['368 12 34', ok('+902323681234', 'fixed')],
    ['3681234', ok('+902323681234', 'fixed')],
    ['368-12-34', ok('+902323681234', 'fixed')],
    ['0212 444 1 575', ok('+902124441575', 'fixed')],
    ['0312 123 45 67', ok('+903121234567', 'fixed')],
    // Nationwide service numbers: never given the İzmir area code
    ['444 1 575', ok('+904441575', 'service')],
    ['4441575', ok('+904441575', 'service')],
    ['0850 222 12 34', ok('+908502221234', 'service')],
    ['0800 123 45 67', ok('+908001234567', 'service')],
    // Foreign numbers
    ['+49 30 123456', ok('+4930123456', 'fixed', 'DE')],
    ['0049 30 123456', ok('+4930123456', 'fixed', 'DE')],
    ['+44 20 7946 0958', ok('+442079460958', 'fixed', 'GB')],
    ['+1 (212) 555-0123', ok('+12125550123', 'other', 'US')],
    // Invalid input: a typed reason, never a throw
    ['', bad('EMPTY')],
    ['   ', bad('EMPTY')],
    ['anonymous', bad('NOT_A_NUMBER')],
    ['<unknown>', bad('NOT_A_NUMBER')],
    ['0532 123 45 6x', bad('NOT_A_NUMBER')],
    ['153', bad('SHORT_CODE')],
    ['112', bad('SHORT_CODE')],
    ['2145', bad('TOO_SHORT')],
    ['0532 123 45 6', bad('TOO_SHORT')],
    ['0532 123 45 678', bad('TOO_LONG')],
    ['53212345678', bad('TOO_LONG')],
    ['0222 999 99 99 99 99 99 99 99 99 99 99 99 99', bad('TOO_LONG')],
    ['0999 123 45 67', bad('INVALID')],
    ['+999 123 456 789', bad('INVALID')],
  ] as const)('%j', (input, expected) => {
    expect(normalizePhone(input)).toEqual(expected)
  })

  it('treats non-strings as not a number instead of crashing', () => {
    expect(normalizePhone(undefined)).toEqual(bad('NOT_A_NUMBER'))
    expect(normalizePhone(5321234567)).toEqual(bad('NOT_A_NUMBER'))
  })

  it('uses the configured area code for 7-digit numbers', () => {
    expect(normalizePhone('212 34 56', { defaultAreaCode: '312' })).toEqual(ok('+903122123456', 'fixed'))
    expect(() => normalizePhone('3681234', { defaultAreaCode: '0232' })).toThrow(/Alan kodu/)
  })

  it('reads national numbers of another default country', () => {
    expect(normalizePhone('030 123456', { defaultCountry: 'DE' })).toEqual(ok('+4930123456', 'fixed', 'DE'))
  })
})

describe('formatPhoneTr and maskPhone', () => {
  it.each([
    ['+905321234567', '0532 123 45 67', '0532 *** ** 67'],
    ['+902323681234', '0232 368 12 34', '0232 *** ** 34'],
    ['+908502221234', '0850 222 12 34', '0850 *** ** 34'],
    ['+904441575', '444 1 575', '444 * *75'],
    ['+4930123456', '+49 30 123456', '+49 *** ** 56'],
    // +90 numbers in ranges libphonenumber does not know still read as Turkish numbers
    ['+905801234567', '0580 123 45 67', '0580 *** ** 67'],
    ['+909991234567', '0999 123 45 67', '0999 *** ** 67'],
    ['+905119031180', '0511 903 11 80', '0511 *** ** 80'],
    ['+905222914296', '0522 291 42 96', '0522 *** ** 96'],
  ])('%s is shown as %s and masked as %s', (e164, shown, masked) => {
    expect(formatPhoneTr(e164)).toBe(shown)
    expect(maskPhone(e164)).toBe(masked)
  })

  it('masks anything it cannot read completely and leaves it unformatted', () => {
    for (const junk of ['', '05321234567', '+90532', 'abc', '+90532123456789']) {
      expect(maskPhone(junk)).toBe('***')
      expect(formatPhoneTr(junk)).toBe(junk)
    }
  })

  it('never lets more than the last two subscriber digits through', () => {
    const masked = maskPhone('+905321234567')
    expect(masked.replace(/\D/g, '')).toBe('053267')
  })
})

describe('phoneSearch', () => {
  const partial = (digits: string, prefixes: string[], suffix: string | null) => ({
    kind: 'partial',
    digits,
    prefixes,
    suffix,
  })
  it.each([
    ['0532 123 45 67', { kind: 'exact', e164: '+905321234567' }],
    ['+90 532 123 45 67', { kind: 'exact', e164: '+905321234567' }],
    ['5321234567', { kind: 'exact', e164: '+905321234567' }],
    ['0532 599', partial('532599', ['+90532599'], '0532599')],
    ['0 532 599 12', partial('53259912', ['+9053259912'], '053259912')],
    ['(0532) 599-12', partial('53259912', ['+9053259912'], '053259912')],
    ['+90 532 599', partial('532599', ['+90532599'], null)],
    ['0090 532 599', partial('532599', ['+90532599'], null)],
    ['0000', partial('00', ['+00'], '0000')],
    ['0049 30', partial('4930', ['+4930'], '004930')],
    ['532599', partial('532599', ['+90532599'], '532599')],
    ['1234', partial('1234', ['+901234'], '1234')],
    ['90532', partial('90532', ['+9090532', '+90532'], '90532')],
    // A 7-digit input may be a local İzmir number or the tail of a mobile number
    ['368 12 34', partial('3681234', ['+903681234'], '3681234')],
    // A complete number in a range libphonenumber does not know is still found as it was stored
    ['0580 123 45 67', partial('5801234567', ['+905801234567'], '05801234567')],
  ])('%j → %j', (input, expected) => {
    expect(phoneSearch(input)).toEqual(expected)
  })

  it('counts only the digits after a trunk 0 or +90 towards the minimum', () => {
    for (const input of ['0532', '+90 532', '0090 53', '05']) {
      const found = phoneSearch(input)
      expect(found?.kind === 'partial' && found.digits.length < MIN_SEARCH_DIGITS, input).toBe(true)
    }
  })

  it.each(['', 'ahmet', '0532 abc', '0532 123 45 67 0532 123 45 67 0532 123 45 67'])(
    'gives nothing to search for %j',
    (input) => {
      expect(phoneSearch(input)).toBeNull()
    },
  )
})
