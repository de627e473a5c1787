/**
 * What the AMI client has read and not handled yet (ami-client.ts). Items are handled SLICE at a time:
 * the first slice of a read at once, the rest a slice per turn of the event loop (setImmediate), so a
 * PBX flooding events cannot keep HTTP (health) and sockets waiting; the client stops reading its
 * socket above HIGH_WATER queued items (TCP then pushes back on the PBX) and `onLow` tells it to read
 * again below LOW_WATER.
 */
export const SLICE = 500
export const HIGH_WATER = 10_000
export const LOW_WATER = 2_000

export class InboundQueue<T> {
  private items: T[] = []
  private head = 0
  private draining = false
  private scheduled = false

  constructor(
    private readonly handle: (item: T) => void,
    private readonly onLow: (left: number) => void,
  ) {}

  get size(): number {
    return this.items.length - this.head
  }

  get overHighWater(): boolean {
    return this.size > HIGH_WATER
  }

  /** Queues an item; `handleSoon` (or a later turn of the event loop) handles it, in order. */
  push(item: T): void {
    this.items.push(item)
  }

  /**
   * Handles one slice now if nothing was waiting before (the usual case: what one read brought), so its
   * effects go out on this turn of the event loop; a backlog is handled a slice per turn.
   */
  handleSoon(): void {
    if (this.scheduled || this.draining || this.size === 0) return
    this.drain(SLICE)
  }

  /** Handles everything queued now (a closing connection's last words), in order. */
  drainAll(): void {
    this.drain(Infinity)
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.drain(SLICE)
    })
  }

  private drain(limit: number): void {
    if (this.draining) return
    this.draining = true
    try {
      for (let n = 0; this.head < this.items.length && n < limit; n++)
        this.handle(this.items[this.head++] as T)
    } finally {
      this.draining = false
    }
    const left = this.size
    if (left === 0) {
      this.items = []
      this.head = 0
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    if (left < LOW_WATER) this.onLow(left)
    if (left > 0) this.schedule()
  }
}
