/**
 * What a form shows after the server refused it: each reason under the field it concerns (the server
 * names the field by its path in the request body) and one line above the form for the rest. Starting a
 * new attempt clears both, and the last success message with them, so an old "Kaydedildi." never sits
 * next to a new error. A refusal at a field moves focus to the first such field, when focus was lost or
 * is still in that field's form (lib/form-focus.ts).
 */
import { tick } from 'svelte'
import { ApiError } from './api-error.ts'
import { firstInPage, focusOn, mayMoveFocus } from './form-focus.ts'

/** The line above a form whose one reason stands under its field (as api-error.ts words several). */
export const ONE_FIELD_SUMMARY = 'Bir alanda düzeltme gerekiyor; nedeni alanın altında.'

export class FormErrors {
  /** One line for the form (the reason, or how many fields to fix); null when all is well. */
  summary = $state<string | null>(null)
  /** The last success message of this form; cleared with the errors. */
  success = $state<string | null>(null)
  #fields = $state<Record<string, string>>({})
  #paths = $state<Record<string, string>>({})
  readonly #aliases: Readonly<Record<string, string>>
  /** The id of each field's control, as the form passed it to `aria` (not state: only read later). */
  readonly #controls: Record<string, string> = {}

  /** `aliases` maps a server path to the form's field name (`phones.0.number` → `phone`). */
  constructor(aliases: Readonly<Record<string, string>> = {}) {
    this.#aliases = aliases
  }

  /** The reason for one field (a form field name, or the server's full path), or undefined. */
  of(field: string): string | undefined {
    return this.#fields[field] ?? this.#paths[field]
  }

  /** `aria-invalid` and `aria-describedby` for a control with `id`, pointing at its FieldError. */
  aria(field: string, id: string): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
    this.#controls[field] = id
    return this.#fields[field] === undefined
      ? {}
      : { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` }
  }

  clear(): void {
    this.summary = null
    this.success = null
    this.#fields = {}
    this.#paths = {}
  }

  succeed(text: string): void {
    this.clear()
    this.success = text
  }

  /** A check made before sending (a required choice), shown the same way as the server's. */
  fail(field: string | null, text: string): void {
    this.clear()
    if (field !== null) this.#fields = { [field]: text }
    this.summary = this.#shownAtItsField() ? ONE_FIELD_SUMMARY : text
    if (field !== null) void this.#focusFirstInvalid()
  }

  /** Shows why `error` happened: per field where the server named one, else above the form. */
  take(error: unknown, fallback = 'İşlem yapılamadı.'): void {
    this.clear()
    if (!(error instanceof ApiError)) {
      this.summary = error instanceof Error && error.message !== '' ? error.message : fallback
      return
    }
    const fields: Record<string, string> = {}
    const paths: Record<string, string> = {}
    for (const issue of error.issues) {
      const field = this.#fieldFor(issue.path)
      fields[field] ??= issue.message
      paths[issue.path] ??= issue.message
    }
    this.#fields = fields
    this.#paths = paths
    this.summary = this.#shownAtItsField() ? ONE_FIELD_SUMMARY : error.message
    if (Object.keys(fields).length > 0) void this.#focusFirstInvalid()
  }

  /** Once the page shows the reasons: the first control with one, in the page's order. */
  async #focusFirstInvalid(): Promise<void> {
    if (typeof document === 'undefined') return
    await tick()
    const controls = Object.keys(this.#fields).flatMap((field) => {
      const id = this.#controls[field]
      const control = id === undefined ? null : document.getElementById(id)
      return control === null ? [] : [control]
    })
    const first = firstInPage(controls)
    if (first !== null && mayMoveFocus(first.closest('form'))) focusOn(first)
  }

  /**
   * One reason, at a field the form shows (it asked for the field's `aria`): the line above the form
   * says where to look rather than saying the same words twice.
   */
  #shownAtItsField(): boolean {
    const fields = Object.keys(this.#fields)
    return fields.length === 1 && this.#controls[fields[0] ?? ''] !== undefined
  }

  #fieldFor(path: string): string {
    if (this.#aliases[path] !== undefined) return this.#aliases[path]
    const head = path.split('.')[0] ?? path
    return this.#aliases[head] ?? head
  }
}
