/**
 * The typed socket.io client (style guide §3.2): nothing connects at import; the caller creates one,
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
  return options.url === undefined ? io(settings) : io(options.url, settings)
}
