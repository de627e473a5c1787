/**
 * A worklist's state, the same for every list an agent works through (missed calls, answers to relay,
 * callbacks): the items, the last error or success line, a reload, and an action that says what it did
 * and reloads the list.
 */
import { errorText } from '../tickets/format.ts'

export class Worklist<T> {
  items = $state.raw<T[] | null>(null)
  error = $state<string | null>(null)
  message = $state<string | null>(null)
  readonly #fetch: () => Promise<T[]>

  constructor(fetch: () => Promise<T[]>) {
    this.#fetch = fetch
  }

  async load(): Promise<void> {
    try {
      this.items = await this.#fetch()
    } catch (e) {
      this.error = errorText(e)
    }
  }

  /** Runs one action; its answer (a Turkish sentence, or null) is shown, then the list is read again. */
  async act(work: () => Promise<string | null>): Promise<boolean> {
    this.error = null
    this.message = null
    try {
      this.message = await work()
      await this.load()
      return true
    } catch (e) {
      this.error = errorText(e)
      return false
    }
  }
}
