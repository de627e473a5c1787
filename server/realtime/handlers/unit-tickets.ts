/**
 * Unit staff's live side (docs/messaging.md §8): every signed-in unit user's socket joins
 * `unit:<unitId>`, where new tickets and the unit's counts arrive (server/services/units/unit-notifier.ts
 * emits there through the Redis adapter, so any node's sockets hear it). `unit:sync` answers the counts
 * now (on connect and reconnect). `units:overdue` answers the overdue-by-unit board — counts only — to
 * the müdür, admins and TV links that list the `overdue` board.
 */
import type { Server, Socket } from 'socket.io'
import type { Role } from '../../contract/auth.ts'
import { UNIT_EVENTS, unitRoom } from '../../contract/unit-board.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { overdueByUnit, unitTicketCounts } from '../../services/units/unit-counts.ts'
import type { UnitEventSink } from '../../services/units/unit-notifier.ts'
import { ackRefusal } from '../ack.ts'
import type { SocketPrincipalData } from '../auth-guard.ts'

const OVERDUE_BOARD_ROLES: readonly Role[] = ['supervisor', 'admin']

export interface UnitSocketDeps {
  prisma: PrismaClient
  logger: Logger
  now: () => Date
}

type Answer = (value: unknown) => void

function refuse(ack: Answer, code: 'forbidden' | 'unavailable', message: string): void {
  ack(ackRefusal(code, message))
}

export function registerUnitHandlers(socket: Socket, deps: UnitSocketDeps): void {
  const principal = (socket.data as Partial<SocketPrincipalData>).principal
  const unitId =
    principal?.kind === 'user' &&
    principal.role === 'unit' &&
    principal.unit !== null &&
    principal.mustChangePassword !== true
      ? principal.unit.id
      : null
  if (unitId !== null) void socket.join(unitRoom(unitId))
  const seesBoard =
    principal?.kind === 'kiosk'
      ? principal.boards.includes('overdue')
      : principal !== undefined && OVERDUE_BOARD_ROLES.includes(principal.role)

  socket.on(UNIT_EVENTS.sync, (ack: unknown) => {
    if (typeof ack !== 'function') return
    const answer = ack as Answer
    if (unitId === null) {
      refuse(answer, 'forbidden', 'Birim sayaçları birim personeli içindir.')
      return
    }
    unitTicketCounts(deps.prisma, unitId, deps.now()).then(
      (counts) => answer({ ok: true, data: counts }),
      (err: unknown) => {
        deps.logger.error({ err }, 'unit counts failed')
        refuse(answer, 'unavailable', 'Birim sayaçları şu anda alınamıyor.')
      },
    )
  })

  socket.on(UNIT_EVENTS.overdue, (ack: unknown) => {
    if (typeof ack !== 'function') return
    const answer = ack as Answer
    if (!seesBoard) {
      refuse(answer, 'forbidden', 'Bu panoyu görme yetkiniz yok.')
      return
    }
    overdueByUnit(deps.prisma, deps.now()).then(
      (board) => answer({ ok: true, data: board }),
      (err: unknown) => {
        deps.logger.error({ err }, 'overdue board failed')
        refuse(answer, 'unavailable', 'Gecikenler panosu şu anda alınamıyor.')
      },
    )
  })
}

export function attachUnitSockets(io: Server, deps: UnitSocketDeps): void {
  io.on('connection', (socket: Socket) => registerUnitHandlers(socket, deps))
}

/** The notifier's sink: `io.to(room)` goes through the Redis adapter to every node's sockets. */
export function unitSinkOn(io: Server): UnitEventSink {
  return {
    emit: (room, event, payload) => {
      ;(io.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload)
    },
  }
}
