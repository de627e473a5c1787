/**
 * Time for the simulator. Every part of the PBX reads `now()` and schedules work with `after()`, so the
 * same code runs in real time (the demo, optionally sped up) and in virtual time (tests run a
 * ten-minute scenario in milliseconds by calling `runFor`).
 */
export interface SimTimer {
  cancel(): void
}

export interface Scheduler {
  /** Simulated wall clock, epoch milliseconds. */
  now(): number
  /** Runs `task` after `delayMs` of simulated time. */
  after(delayMs: number, task: () => void): SimTimer
  /** Cancels every pending task (used when the simulator closes). */
  cancelAll(): void
}

interface Entry {
  at: number
  seq: number
  task: () => void
  cancelled: boolean
}

/** Virtual time: nothing happens until `runFor` moves the clock; tasks run in (time, insertion) order. */
export class VirtualScheduler implements Scheduler {
  private clock: number
  private seq = 0
  private readonly heap: Entry[] = []

  constructor(startMs: number) {
    this.clock = startMs
  }

  now(): number {
    return this.clock
  }

  after(delayMs: number, task: () => void): SimTimer {
    const entry: Entry = { at: this.clock + Math.max(0, delayMs), seq: this.seq++, task, cancelled: false }
    this.push(entry)
    return {
      cancel: () => {
        entry.cancelled = true
      },
    }
  }

  cancelAll(): void {
    for (const e of this.heap) e.cancelled = true
    this.heap.length = 0
  }

  /** Time of the next pending task, if any. */
  nextAt(): number | undefined {
    this.dropCancelled()
    return this.heap[0]?.at
  }

  /** Runs every task due within the next `ms`, moving the clock to each task's time, then to the end. */
  runFor(ms: number): number {
    const end = this.clock + ms
    let ran = 0
    for (;;) {
      this.dropCancelled()
      const top = this.heap[0]
      if (top === undefined || top.at > end) break
      this.pop()
      this.clock = Math.max(this.clock, top.at)
      ran++
      top.task()
    }
    this.clock = end
    return ran
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled === true) this.pop()
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private push(e: Entry): void {
    const h = this.heap
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      const parent = h[p] as Entry
      if (!this.less(e, parent)) break
      h[i] = parent
      i = p
    }
    h[i] = e
  }

  private pop(): Entry | undefined {
    const h = this.heap
    const top = h[0]
    const last = h.pop()
    if (h.length === 0 || last === undefined) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      let best = last
      if (l < h.length && this.less(h[l] as Entry, best)) {
        m = l
        best = h[l] as Entry
      }
      if (r < h.length && this.less(h[r] as Entry, best)) {
        m = r
        best = h[r] as Entry
      }
      if (m === i) break
      h[i] = best
      i = m
    }
    h[i] = last
    return top
  }
}

/** Real time scaled by `speed` (2 = twice as fast). `realNow` is injectable for tests. */
export class RealScheduler implements Scheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly realStart: number

  constructor(private readonly options: { speed: number; startMs: number; realNow?: () => number }) {
    if (!(options.speed > 0)) throw new Error('speed must be > 0')
    this.realStart = (options.realNow ?? Date.now)()
  }

  now(): number {
    const real = (this.options.realNow ?? Date.now)()
    return this.options.startMs + Math.round((real - this.realStart) * this.options.speed)
  }

  after(delayMs: number, task: () => void): SimTimer {
    const handle = setTimeout(
      () => {
        this.timers.delete(handle)
        task()
      },
      Math.max(0, delayMs) / this.options.speed,
    )
    this.timers.add(handle)
    return {
      cancel: () => {
        clearTimeout(handle)
        this.timers.delete(handle)
      },
    }
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }
}
