/**
 * Delivery reports (Netgsm polling, WhatsApp webhooks) moving a sent message forward. A status never
 * moves back (a late "sent" after "delivered" is kept in the history only), and a report for a provider
 * id Pano does not know is counted and ignored.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { MessageStatusCode } from '../../contract/messaging.ts'

const RANK: Record<MessageStatusCode, number> = { QUEUED: 0, SENT: 1, DELIVERED: 2, READ: 3, FAILED: 4 }

export interface StatusUpdate {
  provider: string
  providerId: string
  status: Exclude<MessageStatusCode, 'QUEUED'>
  detail: string | null
  at: Date
}

/** Applies one update; false when no message has that provider id. */
export async function applyStatusUpdate(prisma: PrismaClient, update: StatusUpdate): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const m = await tx.message.findFirst({
      where: { provider: update.provider, providerId: update.providerId },
      select: { id: true, status: true },
    })
    if (m === null) return false
    const already = await tx.messageStatusEvent.findFirst({
      where: { messageId: m.id, status: update.status },
      select: { id: true },
    })
    if (already !== null) return true
    await tx.messageStatusEvent.create({
      data: { messageId: m.id, status: update.status, detail: update.detail, at: update.at },
    })
    if (RANK[update.status] > RANK[m.status]) {
      await tx.message.update({
        where: { id: m.id },
        data: {
          status: update.status,
          ...(update.status === 'DELIVERED' || update.status === 'READ' ? { deliveredAt: update.at } : {}),
          ...(update.status === 'FAILED' ? { lastError: update.detail } : {}),
        },
      })
    }
    return true
  })
}
