/**
 * The agent's own live feed: the `agent:<userId>` room pushes screen pops, their retraction, pause
 * changes and click-to-call progress. On every (re)connect `desk:sync` fetches what is on screen now, so
 * a dropped connection never leaves a stale pop behind.
 */
import type { Socket } from 'socket.io-client'
import {
  DESK_EVENTS,
  type DeskClientToServerEvents,
  type DeskMember,
  type DeskServerToClientEvents,
  type OriginateProgress,
  type PopRetracted,
  type ScreenPop,
} from '../../../../server/contract/agent-desk.ts'
import type { DeskListened } from '../../../../server/contract/supervision.ts'
import { SvelteSet } from 'svelte/reactivity'
import { createSocket } from '../socket.ts'

export type DeskSocket = Socket<DeskServerToClientEvents, DeskClientToServerEvents>

export class AgentDeskFeed {
  pops = $state.raw<ScreenPop[]>([])
  member = $state.raw<DeskMember | null>(null)
  calls = $state.raw<OriginateProgress[]>([])
  connected = $state(false)
  /** The last retraction, shown briefly in words. */
  retracted = $state.raw<PopRetracted | null>(null)
  /** A müdür listens now and the directorate announces it (contract/supervision.ts). */
  listened = $state.raw<DeskListened | null>(null)
  readonly #socket: DeskSocket
  /**
   * Pops finished here (wrapped up) or retracted: a pop id is never reused, and an answer that left the
   * server before the wrap-up (a slow sync or reload) must not bring the call back onto the screen.
   */
  readonly #gone = new SvelteSet<string>()

  constructor(socket?: DeskSocket) {
    const made: unknown = createSocket()
    this.#socket = socket ?? (made as DeskSocket)
  }

  start(): () => void {
    const s = this.#socket
    s.on('connect', () => {
      this.connected = true
      s.emit(DESK_EVENTS.sync, (answer) => {
        if (!answer.ok) return
        this.pops = newestFirst(answer.data.pops.filter((p) => !this.#gone.has(p.popId)))
        this.member = answer.data.member
      })
    })
    s.on('disconnect', () => {
      this.connected = false
    })
    s.on(DESK_EVENTS.pop, (pop) => this.upsert(pop))
    s.on(DESK_EVENTS.retract, (r) => {
      this.#gone.add(r.popId)
      this.pops = this.pops.filter((p) => p.popId !== r.popId)
      this.retracted = r
    })
    s.on(DESK_EVENTS.member, (m) => {
      this.member = m
    })
    s.on(DESK_EVENTS.listened, (l) => {
      this.listened = l.active ? l : null
    })
    s.on(DESK_EVENTS.originate, (p) => {
      this.calls = [p, ...this.calls.filter((c) => c.id !== p.id)].slice(0, 20)
    })
    s.connect()
    return () => {
      s.removeAllListeners()
      s.disconnect()
    }
  }

  upsert(pop: ScreenPop): void {
    if (this.#gone.has(pop.popId)) return
    const others = this.pops.filter((p) => p.popId !== pop.popId)
    this.pops = newestFirst([pop, ...others])
  }

  remove(popId: string): void {
    this.#gone.add(popId)
    this.pops = this.pops.filter((p) => p.popId !== popId)
  }

  callFor(kind: 'ticket' | 'callback', id: number): OriginateProgress | undefined {
    return this.calls.find((c) =>
      c.target.kind === 'ticket'
        ? kind === 'ticket' && c.target.ticketId === id
        : kind === 'callback' && c.target.callbackId === id,
    )
  }
}

/** The call that rang last comes first, after a reload too (the server keeps them oldest first). */
function newestFirst(pops: readonly ScreenPop[]): ScreenPop[] {
  return [...pops].sort((a, b) => b.ringingSince.localeCompare(a.ringingSince))
}

let shared: { feed: AgentDeskFeed; users: number; stop: () => void } | null = null

/**
 * One desk feed per browser tab: the ring announcement in the header and the Çağrı Masası share it, so
 * an agent's tab holds one socket for its own room. Call `release` when the screen goes away.
 */
export function acquireDeskFeed(): { feed: AgentDeskFeed; release: () => void } {
  if (shared === null) {
    const feed = new AgentDeskFeed()
    shared = { feed, users: 0, stop: feed.start() }
  }
  const mine = shared
  mine.users++
  let released = false
  return {
    feed: mine.feed,
    release() {
      if (released) return
      released = true
      mine.users--
      if (mine.users === 0 && shared === mine) {
        mine.stop()
        shared = null
      }
    },
  }
}
