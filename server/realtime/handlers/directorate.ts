/**
 * Talepler's live side: the sockets of the roles that see the inbox and all tickets over HTTP
 * (DIRECTORATE_ROLES, as `GET /api/v1/intake/inbox` and `GET /api/v1/tickets`) join the directorate
 * room, where the nudges (server/services/directorate-nudge.ts) send `inbox:changed` and
 * `tickets:changed`. Unit staff, TV links and a session that must change its password first stay out.
 */
import type { Server, Socket } from 'socket.io'
import { DIRECTORATE_ROOM } from '../../contract/inbox.ts'
import type { NudgeSink } from '../../services/directorate-nudge.ts'
import { DIRECTORATE_ROLES } from '../../services/tickets/ticket-access.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

export function joinDirectorateRoom(socket: Socket): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  if (
    principal?.kind === 'user' &&
    principal.mustChangePassword !== true &&
    DIRECTORATE_ROLES.includes(principal.role)
  )
    void socket.join(DIRECTORATE_ROOM)
}

export function attachDirectorateSockets(io: Server): void {
  io.on('connection', (socket: Socket) => joinDirectorateRoom(socket))
}

/** `io.to(room)` goes through the Redis adapter to every node's sockets. */
export function directorateSinkOn(io: Server): NudgeSink {
  return {
    emit: (room, event, payload) => {
      ;(io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
