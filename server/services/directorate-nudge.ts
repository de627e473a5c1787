/**
 * The directorate told live that something it lists changed (server/contract/inbox.ts): the inbox (a
 * new mail, web application or WhatsApp message, a claim, a release, a decision or a reply) and the
 * tickets (created, routed, answered, told, closed). Changes within `delayMs` make one nudge; it carries
 * no personal data, only the time, and the pages read their list again over HTTP. The sink is
 * socket.io's directorate room through the Redis adapter (server/realtime/handlers/directorate.ts), so staff on
 * every node hear it; local listeners (the wallboard's count, server/compose/background.ts) hear it too.
 */
import { DIRECTORATE_ROOM, type DirectorateEvent, type ListChangedNotice } from '../contract/inbox.ts'

export interface NudgeSink {
  emit(room: string, event: string, payload: unknown): void
}

/** What the services call after a change committed. */
export interface ChangeEvents {
  changed(): void
}

export interface DirectorateNudge extends ChangeEvents {
  attachSink(sink: NudgeSink): void
  /** Told at once of every change on this node. */
  onChange(listener: () => void): () => void
  /** On shutdown: a nudge still waiting is dropped, none is sent after (the Redis client may be gone). */
  close(): void
}

export function createDirectorateNudge(
  event: DirectorateEvent,
  input: { delayMs?: number; now?: () => number } = {},
): DirectorateNudge {
  const delayMs = input.delayMs ?? 150
  const now = input.now ?? Date.now
  let sink: NudgeSink | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false
  const listeners = new Set<() => void>()

  function send(): void {
    timer = null
    const notice: ListChangedNotice = { at: now() }
    sink?.emit(DIRECTORATE_ROOM, event, notice)
  }

  return {
    changed() {
      if (closed) return
      for (const listener of listeners) listener()
      if (timer !== null) return
      timer = setTimeout(send, delayMs)
      timer.unref()
    },
    attachSink(next) {
      sink = next
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
      sink = null
      listeners.clear()
    },
  }
}
