/**
 * The Çağrı Masası's socket side: every signed-in agent (and supervisor, who may open the desk) joins
 * `agent:<userId>` at connection, where the screen pop, pause changes and click-to-call progress arrive.
 * Agents, operators and the müdür also join `listened:<userId>`, where they are told that the müdür
 * listens to their call. No other role joins these rooms and nothing else is sent there (docs/design.md §2.4, §2.8). `desk:sync` hands a
 * reconnecting client what is on its screen now; any other role asking is refused (`forbidden`).
 */
import type { Server, Socket } from 'socket.io'
import {
  deskRoom,
  DESK_EVENTS,
  LISTENED_ROLES,
  listenedRoom,
  type DeskMember,
  type ScreenPop,
} from '../../contract/agent-desk.ts'
import type { Ack } from '../../contract/events.ts'
import { ackRefusal, answerAck } from '../ack.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

const DESK_ROLES = new Set(['agent', 'supervisor'])

export interface DeskSocketSource {
  popsOf(userId: number): ScreenPop[]
  memberOf(userId: number): DeskMember | null
}

export function registerDeskHandlers(socket: Socket, source: () => DeskSocketSource | null): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  // A forced password change first: nothing is pushed to that session until then.
  const userId =
    principal?.kind === 'user' && DESK_ROLES.has(principal.role) && principal.mustChangePassword !== true
      ? principal.userId
      : null
  if (userId !== null) void socket.join(deskRoom(userId))
  // Operators have no desk, but are told on the santral console when the müdür listens to them.
  if (
    principal?.kind === 'user' &&
    principal.mustChangePassword !== true &&
    (LISTENED_ROLES as readonly string[]).includes(principal.role)
  )
    void socket.join(listenedRoom(principal.userId))
  socket.on(DESK_EVENTS.sync, (ack: unknown) => {
    if (typeof ack !== 'function') return
    if (userId === null) {
      answerAck(ack, ackRefusal('forbidden', 'Çağrı Masası temsilciler ve müdür içindir.'))
      return
    }
    const s = source()
    const answer: Ack<{ pops: ScreenPop[]; member: DeskMember | null }> =
      s === null
        ? { ok: true, data: { pops: [], member: null } }
        : { ok: true, data: { pops: s.popsOf(userId), member: s.memberOf(userId) } }
    ;(ack as (a: typeof answer) => void)(answer)
  })
}

/** Joins every new socket to its desk room (a second `connection` listener next to the live views). */
export function attachDeskSockets(io: Server, source: () => DeskSocketSource | null): void {
  io.on('connection', (socket: Socket) => registerDeskHandlers(socket, source))
}

/** The desk's sink on socket.io: across nodes through the adapter, since the pop is made where AMI is. */
export function deskSinkOn(io: Server): { emit(room: string, event: string, payload: unknown): void } {
  return {
    emit: (room, event, payload) => {
      ;(io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
