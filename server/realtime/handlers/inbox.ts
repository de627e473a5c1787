/**
 * Talepler › Gelen kutusu's live side: the sockets of the roles that see the inbox over HTTP
 * (DIRECTORATE_ROLES, as `GET /api/v1/intake/inbox`) join `inbox`, where the notifier
 * (server/services/intake/inbox-notifier.ts) sends `inbox:changed`. Unit staff, TV links and a session
 * that must change its password first stay out.
 */
import type { Server, Socket } from 'socket.io'
import { INBOX_ROOM } from '../../contract/inbox.ts'
import type { InboxEventSink } from '../../services/intake/inbox-notifier.ts'
import { DIRECTORATE_ROLES } from '../../services/tickets/ticket-access.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

export function registerInboxHandlers(socket: Socket): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  if (
    principal?.kind === 'user' &&
    principal.mustChangePassword !== true &&
    DIRECTORATE_ROLES.includes(principal.role)
  )
    void socket.join(INBOX_ROOM)
}

export function attachInboxSockets(io: Server): void {
  io.on('connection', (socket: Socket) => registerInboxHandlers(socket))
}

/** `io.to(room)` goes through the Redis adapter to every node's sockets. */
export function inboxSinkOn(io: Server): InboxEventSink {
  return {
    emit: (room, event, payload) => {
      ;(io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
