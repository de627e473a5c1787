/**
 * One form's submission state: busy, the problems at each field, and one message above the form. Every
 * new attempt clears what the last one said, so an old success never stands next to a new error (nor an
 * old field message next to a field that is now right).
 *
 * After each attempt focus goes where a keyboard user expects it (lib/form-focus.ts): to the first field
 * to fix, else to the form's message (components/form/FormMessage.svelte, which shows it in a live
 * region), else back to where the attempt started (the submit button, disabled while busy, would have
 * left focus on the page body). A form that closes on success leaves focus to the screen that closed it.
 */
import { tick } from 'svelte'
import { FIX_FIELDS_MESSAGE, formErrors, type FormErrors } from './field-errors.ts'
import { canFocus, firstInvalidControl, focusOn, focusedElement, mayMoveFocus } from './form-focus.ts'

export type FormMessage = { tone: 'info' | 'error'; text: string }

export type Outcome<T> = { ok: true; value: T } | { ok: false }

export interface FormStateOptions {
  /**
   * Said above the form when every problem sits at a field, naming what failed: FIX_FIELDS_MESSAGE
   * ("Kaydedilmedi…") unless given; a filter or search form gives FIX_FILTER_MESSAGE (lib/field-errors.ts).
   */
  fixFieldsMessage?: string
  /**
   * A query (a filter or a search) that reads and changes nothing: asked again while the last one loads,
   * it runs once that one is done, the newest asking only. A form that saves refuses the second
   * submission instead, so a double Enter never saves twice.
   */
  newestWins?: boolean
}

export class FormState<F extends string> {
  busy = $state(false)
  errors = $state.raw<FormErrors<F>['fields']>({})
  message = $state.raw<FormMessage | null>(null)
  readonly #fields: readonly F[]
  readonly #aliases: Readonly<Record<string, F>>
  readonly #fixFieldsMessage: string
  readonly #newestWins: boolean
  /** The attempt under way, and how many were asked for (the newest waiting one runs next). */
  #current: Promise<unknown> | null = null
  #asked = 0
  /** Where the last attempt started: the submit button, or the field Enter was pressed in. */
  #origin: HTMLElement | null = null
  #messageBox: HTMLElement | null = null

  constructor(
    fields: readonly F[],
    aliases: Readonly<Record<string, F>> = {},
    { fixFieldsMessage = FIX_FIELDS_MESSAGE, newestWins = false }: FormStateOptions = {},
  ) {
    this.#fields = fields
    this.#aliases = aliases
    this.#fixFieldsMessage = fixFieldsMessage
    this.#newestWins = newestWins
  }

  /** An attachment for the element that shows `message` (FormMessage), so focus can go to it. */
  readonly showsMessage = (element: HTMLElement): (() => void) => {
    this.#messageBox = element
    return () => {
      if (this.#messageBox === element) this.#messageBox = null
    }
  }

  /**
   * Runs one attempt; `success` words the message for what it returned (null: say nothing). While one
   * runs, another is refused, or with `newestWins` waits for it (and is dropped when a newer one came).
   */
  async run<T>(work: () => Promise<T>, success?: (value: T) => string | null): Promise<Outcome<T>> {
    const mine = ++this.#asked
    if (this.#current !== null && !this.#newestWins) return { ok: false }
    while (this.#current !== null) {
      await this.#current.catch(() => undefined)
      if (mine !== this.#asked) return { ok: false }
    }
    const attempt = this.#attempt(work, success)
    this.#current = attempt
    try {
      return await attempt
    } finally {
      if (this.#current === attempt) this.#current = null
    }
  }

  async #attempt<T>(work: () => Promise<T>, success?: (value: T) => string | null): Promise<Outcome<T>> {
    this.clear()
    this.#origin = focusedElement()
    this.busy = true
    let outcome: Outcome<T>
    try {
      const value = await work()
      const text = success?.(value) ?? null
      if (text !== null) this.message = { tone: 'info', text }
      outcome = { ok: true, value }
    } catch (error) {
      this.fail(error)
      outcome = { ok: false }
    } finally {
      this.busy = false
    }
    await this.#settleFocus()
    return outcome
  }

  /** A problem found before sending (two new passwords that differ), at its field. */
  invalid(field: F, text: string): void {
    this.clear()
    this.errors = { [field]: [text] } as FormErrors<F>['fields']
    this.message = { tone: 'error', text: this.#fixFieldsMessage }
    this.#origin = focusedElement()
    void this.#settleFocus()
  }

  fail(error: unknown): void {
    const found = formErrors(error, this.#fields, this.#aliases, this.#fixFieldsMessage)
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

  /** Once the page shows the outcome: the first invalid field, else the message, else the origin. */
  async #settleFocus(): Promise<void> {
    const origin = this.#origin
    if (origin === null && this.#messageBox === null) return
    await tick()
    const form = origin?.closest('form') ?? this.#messageBox?.closest('form') ?? null
    if (!mayMoveFocus(form)) return
    const invalid = Object.keys(this.errors).length > 0 ? firstInvalidControl(form) : null
    if (invalid !== null) focusOn(invalid)
    else if (this.message !== null && canFocus(this.#messageBox)) focusOn(this.#messageBox)
    else if (canFocus(origin)) origin.focus()
  }
}
