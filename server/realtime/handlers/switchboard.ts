/**
 * The switchboard console's socket side: operators and supervisors join room `switchboard`, and
 * `switchboard:user:<userId>` for what is theirs alone, at connection; `switchboard:sync` answers with
 * the whole console state and its sequence number; updates are emitted to the room and a transfer's
 * alerts to the room of the operator who started it, by the switchboard service through
 * `switchboardSinkOn`. No other role joins these rooms, and a socket of another role asking for a sync
 * is refused.
 */
import type { Server, Socket } from 'socket.io'
import type { Ack } from '../../contract/events.ts'
import {
  SWITCHBOARD_EVENTS,
  SWITCHBOARD_ROLES,
  SWITCHBOARD_ROOM,
  type SwitchboardSnapshot,
} from '../../contract/switchboard.ts'
import { actorFromUser, type Actor } from '../../services/audit/actor.ts'
import { ackRefusal } from '../ack.ts'
import { socketAddress, type SocketPrincipalData } from '../auth-guard.ts'

export interface SwitchboardSocketSource {
  /** Audits the citizen names it shows for `viewer` (KVKK, docs/design.md §2.8). */
  snapshot(viewer: Actor): SwitchboardSnapshot
}

/** The audit actor of a socket's signed-in user (null for kiosks and anonymous sockets). */
function viewerOf(socket: { data: unknown; handshake: { address: string } }): Actor | null {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  return principal?.kind === 'user' ? actorFromUser(principal, socketAddress(socket)) : null
}

const ROLES = new Set<string>(SWITCHBOARD_ROLES)

/** One operator's (or supervisor's) console sockets, on every node through the Redis adapter. */
export function switchboardUserRoom(userId: number): string {
  return `${SWITCHBOARD_ROOM}:user:${userId}`
}

export function registerSwitchboardHandlers(
  socket: Socket,
  source: () => SwitchboardSocketSource | null,
): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  const allowed =
    principal?.kind === 'user' && ROLES.has(principal.role) && principal.mustChangePassword !== true
  if (allowed) void socket.join([SWITCHBOARD_ROOM, switchboardUserRoom(principal.userId)])
  socket.on(SWITCHBOARD_EVENTS.sync, (ack: unknown) => {
    if (typeof ack !== 'function') return
    const reply = ack as (a: Ack<SwitchboardSnapshot>) => void
    if (!allowed) {
      reply(ackRefusal('forbidden', 'Santral ekranını görme yetkiniz yok.'))
      return
    }
    const s = source()
    if (s === null) {
      reply(ackRefusal('unavailable', 'Canlı santral verisi yok: santral bağlantısı yapılandırılmamış.'))
      return
    }
    const viewer = viewerOf(socket)
    if (viewer === null) return
    reply({ ok: true, data: s.snapshot(viewer) })
  })
}

export function attachSwitchboardSockets(io: Server, source: () => SwitchboardSocketSource | null): void {
  io.on('connection', (socket: Socket) => registerSwitchboardHandlers(socket, source))
}

/**
 * The service's sink. Every node runs its own console stream from its own copy of the PBX state, so the
 * numbered updates go to this node's sockets only (a second node's stream would interleave); an alert
 * is raised once, by the node following that transfer, and goes to the operator who started it on
 * every node (docs/cluster.md). Who receives an update (to audit the names it shows) is this node's
 * sockets in the room.
 */
export function switchboardSinkOn(io: Server): {
  emit(event: string, payload: unknown): void
  toOperator(userId: number, event: string, payload: unknown): void
  viewers(): Promise<Actor[]>
  watched(): boolean
} {
  return {
    watched: () => (io.of('/').adapter.rooms.get(SWITCHBOARD_ROOM)?.size ?? 0) > 0,
    emit: (event, payload) => {
      ;(io.local.to(SWITCHBOARD_ROOM).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
    toOperator: (userId, event, payload) => {
      ;(io.to(switchboardUserRoom(userId)).emit as (event: string, payload: unknown) => boolean)(
        event,
        payload,
      )
    },
    viewers: async () =>
      (await io.local.in(SWITCHBOARD_ROOM).fetchSockets()).flatMap((socket) => {
        const viewer = viewerOf(socket)
        return viewer === null ? [] : [viewer]
      }),
  }
}
