import { describe, expect, it } from 'vitest'
import { identifyCaller } from '../../../../../server/services/screen-pop/pop-lookup.ts'

describe('identifyCaller: the caller as the desk shows them ("Arayan:")', () => {
  it.each([
    ['05569244744', '0556 924 47 44'],
    ['+905321112233', '0532 111 22 33'],
    // Numbers libphonenumber thinks invalid: +90 and ten digits still read as Turkish numbers.
    ['+905119031180', '0511 903 11 80'],
    ['+905222914296', '0522 291 42 96'],
  ])('%s is shown as %s', (raw, shown) => {
    expect(identifyCaller(raw).display).toBe(shown)
  })

  it('keeps an unknown number as sent for lookups and shows other odd numbers as sent', () => {
    expect(identifyCaller('+905119031180')).toEqual({
      number: '+905119031180',
      display: '0511 903 11 80',
      e164: null,
    })
    for (const odd of ['+9051190311801', '+90511903118', '1001', '+999123'])
      expect(identifyCaller(odd).display).toBe(odd)
    expect(identifyCaller('anonymous').display).toBe('Gizli numara')
  })
})
