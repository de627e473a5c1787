/**
 * Queue alerts on the socket (docs/alerts.md §4): the müdür's and admins' sockets join
 * `queue-alerts`, TV links that show the queue board join `queue-alerts:tv`; the monitor emits
 * `queue-alert:raised` / `queue-alert:cleared` there through the Redis adapter, so every node's pages
 * hear it. `queue-alerts:open` answers the alerts not cleared yet, for a page or TV that connects late.
 * Agents, operators and unit staff are in neither room and are refused the list.
 */
import type { Server, Socket } from 'socket.io'
import type { Role } from '../../contract/auth.ts'
import { QUEUE_ALERT_EVENTS, QUEUE_ALERT_ROLES, QUEUE_ALERT_ROOMS } from '../../contract/queue-alerts.ts'
import type { Logger } from '../../logger.ts'
import type { AlertSink } from '../../services/queue-alerts/alert-monitor.ts'
import type { AlertStore } from '../../services/queue-alerts/alert-store.ts'
import { ackRefusal } from '../ack.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

const ROLES: readonly Role[] = QUEUE_ALERT_ROLES

type Answer = (value: unknown) => void

export function registerQueueAlertHandlers(
  socket: Socket,
  deps: { store: () => AlertStore | null; logger: Logger },
): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  const room =
    principal?.kind === 'kiosk'
      ? principal.boards.includes('queues')
        ? QUEUE_ALERT_ROOMS.tv
        : null
      : principal !== undefined && ROLES.includes(principal.role) && principal.mustChangePassword !== true
        ? QUEUE_ALERT_ROOMS.staff
        : null
  if (room !== null) void socket.join(room)

  socket.on(QUEUE_ALERT_EVENTS.open, (ack: unknown) => {
    if (typeof ack !== 'function') return
    const answer = ack as Answer
    const store = deps.store()
    if (room === null || store === null) {
      answer(ackRefusal('forbidden', 'Kuyruk uyarılarını görme yetkiniz yok.'))
      return
    }
    store.open().then(
      (alerts) => answer({ ok: true, data: alerts }),
      (err: unknown) => {
        deps.logger.error({ err }, 'open queue alerts failed')
        answer(ackRefusal('unavailable', 'Kuyruk uyarıları şu anda alınamıyor.'))
      },
    )
  })
}

export function attachQueueAlertSockets(
  io: Server,
  deps: { store: () => AlertStore | null; logger: Logger },
): void {
  io.on('connection', (socket: Socket) => registerQueueAlertHandlers(socket, deps))
}

/** `io.to(room)` goes through the Redis adapter to every node's sockets. */
export function queueAlertSinkOn(io: Server): AlertSink {
  return {
    emit: (room, event, payload) => {
      ;(io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
