/**
 * One live view over a socket, without any UI framework (the `.svelte.ts` classes wrap it; tests and
 * the fan-out benchmark drive it directly). Subscribes on every (re)connect, keeps the keyed
 * collections, applies numbered deltas in order, and subscribes again when a number is skipped or the
 * stream changed (ADR 006), or a patch does not fit the item it holds. Deltas that arrive while a
 * subscribe is in flight are held and the ones newer than the snapshot applied after it.
 */
import { applyItemPatch } from '../../../../server/contract/item-patch.ts'
import {
  CHANGED_EVENT,
  liveItemKey,
  type Ack,
  type CollectionChange,
  type LiveView,
  type LiveViewData,
  type ViewDelta,
  type ViewSnapshot,
} from '../../../../server/contract/events.ts'
import type { PanoSocket } from '../socket.ts'

/** The part of a socket.io client socket a feed uses (a fake EventEmitter in tests). */
export interface FeedSocket {
  readonly connected: boolean
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
  emit(
    event: 'view:subscribe',
    request: { view: LiveView },
    ack: (answer: Ack<ViewSnapshot>) => void,
  ): unknown
  emit(event: 'view:unsubscribe', request: { view: LiveView }, ack: (answer: Ack<null>) => void): unknown
}

export type FeedStatus = 'idle' | 'subscribing' | 'live' | 'refused' | 'unavailable' | 'disconnected'

export interface FeedUpdate<V extends LiveView> {
  data: LiveViewData[V]
  /** Server time of the data. */
  at: number
  /** Of the delta that caused this update (null: a snapshot or a timer refresh). */
  receivedAt: number | null
}

export interface FeedListener<V extends LiveView> {
  onData?(update: FeedUpdate<V>): void
  onStatus?(status: FeedStatus, message: string | null): void
  /** Every delta as received (benchmarks measure latency here). */
  onDelta?(delta: ViewDelta<V>): void
}

export interface FeedStats {
  snapshots: number
  deltas: number
  /** Deltas that skipped a number or came from another stream. */
  gaps: number
}

const ACK_TIMEOUT_MS = 10_000
const RETRY_AFTER_UNAVAILABLE_MS = 5_000

export class ViewFeed<V extends LiveView> {
  readonly view: V
  readonly stats: FeedStats = { snapshots: 0, deltas: 0, gaps: 0 }
  #socket: FeedSocket
  #listener: FeedListener<V>
  #collections = new Map<string, Map<string, unknown>>()
  #stream: string | null = null
  #seq = 0
  #at = 0
  #pending: ViewDelta<V>[] | null = null
  #attempt = 0
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #status: FeedStatus = 'idle'
  #started = false

  constructor(socket: FeedSocket | PanoSocket, view: V, listener: FeedListener<V> = {}) {
    // socket.io's generic overloads are narrower than FeedSocket's; the events used are the same.
    this.#socket = socket as FeedSocket
    this.view = view
    this.#listener = listener
  }

  get status(): FeedStatus {
    return this.#status
  }

  get seq(): number {
    return this.#seq
  }

  /** Listens to the socket; subscribes now if connected and after every reconnect. Returns stop(). */
  start(): () => void {
    if (this.#started) return () => this.#stop()
    this.#started = true
    this.#socket.on('connect', this.#onConnect)
    this.#socket.on('disconnect', this.#onDisconnect)
    this.#socket.on(CHANGED_EVENT[this.view], this.#onDelta)
    if (this.#socket.connected) this.subscribe()
    return () => this.#stop()
  }

  /** Asks for a fresh snapshot (also what a gap does). */
  subscribe(): void {
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer)
    this.#retryTimer = undefined
    const attempt = ++this.#attempt
    this.#pending = []
    this.#setStatus('subscribing', null)
    const timer = setTimeout(() => {
      if (attempt === this.#attempt && this.#socket.connected) this.subscribe()
    }, ACK_TIMEOUT_MS)
    this.#socket.emit('view:subscribe', { view: this.view }, (answer) => {
      clearTimeout(timer)
      if (attempt !== this.#attempt || !this.#started) return
      if (!answer.ok) {
        this.#pending = null
        if (answer.error.code === 'unavailable') {
          this.#setStatus('unavailable', answer.error.message)
          this.#retryTimer = setTimeout(() => {
            if (this.#socket.connected) this.subscribe()
          }, RETRY_AFTER_UNAVAILABLE_MS)
        } else this.#setStatus('refused', answer.error.message)
        return
      }
      this.#applySnapshot(answer.data as ViewSnapshot<V>)
    })
  }

