/**
 * Talepler › WhatsApp wire shapes (`/api/v1/whatsapp/…`, docs/intake.md §9). Shared by server and client
 * (types and constants only).
 */
import type { PriorityCode, TicketTypeCode } from './tickets.ts'

/** The customer service window: free text may be sent for this long after the citizen last wrote. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000

/** Files from WhatsApp follow the intake's rule (docs/intake.md §4): JPEG, PNG or PDF, at most 5 MB. */
export const WHATSAPP_MEDIA_MAX_BYTES = 5 * 1024 * 1024

export interface WhatsappPerson {
  id: number
  displayName: string
}

export interface WhatsappConversationItem {
  id: number
  phone: string
  profileName: string | null
  lastMessageAt: string
  /** The last message's text (or what it was: Fotoğraf, Belge, Konum), at most 120 characters. */
  lastText: string
  unread: number
  waitingSince: string | null
  claimedBy: WhatsappPerson | null
  claimedAt: string | null
  /** Free text can be sent until then; null or past: only the approved template. */
  windowClosesAt: string | null
  ticket: { id: number; number: string } | null
}

export interface WhatsappConversationPage {
  items: WhatsappConversationItem[]
  waiting: number
  oldestWaitingAt: string | null
}

export interface WhatsappMessageView {
  id: number
  direction: 'IN' | 'OUT'
  kind: string
  text: string
  at: string
  location: { latitude: number; longitude: number } | null
  /** A file that arrived and passed the checks; download it from `/api/v1/whatsapp/media/:id`. */
  media: { filename: string; contentType: string; size: number } | null
  /** Why a file is not shown (refused for good, or still being fetched). */
  mediaProblem: string | null
  /** OUT: SENT, DELIVERED, READ or FAILED, with WhatsApp's error. */
  status: string | null
  error: string | null
  sentBy: WhatsappPerson | null
}

export interface WhatsappConversationDetail extends WhatsappConversationItem {
  messages: WhatsappMessageView[]
  /** Citizen records with this number (each shown record is written to the audit log). */
  matches: { id: number; fullName: string }[]
  /** Whether an approved template for replies outside the window is set (WHATSAPP_REPLY_TEMPLATE). */
  templateAvailable: boolean
}

/** `POST …/reply`: free text inside the window, or `template: true` (the approved template) outside it. */
export interface WhatsappReplyBody {
  text?: string
  template?: boolean
}

/** `POST …/ticket`: the conversation becomes a WHATSAPP ticket in one step. */
export interface WhatsappTicketBody {
  type: TicketTypeCode
  subject: string
  unitId?: number | null
  priority?: PriorityCode
  citizenId?: number | null
  newCitizen?: { fullName: string } | null
}

/** `GET /api/v1/whatsapp/status` (Yönetim): the channel and what the webhook counted since start. */
export interface WhatsappStatusView {
  state: 'configured' | 'demo' | 'off'
  /** Demo only: a test message can be "received" from Yönetim (never in production). */
  demoInbound: boolean
  templateName: string | null
  counts: WhatsappCounts
}

export interface WhatsappCounts {
  received: number
  duplicates: number
  forged: number
  malformed: number
  mediaStored: number
  mediaRefused: number
  mediaFailed: number
  unsupported: number
}

export const WHATSAPP_KIND_LABELS: Record<string, string> = {
  text: 'Metin',
  image: 'Fotoğraf',
  document: 'Belge',
  location: 'Konum',
  template: 'Onaylı şablon',
}
