/**
 * The agent's own feed (client/src/lib/live/agent-desk.svelte.ts): a call the agent has wrapped up stays
 * off the screen even when an answer that left the server earlier (a slow sync, a reload's fetch)
 * still lists it.
 */
import { describe, expect, it } from 'vitest'
import { DESK_EVENTS, type ScreenPop } from '../../../server/contract/agent-desk.ts'
import { AgentDeskFeed, type DeskSocket } from '../../../client/src/lib/live/agent-desk.svelte.ts'

type Listener = (...args: unknown[]) => void

/** A socket.io client stand-in: keeps listeners, holds the sync request until the test answers it. */
class FakeDeskSocket {
  listeners = new Map<string, Listener[]>()
  syncAnswers: Listener[] = []
  on(event: string, l: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l])
    return this
  }
  emit(event: string, ...args: unknown[]): this {
    if (event === DESK_EVENTS.sync) this.syncAnswers.push(args[args.length - 1] as Listener)
    return this
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args)
  }
  connect(): this {
    this.fire('connect')
    return this
  }
  disconnect(): this {
    return this
  }
  removeAllListeners(): this {
    this.listeners.clear()
    return this
  }
}

const pop = (popId: string, endedAt: string): ScreenPop =>
  ({ popId, phase: 'wrap-up', ringingSince: endedAt, endedAt }) as unknown as ScreenPop

describe('the agent desk feed', () => {
  it('does not bring back a wrapped-up call from a sync answer sent before the wrap-up', () => {
    const socket = new FakeDeskSocket()
    const feed = new AgentDeskFeed(socket as unknown as DeskSocket)
    feed.start()
    const a = pop('a', '2026-12-05T09:00:00Z')
    const b = pop('b', '2026-12-05T09:01:00Z')
    feed.upsert(a)
    feed.upsert(b)
    feed.remove('a')
    expect(feed.pops.map((p) => p.popId)).toEqual(['b'])

    socket.syncAnswers.shift()?.({ ok: true, data: { pops: [a, b], member: null } })
    expect(feed.pops.map((p) => p.popId)).toEqual(['b'])
    feed.upsert(a)
    expect(feed.pops.map((p) => p.popId)).toEqual(['b'])
  })

  it('keeps a retracted call away too, and still takes new calls', () => {
    const socket = new FakeDeskSocket()
    const feed = new AgentDeskFeed(socket as unknown as DeskSocket)
    feed.start()
    feed.upsert(pop('a', '2026-12-05T09:00:00Z'))
    socket.fire(DESK_EVENTS.retract, { popId: 'a', reason: 'wrap-up-expired' })
    socket.fire(DESK_EVENTS.pop, pop('a', '2026-12-05T09:00:00Z'))
    socket.fire(DESK_EVENTS.pop, pop('c', '2026-12-05T09:02:00Z'))
    expect(feed.pops.map((p) => p.popId)).toEqual(['c'])
  })
})
