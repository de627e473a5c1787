/**
 * The directorate's nudges (server/realtime/handlers/directorate.ts): the server says `inbox:changed` or
 * `tickets:changed` (no personal data) and the page reads its list again over HTTP, once per burst.
 * Once connected, and after every reconnect, the list is read again too: a change made after the page
 * first read its list but before the socket joined the room (or while it was away) is never nudged.
 */
import type { Socket } from 'socket.io-client'
import type { DirectorateEvent, DirectorateServerToClientEvents } from '../../../../server/contract/inbox.ts'
import { debounce } from '../inbox-list.ts'
import { createSocket } from '../socket.ts'

export type DirectorateSocket = Socket<DirectorateServerToClientEvents, Record<string, never>>

/** Starts listening for `event`; returns the function that stops and disconnects. */
export function followDirectorate(
  event: DirectorateEvent,
  reload: () => void,
  options: { waitMs?: number; socket?: DirectorateSocket } = {},
): () => void {
  const made: unknown = options.socket ?? createSocket()
  const socket = made as DirectorateSocket
  const later = debounce(reload, options.waitMs ?? 400)
  socket.on('connect', () => later.call())
  socket.on(event, () => later.call())
  socket.connect()
  return () => {
    later.cancel()
    socket.removeAllListeners()
    socket.disconnect()
  }
}
