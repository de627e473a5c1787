import { describe, expect, it } from 'vitest'
import { apiErrorFromResponse } from '../../client/src/lib/api-error.ts'
import { FIX_FIELDS_MESSAGE, FIX_FILTER_MESSAGE } from '../../client/src/lib/field-errors.ts'
import { FormState } from '../../client/src/lib/form-state.svelte.ts'

const weak = () =>
  apiErrorFromResponse(
    400,
    {
      error: {
        code: 'validation_failed',
        message: '',
        details: { issues: [{ path: 'password', message: 'Bu parola çok yaygın.', code: 'weak_password' }] },
      },
    },
    null,
  )

describe('FormState', () => {
  it('a new attempt clears the last one: no old success next to a new error, no stale field message', async () => {
    const form = new FormState(['username', 'password'] as const)
    await form.run(
      () => Promise.resolve(1),
      () => 'Kaydedildi.',
    )
    expect(form.message).toEqual({ tone: 'info', text: 'Kaydedildi.' })

    const failed = await form.run(() => Promise.reject(weak()))
    expect(failed).toEqual({ ok: false })
    expect(form.message).toEqual({ tone: 'error', text: FIX_FIELDS_MESSAGE })
    expect(form.at('password')).toEqual(['Bu parola çok yaygın.'])

    const done = await form.run(() => Promise.resolve('ok'))
    expect(done).toEqual({ ok: true, value: 'ok' })
    expect(form.at('password')).toEqual([])
    expect(form.message).toBeNull()
  })

  it('is busy while the request runs and refuses a second submission meanwhile', async () => {
    const form = new FormState(['username'] as const)
    let finish = () => {}
    const first = form.run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(form.busy).toBe(true)
    expect(await form.run(() => Promise.resolve())).toEqual({ ok: false })
    finish()
    expect(await first).toEqual({ ok: true, value: undefined })
    expect(form.busy).toBe(false)
  })

  it('a query asked again while it loads runs the newest asking once the last is done, not the ones between', async () => {
    const form = new FormState(['q'] as const, {}, { newestWins: true })
    const ran: string[] = []
    let finish = () => {}
    const first = form.run(() => {
      ran.push('first')
      return new Promise<string>((resolve) => (finish = () => resolve('first')))
    })
    const between = form.run(() => (ran.push('between'), Promise.resolve('between')))
    const newest = form.run(() => (ran.push('newest'), Promise.resolve('newest')))
    expect(form.busy).toBe(true)
    finish()
    expect(await first).toEqual({ ok: true, value: 'first' })
    expect(await between).toEqual({ ok: false })
    expect(await newest).toEqual({ ok: true, value: 'newest' })
    expect(ran).toEqual(['first', 'newest'])
    expect(form.busy).toBe(false)
  })

  it('a filter form says the list was not made, not that something was not saved', async () => {
    const form = new FormState(['from', 'to'] as const, {}, { fixFieldsMessage: FIX_FILTER_MESSAGE })
    form.invalid('from', 'Geçerli bir gün yazın: GG.AA.YYYY (ör. 05.12.2026).')
    expect(form.message).toEqual({ tone: 'error', text: FIX_FILTER_MESSAGE })

    const reversed = apiErrorFromResponse(
      400,
      {
        error: {
          code: 'validation_failed',
          message: '',
          details: { issues: [{ path: 'to', message: 'Bitiş tarihi başlangıçtan önce olamaz.', code: 'x' }] },
        },
      },
      null,
    )
    await form.run(() => Promise.reject(reversed))
    expect(form.at('to')).toEqual(['Bitiş tarihi başlangıçtan önce olamaz.'])
    expect(form.message).toEqual({ tone: 'error', text: FIX_FILTER_MESSAGE })
    expect(FIX_FILTER_MESSAGE).toMatch(/^Listelenemedi:/)
  })

  it('marks a problem found before sending at its field', () => {
    const form = new FormState(['repeat'] as const)
    form.invalid('repeat', 'İki yeni parola aynı değil.')
    expect(form.at('repeat')).toEqual(['İki yeni parola aynı değil.'])
    expect(form.message?.tone).toBe('error')
  })
})
