/**
 * `view:subscribe`, `view:unsubscribe` and `session:identify` for one socket (docs/design.md §2.4). Every
 * payload is validated; every refusal is an `{ ok: false }` ack with a Turkish message.
 */
import { z } from 'zod'
import { LIVE_VIEWS, type LiveView, type SocketIdentity, type ViewSnapshot } from '../../contract/events.ts'
import type { Principal } from '../../auth/principal.ts'
import type { Logger } from '../../logger.ts'
import { ackRefusal as refuse, answerAck as answer } from '../ack.ts'
import { socketAddress } from '../auth-guard.ts'
import { BoardSnapshotUnavailableError } from '../../services/cluster/board-relay.ts'
import type { PanoServerSocket } from '../io.ts'
import {
  kioskBoardsOf,
  kioskRoom,
  liveViewsFor,
  roomOf,
  sessionRoom,
  userRoom,
  variantFor,
  type ViewVariant,
} from '../view-access.ts'

const viewRequest = z.object({ view: z.enum(LIVE_VIEWS) }).strict()

export interface ViewHandlerDeps {
  /**
   * Where a room's current version comes from (this node's broadcaster, or the node sending the boards:
   * io.ts); null when Pano runs without telephony: subscriptions are answered `unavailable`.
   */
  snapshots: () => ((view: LiveView, variant: ViewVariant) => ViewSnapshot | Promise<ViewSnapshot>) | null
  logger: Logger
  /**
   * Writes the KVKK access log for a snapshot before it is sent (the `calls` view: io.ts); a failure
   * withholds the snapshot. Deltas after it are not audited (call-list-audit.ts).
   */
  auditSnapshot?: (principal: Principal, address: string, snapshot: ViewSnapshot) => Promise<void>
}

export function registerViewHandlers(socket: PanoServerSocket, deps: ViewHandlerDeps): void {
  const principal = socket.data.principal
  const allowed = liveViewsFor(principal)
  const variant = variantFor(principal)
  if (principal.kind === 'kiosk') void socket.join(kioskRoom(principal.kioskTokenId))
  else {
    void socket.join(userRoom(principal.userId))
    if (principal.sessionId !== undefined) void socket.join(sessionRoom(principal.sessionId))
  }

  socket.on('session:identify', (ack: unknown) => {
    const identity: SocketIdentity =
      principal.kind === 'user'
        ? { kind: 'user', userId: principal.userId, role: principal.role, views: allowed }
        : { kind: 'kiosk', label: principal.label, boards: kioskBoardsOf(principal), views: allowed }
    answer(ack, { ok: true, data: identity })
  })

  socket.on('view:subscribe', (request: unknown, ack: unknown) => {
    const parsed = viewRequest.safeParse(request)
    if (!parsed.success) {
      answer(ack, refuse('invalid_request', 'Geçersiz ekran isteği.'))
      return
    }
    const { view } = parsed.data
    if (!allowed.includes(view)) {
      answer(ack, refuse('forbidden', 'Bu ekranı görme yetkiniz yok.'))
      return
    }
    const snapshotOf = deps.snapshots()
    if (snapshotOf === null) {
      answer(ack, refuse('unavailable', 'Canlı santral verisi yok: santral bağlantısı yapılandırılmamış.'))
      return
    }
    // Join first, then read the version: every delta numbered after it reaches this socket.
    void socket.join(roomOf(view, variant))
    const send = async () => {
      const snapshot = await snapshotOf(view, variant)
      await deps.auditSnapshot?.(principal, socketAddress(socket), snapshot)
      return snapshot
    }
    send().then(
      (snapshot) => answer(ack, { ok: true, data: snapshot }),
      (err: unknown) => {
        // The node sending the boards did not answer (a takeover under way): the client asks again,
        // at once when the room's next delta shows the boards are drawn again, so it stays in the room.
        // Not for the live calls: their deltas carry callers' numbers, read only after an audited snapshot.
        const takeover = err instanceof BoardSnapshotUnavailableError
        if (takeover) deps.logger.warn({ err, view }, 'snapshot unavailable')
        else deps.logger.error({ err, view }, 'snapshot failed')
        if (!takeover || view === 'calls') void socket.leave(roomOf(view, variant))
        answer(ack, refuse('unavailable', 'Canlı veriler şu anda alınamıyor.'))
      },
    )
  })

  socket.on('view:unsubscribe', (request: unknown, ack: unknown) => {
    const parsed = viewRequest.safeParse(request)
    if (!parsed.success) {
      answer(ack, refuse('invalid_request', 'Geçersiz ekran isteği.'))
      return
    }
    void socket.leave(roomOf(parsed.data.view, variant))
    answer(ack, { ok: true, data: null })
  })
}