  /**
   * Stops listening and leaves the view's room on the server, so its deltas stop coming (the `calls`
   * view carries callers' numbers: a board that no longer shows them must not keep receiving them).
   * One feed per view and socket: stopping it leaves the room for the whole socket.
   */
  #stop(): void {
    if (!this.#started) return
    this.#started = false
    this.#attempt++
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer)
    this.#socket.off('connect', this.#onConnect)
    this.#socket.off('disconnect', this.#onDisconnect)
    this.#socket.off(CHANGED_EVENT[this.view], this.#onDelta)
    if (this.#socket.connected) this.#socket.emit('view:unsubscribe', { view: this.view }, () => {})
    this.#pending = null
    this.#setStatus('idle', null)
  }

  #onConnect = (): void => {
    this.subscribe()
  }

  #onDisconnect = (): void => {
    this.#attempt++
    this.#pending = null
    this.#setStatus('disconnected', null)
  }

  #onDelta = (delta: ViewDelta<V>): void => {
    if (delta === null || typeof delta !== 'object' || delta.view !== this.view) return
    this.#listener.onDelta?.(delta)
    if (this.#pending !== null) {
      this.#pending.push(delta)
      return
    }
    // The boards are drawn again (a takeover ended): ask now rather than at the retry's end.
    if (this.#status === 'unavailable') {
      this.subscribe()
      return
    }
    if (this.#status !== 'live') return
    if (delta.stream === this.#stream && delta.seq <= this.#seq) return // already in the snapshot
    if (!this.#applyNext(delta)) return
    this.#emitData(delta.receivedAt)
  }

  #applySnapshot(snapshot: ViewSnapshot<V>): void {
    this.stats.snapshots++
    this.#collections.clear()
    for (const [collection, items] of Object.entries(snapshot.data as Record<string, unknown[]>)) {
      const map = new Map<string, unknown>()
      for (const item of items) map.set(liveItemKey(collection, item), item)
      this.#collections.set(collection, map)
    }
    this.#stream = snapshot.stream
    this.#seq = snapshot.seq
    this.#at = snapshot.at
    const held = this.#pending ?? []
    this.#pending = null
    this.#setStatus('live', null)
    for (const delta of held) {
      if (delta.stream !== this.#stream || delta.seq <= this.#seq) continue
      if (!this.#applyNext(delta)) return
    }
    this.#emitData(null)
  }

  /**
   * Applies the delta that follows what this feed holds; when it does not (another stream, a skipped
   * number, a patch for an item not held) counts a gap, subscribes again and returns false.
   */
  #applyNext(delta: ViewDelta<V>): boolean {
    if (delta.stream === this.#stream && delta.seq === this.#seq + 1 && this.#apply(delta)) return true
    this.stats.gaps++
    this.subscribe()
    return false
  }

  /** False when a patch does not fit an item held (the feed is then resubscribed, not trusted). */
  #apply(delta: ViewDelta<V>): boolean {
    this.stats.deltas++
    for (const [collection, change] of Object.entries(delta.changes as Record<string, unknown>)) {
      const c = change as CollectionChange<unknown> | undefined
      if (!c) continue
      let map = this.#collections.get(collection)
      if (!map) this.#collections.set(collection, (map = new Map<string, unknown>()))
      for (const key of c.remove ?? []) map.delete(key)
      for (const item of c.upsert ?? []) map.set(liveItemKey(collection, item), item)
      for (const [key, ops] of Object.entries(c.patch ?? {})) {
        const patched = map.has(key) ? applyItemPatch(map.get(key), ops) : null
        if (patched === null) return false
        map.set(key, patched)
      }
    }
    this.#seq = delta.seq
    this.#at = delta.at
    return true
  }

  #emitData(receivedAt: number | null): void {
    if (!this.#listener.onData) return
    const data: Record<string, unknown[]> = {}
    for (const [collection, map] of this.#collections) data[collection] = [...map.values()]
    this.#listener.onData({ data: data as unknown as LiveViewData[V], at: this.#at, receivedAt })
  }

  #setStatus(status: FeedStatus, message: string | null): void {
    this.#status = status
    this.#listener.onStatus?.(status, message)
  }
}
