/**
 * Talepler › Gelen kutusu: one list of the written requests (web form, e-mail, WhatsApp) an agent
 * answers, and the socket nudge that tells the agents' pages to read it again. Shared by server and client
 * (types and constants only). The rows behind it: `IntakeItem` (server/contract/intake.ts) and
 * `WhatsappConversation` (server/contract/whatsapp.ts); each opens in its own detail.
 */

export const INBOX_CHANNELS = ['WEB', 'EPOSTA', 'WHATSAPP'] as const
export type InboxChannel = (typeof INBOX_CHANNELS)[number]

export const INBOX_CHANNEL_LABELS: Record<InboxChannel, string> = {
  WEB: 'Web',
  EPOSTA: 'E-posta',
  WHATSAPP: 'WhatsApp',
}

/** Who has it: everyone's, nobody's yet, someone's, or the asker's own. */
export const INBOX_CLAIMED = ['all', 'unclaimed', 'claimed', 'mine'] as const
export type InboxClaimedFilter = (typeof INBOX_CLAIMED)[number]

/** `waiting`: still to be answered (oldest first); `done`: decided or answered (newest first). */
export const INBOX_STATES = ['waiting', 'done'] as const
export type InboxState = (typeof INBOX_STATES)[number]

export const INBOX_PAGE_LIMIT = { default: 50, max: 100, maxOffset: 5_000 } as const

/** `GET /api/v1/intake/inbox` query (every field optional). */
export interface InboxQuery {
  channel?: InboxChannel
  claimed?: InboxClaimedFilter
  state?: InboxState
  /** `asc`: oldest first (the default for waiting), `desc`: newest first (the default for done). */
  order?: 'asc' | 'desc'
  offset?: number
  limit?: number
}

/** One row: an inbox item (web, e-mail) or a WhatsApp conversation. */
export interface InboxEntry {
  /** `<channel>:<id>`, unique in the list. */
  key: string
  channel: InboxChannel
  /** The `IntakeItem` id (web, e-mail) or the `WhatsappConversation` id. */
  id: number
  /** Since when it waits for an answer; null once decided or answered. */
  waitingSince: string | null
  /** The time the list is ordered by: waiting since, or when it was decided / last written. */
  at: string
  sender: { name: string | null; email: string | null; phone: string | null }
  /** A mail's or web application's subject; null for WhatsApp. */
  subject: string | null
  /** The first characters of the text (WhatsApp: the last message), as plain text. */
  preview: string
  claimedBy: { id: number; displayName: string } | null
  claimedAt: string | null
  ticket: { id: number; number: string } | null
  /** WhatsApp messages not opened yet. */
  unread: number
  attachments: number
  /** For `done` rows: what became of it. */
  outcome: 'KABUL' | 'SPAM' | 'EKLENDI' | 'YANITLANDI' | null
}

export interface InboxPage {
  items: InboxEntry[]
  /** Rows that match the query (all pages). */
  total: number
  offset: number
  limit: number
  /** Per channel, with the claimed filter and state applied (the chips' numbers). */
  counts: Record<InboxChannel, number>
  /** The oldest still waiting in what the query selects, or null. */
  oldestWaitingAt: string | null
}

/**
 * Socket: the directorate's sockets (the roles that see the inbox and all tickets) sit in this room; its
 * nudges carry no personal data, only the time, and the pages read their list again over HTTP.
 */
export const DIRECTORATE_ROOM = 'directorate'
export const INBOX_EVENTS = { changed: 'inbox:changed' } as const
export const TICKETS_EVENTS = { changed: 'tickets:changed' } as const
export type DirectorateEvent = typeof INBOX_EVENTS.changed | typeof TICKETS_EVENTS.changed

/** Something in the list changed: the inbox (new mail, form or WhatsApp message, claim, release,
 * decision, reply) or the tickets (created, routed, answered, told, closed). */
export interface ListChangedNotice {
  at: number
}

export interface DirectorateServerToClientEvents {
  'inbox:changed': (notice: ListChangedNotice) => void
  'tickets:changed': (notice: ListChangedNotice) => void
}
