/** WhatsApp conversations as the wire shows them (server/contract/whatsapp.ts). Pure. */
import {
  WHATSAPP_KIND_LABELS,
  WHATSAPP_WINDOW_MS,
  type WhatsappConversationItem,
  type WhatsappMessageView,
} from '../../contract/whatsapp.ts'
import type { Prisma } from '../../db/generated/client.ts'

const person = { select: { id: true, displayName: true } } as const

export const conversationInclude = {
  claimedBy: person,
  ticket: { select: { id: true, number: true } },
  messages: {
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 1,
    select: { kind: true, text: true, direction: true },
  },
} satisfies Prisma.WhatsappConversationInclude

export type ConversationRow = Prisma.WhatsappConversationGetPayload<{ include: typeof conversationInclude }>

export const messageSelect = {
  id: true,
  direction: true,
  kind: true,
  text: true,
  at: true,
  latitude: true,
  longitude: true,
  mediaId: true,
  mediaFilename: true,
  mediaType: true,
  mediaSize: true,
  mediaError: true,
  status: true,
  error: true,
  sentBy: person,
} satisfies Prisma.WhatsappMessageSelect

export type MessageRow = Prisma.WhatsappMessageGetPayload<{ select: typeof messageSelect }>

/** Until when free text may be sent: 24 hours after the citizen last wrote. */
export function windowClosesAt(lastInboundAt: Date | null): Date | null {
  return lastInboundAt === null ? null : new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS)
}

function summary(m: { kind: string; text: string; direction: string } | undefined): string {
  if (m === undefined) return ''
  const label = m.kind === 'text' ? '' : `[${WHATSAPP_KIND_LABELS[m.kind] ?? m.kind}] `
  const text = `${m.direction === 'OUT' ? 'Siz: ' : ''}${label}${m.text}`.replace(/\s+/g, ' ').trim()
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

export function toConversationItem(row: ConversationRow): WhatsappConversationItem {
  return {
    id: row.id,
    phone: row.phone,
    profileName: row.profileName,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastText: summary(row.messages[0]),
    unread: row.unread,
    waitingSince: row.waitingSince?.toISOString() ?? null,
    claimedBy: row.claimedBy,
    claimedAt: row.claimedAt?.toISOString() ?? null,
    windowClosesAt: windowClosesAt(row.lastInboundAt)?.toISOString() ?? null,
    ticket: row.ticket,
  }
}

export function toMessageView(m: MessageRow): WhatsappMessageView {
  const stored = m.mediaType !== null && m.mediaSize !== null
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    text: m.text,
    at: m.at.toISOString(),
    location:
      m.latitude !== null && m.longitude !== null ? { latitude: m.latitude, longitude: m.longitude } : null,
    media: stored
      ? {
          filename: m.mediaFilename ?? `whatsapp-${m.id}`,
          contentType: m.mediaType ?? '',
          size: m.mediaSize ?? 0,
        }
      : null,
    mediaProblem: stored || m.mediaId === null ? null : m.mediaError,
    status: m.status,
    error: m.error,
    sentBy: m.sentBy,
  }
}
