import { describe, expect, it } from 'vitest'
import type { Ack, CollectionChange, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import type { ErrorKind } from '../../../server/contract/errors.ts'
import type { QueueView } from '../../../server/contract/views.ts'
import { ViewFeed, type FeedSocket } from '../../../client/src/lib/live/view-feed.ts'

/** A socket.io client stand-in: records subscribe requests, answers them when told. */
class FakeSocket implements FeedSocket {
  connected = true
  pending: ((a: Ack<ViewSnapshot>) => void)[] = []
  /** Views the feed left (`view:unsubscribe`). */
  left: unknown[] = []
  #listeners = new Map<string, Set<(...args: never[]) => void>>()
  on(event: string, listener: (...args: never[]) => void): void {
    const set = this.#listeners.get(event) ?? new Set()
    set.add(listener)
    this.#listeners.set(event, set)
  }
  off(event: string, listener: (...args: never[]) => void): void {
    this.#listeners.get(event)?.delete(listener)
  }
  emit(event: string, ...args: unknown[]): boolean {
    if (event === 'view:subscribe') {
      this.pending.push(args[1] as (a: Ack<ViewSnapshot>) => void)
      return true
    }
    if (event === 'view:unsubscribe') {
      this.left.push(args[0])
      return true
    }
    this.fire(event, ...args)
    return true
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.#listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args)
  }
  answer(seq: number, queues: Partial<QueueView>[], stream = 'n1:1'): void {
    this.pending.shift()?.({
      ok: true,
      data: {
        view: 'wallboard',
        stream,
        seq,
        at: 1,
        data: { queues: queues as QueueView[], pbxs: [], written: [] },
      },
    })
  }
  refuse(code: string, kind: ErrorKind, message: string): void {
    this.pending.shift()?.({ ok: false, error: { code, kind, message } })
  }
  delta(seq: number, upsert: Partial<QueueView>[], stream = 'n1:1'): void {
    this.change(seq, { upsert: upsert as QueueView[], remove: [] }, stream)
  }
  change(seq: number, queues: CollectionChange<QueueView>, stream = 'n1:1'): void {
    const d: ViewDelta<'wallboard'> = {
      view: 'wallboard',
      stream,
      seq,
      at: 2,
      receivedAt: 1,
      changes: { queues },
    }
    this.fire('wallboard:changed', d)
  }
}

const q = (name: string, waiting: number) => ({ pbxId: 'main', name, waiting })

function feedOn(socket: FakeSocket) {
  const seen: number[][] = []
  const feed = new ViewFeed(socket, 'wallboard', {
    onData: (u) => seen.push(u.data.queues.map((x) => x.waiting)),
  })
  feed.start()
  return { feed, seen }
}

describe('ViewFeed', () => {
  it('applies deltas in order after the snapshot and ignores ones already in it', () => {
    const socket = new FakeSocket()
    const { feed, seen } = feedOn(socket)
    socket.answer(5, [q('a', 0)])
    socket.delta(5, [q('a', 9)]) // already in the snapshot
    socket.delta(6, [q('a', 1)])
    socket.delta(7, [q('a', 2)])
    expect(seen).toEqual([[0], [1], [2]])
    expect(feed.stats).toEqual({ snapshots: 1, deltas: 2, gaps: 0 })
  })

  it('subscribes again when a number is skipped, and when the stream changes', () => {
    const socket = new FakeSocket()
    const { feed } = feedOn(socket)
    socket.answer(1, [q('a', 0)])
    socket.delta(3, [q('a', 5)])
    expect(feed.stats.gaps).toBe(1)
    expect(socket.pending).toHaveLength(1)
    socket.answer(3, [q('a', 5)])
    socket.delta(1, [q('a', 6)], 'n2:9')
    expect(feed.stats.gaps).toBe(2)
    expect(feed.status).toBe('subscribing')
  })

  it('holds deltas that arrive during a subscribe and applies the newer ones after it', () => {
    const socket = new FakeSocket()
    const { seen } = feedOn(socket)
    socket.delta(4, [q('a', 4)])
    socket.delta(5, [q('a', 5)])
    socket.answer(4, [q('a', 4)])
    expect(seen.at(-1)).toEqual([5])
  })

  it('subscribes again after a reconnect and says when the view is refused', () => {
    const socket = new FakeSocket()
    const statuses: string[] = []
    const feed = new ViewFeed(socket, 'wallboard', { onStatus: (s) => statuses.push(s) })
    feed.start()
    socket.refuse('forbidden', 'not_allowed', 'yetkiniz yok')
    socket.emit('disconnect')
    socket.emit('connect')
    expect(statuses).toEqual(['subscribing', 'refused', 'disconnected', 'subscribing'])
  })

  it('asks again at once when a delta shows the boards drawn again after an unavailable answer', () => {
    const socket = new FakeSocket()
    const statuses: string[] = []
    const feed = new ViewFeed(socket, 'wallboard', { onStatus: (s) => statuses.push(s) })
    feed.start()
    socket.refuse('unavailable', 'unavailable', 'Canlı veriler şu anda alınamıyor.')
    expect(feed.status).toBe('unavailable')
    // The new holder's first delta, long before the 5 s retry: a new subscribe goes out now.
    socket.delta(1, [q('a', 1)], 'n2:1')
    expect(socket.pending).toHaveLength(1)
    socket.answer(1, [q('a', 1)], 'n2:1')
    expect(feed.status).toBe('live')
    expect(statuses).toEqual(['subscribing', 'unavailable', 'subscribing', 'live'])
    feed.start()()
  })

  it('leaves the view on the server when stopped, and takes no deltas after', () => {
    const socket = new FakeSocket()
    const { feed, seen } = feedOn(socket)
    socket.answer(1, [q('a', 0)])
    const stop = feed.start()
    stop()
    stop()
    expect(socket.left).toEqual([{ view: 'wallboard' }])
    expect(feed.status).toBe('idle')
    socket.delta(2, [q('a', 4)])
    expect(seen).toEqual([[0]])
    // Started again (the tab chosen again): a fresh subscribe.
    feed.start()
    expect(socket.pending).toHaveLength(1)
  })

  it('applies field patches to the items it holds, giving the view new objects', () => {
    const socket = new FakeSocket()
    const items: Partial<QueueView>[][] = []
    new ViewFeed(socket, 'wallboard', { onData: (u) => items.push(u.data.queues) }).start()
    socket.answer(1, [q('a', 0), q('b', 7)])
    socket.change(2, { upsert: [], patch: { 'main/a': [['/waiting', 3]] }, remove: [] })
    socket.change(3, { upsert: [], patch: { 'main/b': [['/waiting', 8]] }, remove: ['main/a'] })
    expect(items.map((list) => list.map((x) => x.waiting))).toEqual([[0, 7], [3, 7], [8]])
    expect(items[1]?.[0]).not.toBe(items[0]?.[0])
    expect(items[1]?.[1]).toBe(items[0]?.[1])
  })

  it('subscribes again when a patch names an item it does not hold', () => {
    const socket = new FakeSocket()
    const { feed, seen } = feedOn(socket)
    socket.answer(1, [q('a', 0)])
    socket.change(2, { upsert: [], patch: { 'main/z': [['/waiting', 3]] }, remove: [] })
    expect(feed.stats.gaps).toBe(1)
    expect(socket.pending).toHaveLength(1)
    socket.answer(2, [q('a', 0), q('z', 3)])
    expect(seen.at(-1)).toEqual([0, 3])
  })
})
