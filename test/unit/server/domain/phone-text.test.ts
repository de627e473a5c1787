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
    // A short number, a count, a date or a time next to the number.
    ['No 5 0532 123 45 67', 'No 5 0532 *** ** 67'],
    ['0532 123 45 67 2 kez aradı', '0532 *** ** 67 2 kez aradı'],
    ['Aradı 0532 123 45 67 - 15.12.2026', 'Aradı 0532 *** ** 67 - 15.12.2026'],
    ['saat 14 0532 123 45 67', 'saat 14 0532 *** ** 67'],
    ['saat 05 0532 123 45 67', 'saat 05 0532 *** ** 67'],
    ['Kapı 232 0532 123 45 67', 'Kapı 232 0532 *** ** 67'],
    ['15.12.2026 14:30 0532 123 45 67', '15.12.2026 14:30 0532 *** ** 67'],
    // Two numbers in a row.
    ['0532 123 45 67 0533 765 43 21', '0532 *** ** 67 0533 *** ** 21'],
    ['05321234567/05337654321', '0532 *** ** 67/0533 *** ** 21'],
    ['0532 123 45 67 - 0232 368 12 34', '0532 *** ** 67 - 0232 *** ** 34'],
    ['0532 123 45 67, 368 12 34', '0532 *** ** 67, *** ** 34'],
    // Prefixes and separators.
    ['0090 532 123 45 67', '0532 *** ** 67'],
    ['+90 (532) 123-45-67', '0532 *** ** 67'],
    ['+90 (0532) 123 45 67', '0532 *** ** 67'],
    ['905321234567', '0532 *** ** 67'],
    ['(0532 123 45 67)', '(0532 *** ** 67)'],
    ['ya da ev (0232) 368 12 34', 'ya da ev 0232 *** ** 34'],
    ['Tel: +90 532 123 45 67', 'Tel: 0532 *** ** 67'],
    ['0532_123_45_67', '0532 *** ** 67'],
    ['0532,123,45,67', '0532 *** ** 67'],
    ['0532.123.45.67', '0532 *** ** 67'],
    ['0532 – 123 – 45 67', '0532 *** ** 67'],
    ['Tel05321234567', 'Tel0532 *** ** 67'],
    ["05321234567'den aradı", "0532 *** ** 67'den aradı"],
    ['0532\u00a0123\u00a045\u00a067', '0532 *** ** 67'],
    // Full-width digits and invisible characters.
    ['０５３２ １２３ ４５ ６７', '0532 *** ** 67'],
    ['＋９０５３２１２３４５６７', '0532 *** ** 67'],
    ['0532\u00ad123\u00ad45\u00ad67', '0532 *** ** 67'],
    ['05\u200b32 123 45 67', '0532 *** ** 67'],
    ['0532123\u200d4567', '0532 *** ** 67'],
    // A number in a range libphonenumber does not know is still masked; a foreign one too.
    ['0599 123 45 67', '0599 *** ** 67'],
    ['+49 30 1234 5678', '+49 *** ** 78'],
  ])('%j → %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked)
  })

  it.each([
    ['TC 12345678950', 'TC *********50'],
    ['T.C. kimlik no: 12345678950.', 'T.C. kimlik no: *********50.'],
    ['TC 123 456 789 50', 'TC *********50'],
    ['TC 12345\u200b678950', 'TC *********50'],
    ['１２３４５６７８９５０', '*********50'],
    // Check digits wrong or an account number: a long unbroken run is masked all the same.
    ['TC 12345678901', 'TC *********01'],
    ['Hesap 123456789012345', 'Hesap *************45'],
    ['0532123456705337654321', '********************21'],
  ])('T.C. kimlik numbers and long digit runs: %j → %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked)
  })

  it.each([
    // Superscript, subscript and circled digits are digits; a number spelt out digit by digit is one.
    ['tel ⁰⁵³²¹¹¹²²³³', 'tel 0532 *** ** 33'],
    ['₀₅₃₂ ₁₁₁ ₂₂ ₃₃', '0532 *** ** 33'],
    ['⓪⑤③② ①①① ②② ③③', '0532 *** ** 33'],
    ['beni 5 3 2 1 1 1 2 2 3 3 arayın', 'beni 0532 *** ** 33 arayın'],
    ['0 5 3 2 1 1 1 2 2 3 3', '0532 *** ** 33'],
  ])('digits written another way: %j → %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked)
  })

  it.each([
    'Talep 2026-000123 ile ilgili',
    'T-2026-000123 numaralı talep',
    'Talepler 2026-000123, 2026-000124',
    '12.03.2026 tarihinde 1500 TL ödendi',
    '15.12.2026 saat 14:30',
    '15/12/2026 14.30',
    'Tutar 1.250.000,50 TL',
    'Kapı no 15, daire 3, 35540 Karşıyaka',
    '1820. sokak, 3 lamba',
    'No:5',
    'Vatandaş 2 kez aradı, 3 gündür su yok',
    'Ada 1234 parsel 56',
    '09:30-10:30, 11:45 ve 12:15 arası',
    '12:30 13:30 14:30 15:30 16:30',
    'Fiyat 1.250,50 TL * 3 adet',
    '1 2 3 4 5 6 7 8 9 10 numaralı kapılar',
    '⑤ numaralı gişe, kat ²',
    '',
  ])('leaves other numbers alone: %j', (text) => {
    expect(maskPhonesInText(text)).toBe(text)
  })

  it('never lets a number through, whatever separates its digits', () => {
    const separators = [
      ' ',
      '.',
      '-',
      '_',
      ',',
      '/',
      ' - ',
      '\u00ad',
      '\u200b',
      ') ',
      ':',
      '*',
      '|',
      '~',
      ' · ',
    ]
    for (const sep of separators) {
      const text = `Not: ${['0532', '123', '45', '67'].join(sep)} aradı`
      expect(maskPhonesInText(text), JSON.stringify(text)).not.toMatch(/123|45\D*67/)
    }
  })

  it('masks every number of a long text of digits and separators, and nothing else', () => {
    const text = '0532 123 45 67 - 15.12.2026 No 5, '.repeat(20_000)
    const masked = maskPhonesInText(text)
    expect(masked).not.toContain('123 45 67')
    expect(masked).toBe('0532 *** ** 67 - 15.12.2026 No 5, '.repeat(20_000))
    expect(masked).toContain('0532 *** ** 67 - 15.12.2026 No 5, ')
  })
})
