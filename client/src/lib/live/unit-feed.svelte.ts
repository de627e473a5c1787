/**
 * A unit user's own live feed (docs/messaging.md §8): the `unit:<unitId>` room pushes tickets routed to
 * the unit and the unit's counts. On every (re)connect `unit:sync` reads the counts now, so a dropped
 * connection never leaves a stale number in the navigation.
 */
import type { Socket } from 'socket.io-client'
import type {
  UnitClientToServerEvents,
  UnitServerToClientEvents,
  UnitTicketArrival,
  UnitTicketCounts,
} from '../../../../server/contract/unit-board.ts'
import { createSocket } from '../socket.ts'
import { ticketsChanged } from './ticket-changes.svelte.ts'

export type UnitFeedSocket = Socket<UnitServerToClientEvents, UnitClientToServerEvents>

export class UnitFeed {
  counts = $state.raw<UnitTicketCounts | null>(null)
  /** Newest first; the strip shows the first. */
  arrivals = $state.raw<UnitTicketArrival[]>([])
  connected = $state(false)
  readonly #socket: UnitFeedSocket
  readonly #onArrival: (arrival: UnitTicketArrival) => void

  constructor(onArrival: (arrival: UnitTicketArrival) => void, socket?: UnitFeedSocket) {
    const made: unknown = socket ?? createSocket()
    this.#socket = made as UnitFeedSocket
    this.#onArrival = onArrival
  }

  start(): () => void {
    const s = this.#socket
    s.on('connect', () => {
      this.connected = true
      s.emit('unit:sync', (answer) => {
        if (answer.ok) this.counts = answer.data
      })
    })
    s.on('disconnect', () => {
      this.connected = false
    })
    // Every change of the unit's tickets ends with its counts (an arrival too), so lists re-read once.
    s.on('unit:counts', (counts) => {
      this.counts = counts
      ticketsChanged()
    })
    s.on('unit:ticket-arrived', (arrival) => {
      this.counts = arrival.counts
      this.arrivals = [arrival, ...this.arrivals.filter((a) => a.id !== arrival.id)].slice(0, 10)
      this.#onArrival(arrival)
    })
    s.connect()
    return () => {
      s.removeAllListeners()
      s.disconnect()
    }
  }

  dismiss(id: number): void {
    this.arrivals = this.arrivals.filter((a) => a.id !== id)
  }
}
