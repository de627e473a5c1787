/**
 * The directorate's inbox nudge (server/realtime/handlers/inbox.ts): the server says `inbox:changed`
 * (no personal data) and the page reads its list again over HTTP, once per burst. After a reconnect the
 * list is read again too, since nudges sent while the socket was away are not repeated.
 */
import type { Socket } from 'socket.io-client'
import type { InboxServerToClientEvents } from '../../../../server/contract/inbox.ts'
import { debounce } from '../inbox-list.ts'
import { createSocket } from '../socket.ts'

export type InboxSocket = Socket<InboxServerToClientEvents, Record<string, never>>

/** Starts listening; returns the function that stops and disconnects. */
export function followInbox(reload: () => void, options: { waitMs?: number; socket?: InboxSocket } = {}) {
  const made: unknown = options.socket ?? createSocket()
  const socket = made as InboxSocket
  const later = debounce(reload, options.waitMs ?? 400)
  let connectedBefore = false
  socket.on('connect', () => {
    if (connectedBefore) later.call()
    connectedBefore = true
  })
  socket.on('inbox:changed', () => later.call())
  socket.connect()
  return () => {
    later.cancel()
    socket.removeAllListeners()
    socket.disconnect()
  }
}
