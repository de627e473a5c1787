/**
 * One form's submission state: busy, the problems at each field, and one message above the form. Every
 * new attempt clears what the last one said, so an old success never stands next to a new error (nor an
 * old field message next to a field that is now right).
 */
import { FIX_FIELDS_MESSAGE, formErrors, type FormErrors } from './field-errors.ts'

export type FormMessage = { tone: 'info' | 'error'; text: string }

export type Outcome<T> = { ok: true; value: T } | { ok: false }

export class FormState<F extends string> {
  busy = $state(false)
  errors = $state.raw<FormErrors<F>['fields']>({})
  message = $state.raw<FormMessage | null>(null)
  readonly #fields: readonly F[]
  readonly #aliases: Readonly<Record<string, F>>

  constructor(fields: readonly F[], aliases: Readonly<Record<string, F>> = {}) {
    this.#fields = fields
    this.#aliases = aliases
  }

  /** Runs one attempt; `success` words the message for what it returned (null: say nothing). */
  async run<T>(work: () => Promise<T>, success?: (value: T) => string | null): Promise<Outcome<T>> {
    if (this.busy) return { ok: false }
    this.clear()
    this.busy = true
    try {
      const value = await work()
      const text = success?.(value) ?? null
      if (text !== null) this.message = { tone: 'info', text }
      return { ok: true, value }
    } catch (error) {
      this.fail(error)
      return { ok: false }
    } finally {
      this.busy = false
    }
  }

  /** A problem found before sending (two new passwords that differ), at its field. */
  invalid(field: F, text: string): void {
    this.clear()
    this.errors = { [field]: [text] } as FormErrors<F>['fields']
    this.message = { tone: 'error', text: FIX_FIELDS_MESSAGE }
  }

  fail(error: unknown): void {
    const found = formErrors(error, this.#fields, this.#aliases)
    this.errors = found.fields
    this.message = found.message === null ? null : { tone: 'error', text: found.message }
  }

  clear(): void {
    this.errors = {}
    this.message = null
  }

  /** The field's messages, or an empty list. */
  at(field: F): readonly string[] {
    return this.errors[field] ?? []
  }
}
