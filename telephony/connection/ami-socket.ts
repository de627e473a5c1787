/**
 * One TCP or TLS connection to a PBX's manager port, as the AMI client keeps it: the socket, the framer
 * that cuts its bytes into messages, the login and ping timers, and why it closed. The client owns the
 * protocol; this file owns the socket.
 */
import net from 'node:net'
import tls from 'node:tls'
import { AmiFramer } from '../ami/frame.ts'
import type { Timers } from './pending-actions.ts'
import type { AmiClientOptions } from './types.ts'

export interface Connection {
  readonly socket: net.Socket
  readonly framer: AmiFramer
  loggedIn: boolean
  closed: boolean
  reason?: string
  loginTimer?: unknown
  pingTimer?: unknown
  /** When the bridge declared it live (resynced), for the backoff reset. */
  liveAt?: number
  /** Closed on request: connect again at once. */
  immediate?: boolean
  readonly closedPromise: Promise<void>
}

export interface ConnectionHandlers {
  onData(conn: Connection, chunk: Buffer): void
  onClose(conn: Connection): void
}

/** Opens the socket; the login must finish within `loginTimeoutMs` or the connection is dropped. */
export function openConnection(
  options: Pick<AmiClientOptions, 'host' | 'port' | 'tls' | 'loginTimeoutMs'>,
  timers: Timers,
  handlers: ConnectionHandlers,
): Connection {
  const { host, port } = options
  const socket = options.tls
    ? tls.connect({ host, port, ...(options.tls === true ? {} : options.tls) })
    : net.connect({ host, port })
  let resolveClosed!: () => void
  const conn: Connection = {
    socket,
    framer: new AmiFramer(),
    loggedIn: false,
    closed: false,
    closedPromise: new Promise((r) => (resolveClosed = r)),
  }
  socket.setNoDelay(true)
  socket.setKeepAlive(true, 10_000)
  conn.loginTimer = timers.setTimeout(
    () => dropConnection(conn, 'login-timeout', timers),
    options.loginTimeoutMs ?? 10_000,
  )
  socket.on('data', (chunk: Buffer) => handlers.onData(conn, chunk))
  socket.on('error', (e: Error) => {
    conn.reason ??= `socket error: ${e.message}`
  })
  socket.on('close', () => {
    handlers.onClose(conn)
    resolveClosed()
  })
  return conn
}

/** Closes the socket now; the first reason given is the one reported. */
export function dropConnection(conn: Connection, reason: string, timers: Timers): void {
  conn.reason ??= reason
  timers.clearTimeout(conn.loginTimer)
  timers.clearTimeout(conn.pingTimer)
  conn.socket.destroy()
}
