import { describe, expect, it } from 'vitest'
import { apiErrorFromResponse } from '../../client/src/lib/api-error.ts'
import { FormErrors, ONE_FIELD_SUMMARY } from '../../client/src/lib/form-errors.svelte.ts'

const refused = (issues: { path: string; message: string }[]) =>
  apiErrorFromResponse(
    400,
    { error: { code: 'validation_failed', message: 'Gönderilen bilgiler geçersiz.', details: { issues } } },
    null,
  )

describe('FormErrors', () => {
  it("puts each of the server's reasons under its field, and clears them with the old success", () => {
    const form = new FormErrors({ 'phones.0.number': 'phone' })
    form.succeed('Kaydedildi.')
    form.take(
      refused([
        { path: 'phones.0.number', message: 'Numara rakam içermiyor' },
        { path: 'fullName', message: 'Boş bırakılamaz.' },
      ]),
    )
    expect(form.success).toBeNull()
    expect(form.of('phone')).toBe('Numara rakam içermiyor')
    expect(form.of('phones.0.number')).toBe('Numara rakam içermiyor')
    expect(form.of('fullName')).toBe('Boş bırakılamaz.')
    expect(form.aria('fullName', 'x')).toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'x-error' })
    expect(form.summary).toContain('2 alanda')
    form.clear()
    expect(form.of('fullName')).toBeUndefined()
    expect(form.aria('fullName', 'x')).toEqual({})
  })

  it('does not say a single reason twice when the form shows it at its field', () => {
    const shown = new FormErrors()
    shown.aria('answer', 't-answer')
    shown.take(refused([{ path: 'answer', message: 'Yanıt metni gerekli.' }]))
    expect(shown.of('answer')).toBe('Yanıt metni gerekli.')
    expect(shown.summary).toBe(ONE_FIELD_SUMMARY)
    shown.fail('answer', 'Yanıt metni gerekli.')
    expect(shown.summary).toBe(ONE_FIELD_SUMMARY)
    // A form without that field on screen keeps the reason above it, or it would be lost.
    const hidden = new FormErrors()
    hidden.take(refused([{ path: 'answer', message: 'Yanıt metni gerekli.' }]))
    expect(hidden.summary).toBe('Yanıt metni gerekli.')
  })

  it('shows a refusal without fields above the form', () => {
    const form = new FormErrors()
    form.take(apiErrorFromResponse(409, { error: { code: 'no_extension', message: 'Dahili yok.' } }, null))
    expect(form.summary).toBe('Dahili yok.')
    form.take(new TypeError(''))
    expect(form.summary).toBe('İşlem yapılamadı.')
  })
})
