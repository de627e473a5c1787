/**
 * The agents told live that the inbox changed (server/contract/inbox.ts): a new mail, web application or
 * WhatsApp message, a claim, a release, a decision or a reply. Changes within `delayMs` make one nudge;
 * it carries no personal data, only the time, and the pages read the list again over HTTP. The sink is
 * socket.io's `inbox` room through the Redis adapter (server/realtime/handlers/inbox.ts), so agents on
 * every node hear it; local listeners (the wallboard's count, server/compose/background.ts) hear it too.
 */
import { INBOX_EVENTS, INBOX_ROOM, type InboxChangedNotice } from '../../contract/inbox.ts'

export interface InboxEventSink {
  emit(room: string, event: string, payload: unknown): void
}

/** What the intake and WhatsApp services call after a change committed. */
export interface InboxEvents {
  changed(): void
}

export interface InboxNotifier extends InboxEvents {
  attachSink(sink: InboxEventSink): void
  /** Told at once of every change on this node. */
  onChange(listener: () => void): () => void
}

export function createInboxNotifier(input: { delayMs?: number; now?: () => number } = {}): InboxNotifier {
  const delayMs = input.delayMs ?? 150
  const now = input.now ?? Date.now
  let sink: InboxEventSink | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const listeners = new Set<() => void>()

  function send(): void {
    timer = null
    const notice: InboxChangedNotice = { at: now() }
    sink?.emit(INBOX_ROOM, INBOX_EVENTS.changed, notice)
  }

  return {
    changed() {
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
  }
}
