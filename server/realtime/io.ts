/**
 * socket.io on the HTTP server, same origin only, every handshake through the auth guard. The live views
 * (rooms, snapshots, deltas; DESIGN §2.4) register their handlers here later.
 */
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from '../logger.ts'
import { createHandshakeGuard, type HandshakeGuardDeps, type SocketPrincipalData } from './auth-guard.ts'

export interface Realtime {
  io: Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketPrincipalData>
  connectedSockets(): number
  close(): Promise<void>
}

export function createRealtime(
  httpServer: HttpServer,
  deps: HandshakeGuardDeps & { logger: Logger },
): Realtime {
  const io: Realtime['io'] = new Server(httpServer, {
    // No CORS options: the SPA is served from the same origin (the guard also checks Origin).
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  })
  io.use(createHandshakeGuard(deps))
  const log = deps.logger.child({ module: 'realtime' })
  io.on('connection', (socket) => {
    const p = socket.data.principal
    log.debug(
      { socketId: socket.id, principal: p.kind === 'user' ? p.userId : `kiosk:${p.kioskTokenId}` },
      'connected',
    )
  })
  return {
    io,
    connectedSockets: () => io.engine.clientsCount,
    close: () =>
      new Promise<void>((resolve) => {
        // io.close() also closes the HTTP server; main closes that itself, so only the sockets go here.
        io.disconnectSockets(true)
        void io.engine.close()
        resolve()
      }),
  }
}
