/**
 * The santral console's live state: `switchboard:sync` gives the whole state with its number,
 * `switchboard:update` replaces the parts that changed. A number out of order or a new stream means
 * something was missed: sync again. Reconnects sync again too. The operator's own transfer alerts come
 * apart (`switchboard:alert`, `switchboard:alert-cleared`, server/contract/switchboard.ts): a sync
 * brings those the node it reached holds, the events those of every node.
 */
import { DESK_EVENTS } from '../../../../server/contract/agent-desk.ts'
import type { Ack } from '../../../../server/contract/events.ts'
import type { DeskListened } from '../../../../server/contract/supervision.ts'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardSnapshot,
  type SwitchboardUpdate,
  type TransferAlertView,
} from '../../../../server/contract/switchboard.ts'

/** The socket calls the console uses (a typed socket.io client fits). */
export interface SwitchboardSocket {
  connected: boolean
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
  emit(event: string, ...args: unknown[]): unknown
}

export type SwitchboardStatus = 'idle' | 'loading' | 'live' | 'refused'

export class LiveSwitchboard {
  state = $state.raw<SwitchboardSnapshot | null>(null)
  status = $state<SwitchboardStatus>('idle')
  message = $state<string | null>(null)
  /** Local clock minus server clock at the last update (ticking waits use `now - skewMs`). */
  skewMs = $state(0)
  /** The müdür listens to this operator's call now (the directorate's notice setting permitting). */
  listened = $state.raw<DeskListened | null>(null)
  /** Alerts about the transfers this operator started, newest first. */
  alerts = $state.raw<TransferAlertView[]>([])
  readonly #socket: SwitchboardSocket

  constructor(socket: SwitchboardSocket) {
    this.#socket = socket
  }

  start(): () => void {
    const sync = () => this.sync()
    const update = (u: SwitchboardUpdate) => this.apply(u)
    const alert = (a: TransferAlertView) => this.raise(a)
    const cleared = (c: { transferId: number }) => this.clear(c.transferId)
    const listened = (l: DeskListened) => (this.listened = l.active ? l : null)
    this.#socket.on('connect', sync)
    this.#socket.on(SWITCHBOARD_EVENTS.update, update)
    this.#socket.on(SWITCHBOARD_EVENTS.alert, alert)
    this.#socket.on(SWITCHBOARD_EVENTS.alertCleared, cleared)
    this.#socket.on(DESK_EVENTS.listened, listened)
    if (this.#socket.connected) sync()
    return () => {
      this.#socket.off('connect', sync)
      this.#socket.off(SWITCHBOARD_EVENTS.update, update)
      this.#socket.off(SWITCHBOARD_EVENTS.alert, alert)
      this.#socket.off(SWITCHBOARD_EVENTS.alertCleared, cleared)
      this.#socket.off(DESK_EVENTS.listened, listened)
    }
  }

  /** A new alert, or a transfer's alert worded anew (it replaces the earlier one). */
  raise(a: TransferAlertView): void {
    this.alerts = [a, ...this.alerts.filter((x) => x.transferId !== a.transferId)].sort(
      (x, y) => y.startedAt - x.startedAt,
    )
  }

  clear(transferId: number): void {
    this.alerts = this.alerts.filter((x) => x.transferId !== transferId)
  }

  sync(): void {
    this.status = this.state === null ? 'loading' : this.status
    this.#socket.emit(SWITCHBOARD_EVENTS.sync, (answer: Ack<SwitchboardSnapshot>) => {
      if (!answer.ok) {
        this.status = 'refused'
        this.message = answer.error.message
        return
      }
      this.state = answer.data
      this.alerts = answer.data.alerts
      this.skewMs = Date.now() - answer.data.at
      this.status = 'live'
      this.message = null
    })
  }

  apply(u: SwitchboardUpdate): void {
    const s = this.state
    if (s === null) return
    if (u.stream !== s.stream || u.seq !== s.seq + 1) {
      if (u.seq > s.seq || u.stream !== s.stream) this.sync()
      return
    }
    this.state = { ...s, ...u.parts, seq: u.seq, at: u.at }
    this.skewMs = Date.now() - u.at
  }
}
