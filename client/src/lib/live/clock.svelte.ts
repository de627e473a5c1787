/** A clock the boards tick from (once a second), so waits and times in state move between updates. */
export class Clock {
  now = $state(Date.now())
  readonly #read: () => number

  constructor(read: () => number = Date.now) {
    this.#read = read
    this.now = read()
  }

  start(periodMs = 1_000): () => void {
    const timer = setInterval(() => (this.now = this.#read()), periodMs)
    return () => clearInterval(timer)
  }
}
