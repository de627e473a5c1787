/**
 * The switchboard console's socket side (issue 7): operators and supervisors join room `switchboard`
 * at connection; `switchboard:sync` answers with the whole console state and its sequence number;
 * updates and alerts are emitted to the room by the switchboard service through `switchboardSinkOn`.
 * No other role joins the room, and a socket of another role asking for a sync is refused.
 */
import type { Server, Socket } from 'socket.io'
import type { Ack } from '../../contract/events.ts'
import {
  SWITCHBOARD_EVENTS,
  SWITCHBOARD_ROLES,
  SWITCHBOARD_ROOM,
  type SwitchboardSnapshot,
} from '../../contract/switchboard.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

export interface SwitchboardSocketSource {
  snapshot(): SwitchboardSnapshot
}

const ROLES = new Set<string>(SWITCHBOARD_ROLES)

export function registerSwitchboardHandlers(
  socket: Socket,
  source: () => SwitchboardSocketSource | null,
): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  const allowed = principal?.kind === 'user' && ROLES.has(principal.role)
  if (allowed) void socket.join(SWITCHBOARD_ROOM)
  socket.on(SWITCHBOARD_EVENTS.sync, (ack: unknown) => {
    if (typeof ack !== 'function') return
    const reply = ack as (a: Ack<SwitchboardSnapshot>) => void
    if (!allowed) {
      reply({ ok: false, error: { code: 'forbidden', message: 'Santral ekranını görme yetkiniz yok.' } })
      return
    }
    const s = source()
    if (s === null) {
      reply({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'Canlı santral verisi yok: santral bağlantısı yapılandırılmamış.',
        },
      })
      return
    }
    reply({ ok: true, data: s.snapshot() })
  })
}

export function attachSwitchboardSockets(io: Server, source: () => SwitchboardSocketSource | null): void {
  io.on('connection', (socket: Socket) => registerSwitchboardHandlers(socket, source))
}

/** The service's sink: the room on every node (the node holding the PBX connection emits). */
export function switchboardSinkOn(io: Server): { emit(event: string, payload: unknown): void } {
  return {
    emit: (event, payload) => {
      ;(io.to(SWITCHBOARD_ROOM).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
