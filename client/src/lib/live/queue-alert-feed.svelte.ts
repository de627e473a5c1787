/**
 * Queue alerts on a page (docs/alerts.md §4): the müdür's and admins' pages and TV links hear
 * `queue-alert:raised` / `queue-alert:cleared`; on every (re)connect `queue-alerts:open` reads the
 * alerts not cleared yet, so a page opened late or a dropped connection still knows which queue is red.
 */
import type { Socket } from 'socket.io-client'
import type {
  QueueAlertClientToServerEvents,
  QueueAlertServerToClientEvents,
  QueueAlertView,
} from '../../../../server/contract/queue-alerts.ts'

export type QueueAlertSocket = Socket<QueueAlertServerToClientEvents, QueueAlertClientToServerEvents>

export class QueueAlertFeed {
  /** Raised and not cleared, newest first. */
  open = $state.raw<QueueAlertView[]>([])
  /** Raised while this page was open and not dismissed, newest first (the notification). */
  fresh = $state.raw<QueueAlertView[]>([])
  readonly #socket: QueueAlertSocket
  readonly #onRaised: (alert: QueueAlertView) => void

  constructor(socket: unknown, onRaised: (alert: QueueAlertView) => void = () => {}) {
    this.#socket = socket as QueueAlertSocket
    this.#onRaised = onRaised
  }

  /** Listens (the caller connects the socket); returns the function that stops. */
  start(): () => void {
    const s = this.#socket
    const sync = () =>
      s.emit('queue-alerts:open', (answer) => {
        if (answer.ok) this.open = answer.data
      })
    const raised = (alert: QueueAlertView) => {
      this.open = [alert, ...this.open.filter((a) => a.id !== alert.id)]
      this.fresh = [alert, ...this.fresh.filter((a) => a.id !== alert.id)].slice(0, 5)
      this.#onRaised(alert)
    }
    const cleared = (alert: QueueAlertView) => {
      this.open = this.open.filter((a) => a.id !== alert.id)
    }
    s.on('connect', sync)
    s.on('queue-alert:raised', raised)
    s.on('queue-alert:cleared', cleared)
    if (s.connected) sync()
    return () => {
      s.off('connect', sync)
      s.off('queue-alert:raised', raised)
      s.off('queue-alert:cleared', cleared)
    }
  }

  dismiss(id: number): void {
    this.fresh = this.fresh.filter((a) => a.id !== id)
  }
}
