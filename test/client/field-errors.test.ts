import { describe, expect, it } from 'vitest'
import { ApiError, MESSAGES, apiErrorFromResponse } from '../../client/src/lib/api-error.ts'
import { FIX_FIELDS_MESSAGE, errorText, formErrors, issuesOf } from '../../client/src/lib/field-errors.ts'

const FIELDS = ['username', 'password', 'memberInterfaces', 'unitId'] as const

/** A 400 as server/errors.ts ValidationError answers it. */
function validation(issues: { path: string; message: string }[]): ApiError {
  return apiErrorFromResponse(
    400,
    {
      error: {
        code: 'validation_failed',
        message: 'Gönderilen bilgiler geçersiz.',
        details: { issues: issues.map((i) => ({ ...i, code: 'x' })) },
      },
    },
    null,
  )
}

describe('formErrors', () => {
  it('puts each issue at the field its path names, and says once above the form to fix them', () => {
    const error = validation([
      { path: 'password', message: 'Bu parola çok yaygın; tahmin edilmesi zor bir parola seçin.' },
      { path: 'username', message: 'Bu kullanıcı adı kullanılıyor.' },
    ])
    expect(formErrors(error, FIELDS)).toEqual({
      fields: {
        password: ['Bu parola çok yaygın; tahmin edilmesi zor bir parola seçin.'],
        username: ['Bu kullanıcı adı kullanılıyor.'],
      },
      message: FIX_FIELDS_MESSAGE,
    })
  })

  it('reads a list element’s path (memberInterfaces.1) as its list field, without repeating a message', () => {
    const error = validation([
      { path: 'memberInterfaces.0', message: 'Kuyruk arayüzü santralin verdiği biçimde olmalı.' },
      { path: 'memberInterfaces.1', message: 'Kuyruk arayüzü santralin verdiği biçimde olmalı.' },
      { path: 'memberInterfaces', message: 'PJSIP/1001 zaten agent1 kullanıcısına bağlı.' },
    ])
    expect(formErrors(error, FIELDS).fields).toEqual({
      memberInterfaces: [
        'Kuyruk arayüzü santralin verdiği biçimde olmalı.',
        'PJSIP/1001 zaten agent1 kullanıcısına bağlı.',
      ],
    })
  })

  it('says issues for no field of the form above it (an empty path, a field the form lacks)', () => {
    const error = validation([
      { path: '', message: 'Gövde boş olamaz.' },
      { path: 'extension', message: 'Dahili numara yalnızca rakam içermeli.' },
      { path: 'unitId', message: 'Birim personeli için bir birim seçin.' },
    ])
    expect(formErrors(error, FIELDS)).toEqual({
      fields: { unitId: ['Birim personeli için bir birim seçin.'] },
      message: 'Gövde boş olamaz. Dahili numara yalnızca rakam içermeli.',
    })
  })

  it('maps a server path onto a differently named field when told to', () => {
    const error = validation([{ path: 'number', message: 'yalnızca rakam, * ve #' }])
    expect(formErrors(error, ['label'] as const, { number: 'label' }).fields).toEqual({
      label: ['yalnızca rakam, * ve #'],
    })
  })

  it('gives a failure without issues as one message and no field', () => {
    expect(formErrors(new ApiError(0, 'network', MESSAGES.unreachable), FIELDS)).toEqual({
      fields: {},
      message: MESSAGES.unreachable,
    })
    expect(formErrors(new Error('boom'), FIELDS)).toEqual({ fields: {}, message: MESSAGES.serverFault })
  })
})

describe('errorText', () => {
  it('shows the server’s own reason for a conflict (the last admin, a name just taken)', () => {
    const error = apiErrorFromResponse(
      409,
      {
        error: {
          code: 'last_admin',
          message: 'Son etkin yönetici kaldırılamaz: önce başka bir yönetici ekleyin.',
        },
      },
      null,
    )
    expect(errorText(error)).toBe('Son etkin yönetici kaldırılamaz: önce başka bir yönetici ekleyin.')
  })

  it('keeps the client’s wording where the server gave no reason', () => {
    const error = apiErrorFromResponse(403, { error: { code: 'forbidden', message: '' } }, null)
    expect(errorText(error)).toBe(MESSAGES.forbidden)
    expect(errorText(apiErrorFromResponse(409, {}, null))).toBe(MESSAGES.conflict)
  })
})

describe('issuesOf', () => {
  it('ignores malformed details instead of failing', () => {
    expect(issuesOf(new ApiError(400, 'x', 'y', { issues: 'no' }))).toEqual([])
    expect(issuesOf(new ApiError(400, 'x', 'y', { issues: [null, { path: 3, message: 'm' }, {}] }))).toEqual([
      { path: '', message: 'm' },
    ])
    expect(issuesOf('not an error')).toEqual([])
  })
})
