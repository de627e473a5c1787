/**
 * A small semaphore for password hashing. One scrypt at OWASP's cost takes 128 MiB and a libuv thread
 * for a good fraction of a second: unbounded, a burst of sign-ins would fill the thread pool (file and
 * DNS work waits behind it) and the memory. `limit` hashes run at once, `maxWaiting` more wait their turn,
 * and anything beyond that is refused at once with 503 (ServerBusyError) instead of piling up.
 */
import { AppError } from '../errors.ts'

export class ServerBusyError extends AppError {
  constructor() {
    super(503, 'server_busy', 'Sunucu şu anda çok yoğun. Birkaç saniye sonra tekrar deneyin.', {
      headers: { 'Retry-After': '2' },
    })
  }
}

export interface HashSlots {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Hashes running now (tests and metrics). */
  running(): number
  waiting(): number
}

export function createHashSlots(limit: number, maxWaiting: number): HashSlots {
  let running = 0
  const queue: (() => void)[] = []

  const release = () => {
    const next = queue.shift()
    if (next) next()
    else running--
  }

  async function acquire(): Promise<void> {
    if (running < limit) {
      running++
      return
    }
    if (queue.length >= maxWaiting) throw new ServerBusyError()
    // The slot passes straight from the releasing task to this one: `running` does not change.
    await new Promise<void>((resolve) => queue.push(resolve))
  }

  return {
    async run(task) {
      await acquire()
      try {
        return await task()
      } finally {
        release()
      }
    },
    running: () => running,
    waiting: () => queue.length,
  }
}
