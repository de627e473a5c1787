/**
 * A citizen's WhatsApp messages into the database, each before anything else is done with it
 * (docs/intake.md §9): the conversation of the number is found or made, the message stored once (its
 * wamid is unique, so WhatsApp delivering a webhook again changes nothing), and the conversation's unread
 * count, window and waiting time moved on. Files are fetched afterwards (media-fetcher.ts).
 */
import { Prisma, type PrismaClient } from '../../db/generated/client.ts'
import { withoutInvisibles } from '../../domain/intake/file-signature.ts'
import type { InboundMessage } from './inbound-parse.ts'

export interface StoreResult {
  stored: number
  duplicates: number
  /** Stored messages with a file to fetch. */
  withMedia: number[]
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

async function conversationOf(
  tx: Prisma.TransactionClient,
  m: InboundMessage,
): Promise<{ id: number; lastInboundAt: Date | null; lastMessageAt: Date; waitingSince: Date | null }> {
  const select = { id: true, lastInboundAt: true, lastMessageAt: true, waitingSince: true } as const
  const found = await tx.whatsappConversation.findUnique({ where: { phone: m.phone }, select })
  if (found !== null) return found
  return tx.whatsappConversation.create({
    data: { phone: m.phone, profileName: m.profileName, lastMessageAt: m.at },
    select,
  })
}

async function storeOne(prisma: PrismaClient, m: InboundMessage): Promise<number | null> {
  return prisma.$transaction(async (tx) => {
    const known = await tx.whatsappMessage.findUnique({ where: { wamid: m.wamid }, select: { id: true } })
    if (known !== null) return null
    const c = await conversationOf(tx, m)
    const created = await tx.whatsappMessage.create({
      data: {
        conversationId: c.id,
        direction: 'IN',
        wamid: m.wamid,
        kind: m.kind,
        text: m.text,
        at: m.at,
        latitude: m.latitude,
        longitude: m.longitude,
        mediaId: m.media?.id ?? null,
        // The name as sent until the file is fetched (safeFilename then), without format characters.
        mediaFilename: m.media?.filename == null ? null : withoutInvisibles(m.media.filename),
        mediaError: m.media === null ? null : 'Dosya WhatsApp’tan alınıyor.',
      },
      select: { id: true },
    })
    const later = (a: Date | null) => (a === null || m.at > a ? m.at : a)
    await tx.whatsappConversation.update({
      where: { id: c.id },
      data: {
        unread: { increment: 1 },
        lastInboundAt: later(c.lastInboundAt),
        lastMessageAt: later(c.lastMessageAt),
        waitingSince: c.waitingSince === null || m.at < c.waitingSince ? m.at : c.waitingSince,
        ...(m.profileName !== null ? { profileName: m.profileName } : {}),
      },
    })
    return created.id
  })
}

/** Stores each message in its own transaction; a wamid already stored is counted as a duplicate. */
export async function storeInbound(prisma: PrismaClient, messages: InboundMessage[]): Promise<StoreResult> {
  const result: StoreResult = { stored: 0, duplicates: 0, withMedia: [] }
  for (const m of messages) {
    let id: number | null
    try {
      id = await storeOne(prisma, m)
    } catch (error) {
      // Two nodes given the same webhook at once, or the first message of a new number on both.
      if (!isUniqueViolation(error)) throw error
      id = await storeOne(prisma, m)
    }
    if (id === null) {
      result.duplicates++
      continue
    }
    result.stored++
    if (m.media !== null) result.withMedia.push(id)
  }
  return result
}

const RANK: Record<string, number> = { SENT: 1, DELIVERED: 2, READ: 3, FAILED: 4 }

/** A status webhook for an agent's reply (not an outbox message): moves it forward, never back. */
export async function applyReplyStatus(
  prisma: PrismaClient,
  update: { providerId: string; status: string; detail: string },
): Promise<boolean> {
  const m = await prisma.whatsappMessage.findUnique({
    where: { wamid: update.providerId },
    select: { id: true, direction: true, status: true },
  })
  if (m === null || m.direction !== 'OUT') return false
  if ((RANK[update.status] ?? 0) > (RANK[m.status ?? ''] ?? 0))
    await prisma.whatsappMessage.update({
      where: { id: m.id },
      data: { status: update.status, ...(update.status === 'FAILED' ? { error: update.detail } : {}) },
    })
  return true
}
