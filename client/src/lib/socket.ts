/**
 * The typed socket.io client (docs/style-guide.md §3.2): nothing connects at import; the caller creates one,
 * starts its live classes and calls `connect()`. A signed-in browser is known by its session cookie; a
 * TV kiosk passes its token in the handshake.
 */
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/events.ts'

export type PanoSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface SocketOptions {
  /** Server address; default the page's own origin. */
  url?: string
  /** TV kiosk token (from `/pano/tv?token=…`). */
  kioskToken?: string
  /** Websocket only (benchmarks, tests); the browser default also allows long-polling. */
  websocketOnly?: boolean
}

/** Told when the server itself closed a signed-in page's socket (the session may have ended). */
export type ServerDisconnectListener = (socket: PanoSocket) => void

const serverDisconnectListeners = new Set<ServerDisconnectListener>()

/**
 * The app listens here once: the server closes a user's sockets when it ends their sessions
 * (server/realtime/io.ts disconnectUser / disconnectSession), with the reason 'io server disconnect',
 * after which socket.io does not reconnect by itself. Returns the function that stops listening.
 */
export function onServerDisconnect(listener: ServerDisconnectListener): () => void {
  serverDisconnectListeners.add(listener)
  return () => serverDisconnectListeners.delete(listener)
}

export function createSocket(options: SocketOptions = {}): PanoSocket {
  const settings = {
    autoConnect: false,
    withCredentials: true,
    // socket.io's own backoff: 1 s doubling to 10 s, ±50 % jitter, forever.
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
    ...(options.websocketOnly === true ? { transports: ['websocket'] } : {}),
    ...(options.kioskToken !== undefined ? { auth: { token: options.kioskToken } } : {}),
  }
  const socket: PanoSocket = options.url === undefined ? io(settings) : io(options.url, settings)
  // A TV kiosk has no session to re-check: its own status says when its token was revoked.
  if (options.kioskToken === undefined) {
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return
      for (const listener of serverDisconnectListeners) listener(socket)
    })
  }
  return socket
}
