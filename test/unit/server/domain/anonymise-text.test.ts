import { describe, expect, it } from 'vitest'
import { ANONYMISED_MARK as X, scrubPersonalText } from '../../../../server/domain/anonymise-text.ts'

const person = { names: ['Ayşe Yılmaz'], addresses: ['Cemal Gürsel Cd. No: 10'] }

describe('scrubPersonalText', () => {
  it('takes out the name in any Turkish case, the address, e-mail and phone numbers', () => {
    const text =
      'AYŞE YILMAZ aradı; yılmaz hanım 0532 123 45 67 ve +90 232 368 12 34 numaralarından, ayse@example.com, Cemal Gürsel Cd. No: 10 önü.'
    expect(scrubPersonalText(text, person)).toBe(
      `${X} aradı; ${X} hanım ${X} ve ${X} numaralarından, ${X}, ${X} önü.`,
    )
  })

  it('keeps ticket numbers, dates, amounts and words that only contain a name', () => {
    const text = 'Talep 2026-000123, 05.12.2026 tarihli; 1500 TL. Ayşegül ile görüşüldü.'
    expect(scrubPersonalText(text, person)).toBe(text)
  })

  it('passes null through', () => {
    expect(scrubPersonalText(null, person)).toBeNull()
  })
})
