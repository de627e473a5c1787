import { describe, expect, it } from 'vitest'
import { maskPhonesInText } from '../../../../server/domain/phone-text.ts'

describe('phone numbers in free text, masked for unit staff', () => {
  it.each([
    ['Beni 0532 111 22 33 numarasından arayın', 'Beni 0532 *** ** 33 numarasından arayın'],
    ['+90 532 111 22 33', '0532 *** ** 33'],
    ['05321112233', '0532 *** ** 33'],
    ['0532-111-22-33 veya 0 532 111 2233', '0532 *** ** 33 veya 0532 *** ** 33'],
    ['(0232) 368 12 34 ev', '0232 *** ** 34 ev'],
    ['Ev: 368 12 34.', 'Ev: *** ** 34.'],
  ])('%j → %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked)
  })

  it.each([
    'Talep 2026-000123 ile ilgili',
    '12.03.2026 tarihinde 1500 TL ödendi',
    'Kapı no 15, daire 3, 35540 Karşıyaka',
    '1820. sokak, 3 lamba',
  ])('leaves other numbers alone: %j', (text) => {
    expect(maskPhonesInText(text)).toBe(text)
  })
})
