/**
 * Sending one queued message, the same for the pg-boss worker and the embedded poller
 * (docs/decisions/010-outbox-with-pg-boss.md). A sender first claims the row (status QUEUED, no live
 * claim) in one statement, so two workers never send the same message; a message that is no longer
 * QUEUED (a redelivered job after a crash or restart) is skipped. The outcome and its status event are
 * stored in one transaction.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { MessageChannelCode } from '../../contract/messaging.ts'
import { ProviderError, type ChannelSender, type OutgoingMessage } from './channels/types.ts'

/** How long a sender may hold a message while it talks to the provider before another may retry it. */
export const CLAIM_MS = 5 * 60_000

export interface DeliverContext {
  prisma: PrismaClient
  now(): Date
  sender(channel: MessageChannelCode): ChannelSender | null
  retryLimit: number
  retryDelaySec: number
}

export type DeliverOutcome =
  | { kind: 'sent' }
  | { kind: 'skipped' }
  | { kind: 'busy' }
  | { kind: 'retry'; error: string; nextAttemptAt: Date }
  | { kind: 'failed'; error: string }

/** Exponential backoff: delay, 2·delay, 4·delay … capped at six hours. */
export function retryDelayMs(attempt: number, baseSec: number): number {
  return Math.min(baseSec * 1000 * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000)
}

export async function deliverMessage(ctx: DeliverContext, messageId: number): Promise<DeliverOutcome> {
  const now = ctx.now()
  const claimed = await ctx.prisma.message.updateMany({
    where: {
      id: messageId,
      status: 'QUEUED',
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    data: { lockedUntil: new Date(now.getTime() + CLAIM_MS), attempts: { increment: 1 } },
  })
  if (claimed.count === 0) {
    const row = await ctx.prisma.message.findUnique({ where: { id: messageId }, select: { status: true } })
    return row === null || row.status !== 'QUEUED' ? { kind: 'skipped' } : { kind: 'busy' }
  }
  const m = await ctx.prisma.message.findUniqueOrThrow({ where: { id: messageId } })
  const outgoing: OutgoingMessage = {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject,
    body: m.body,
    params: Array.isArray(m.params) ? m.params.map(String) : [],
    externalName: m.externalName,
  }
  const sender = ctx.sender(m.channel)
  try {
    if (sender === null)
      throw new ProviderError('Bu kanal yapılandırılmamış (Yönetim › Mesaj kanalları).', false)
    const result = await sender.send(outgoing)
    const at = ctx.now()
    await ctx.prisma.$transaction([
      ctx.prisma.message.update({
        where: { id: m.id },
        data: {
          status: result.status,
          provider: sender.provider,
          providerId: result.providerId,
          sentAt: at,
          deliveredAt: result.status === 'DELIVERED' ? at : null,
          lastError: null,
          lockedUntil: null,
        },
      }),
      ctx.prisma.messageStatusEvent.createMany({
        data: [
          { messageId: m.id, status: 'SENT', detail: result.detail, at },
          ...(result.status === 'DELIVERED'
            ? [{ messageId: m.id, status: 'DELIVERED' as const, detail: null, at }]
            : []),
        ],
      }),
    ])
    return { kind: 'sent' }
  } catch (error) {
    const words = error instanceof Error ? error.message : String(error)
    const permanent = error instanceof ProviderError && error.permanent
    const at = ctx.now()
    if (permanent || m.attempts > ctx.retryLimit) {
      await ctx.prisma.$transaction([
        ctx.prisma.message.update({
          where: { id: m.id },
          data: { status: 'FAILED', lastError: words, lockedUntil: null, provider: sender?.provider ?? null },
        }),
        ctx.prisma.messageStatusEvent.create({
          data: { messageId: m.id, status: 'FAILED', detail: words, at },
        }),
      ])
      return { kind: 'failed', error: words }
    }
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(m.attempts, ctx.retryDelaySec))
    await ctx.prisma.message.update({
      where: { id: m.id },
      data: { lastError: words, nextAttemptAt, lockedUntil: null },
    })
    return { kind: 'retry', error: words, nextAttemptAt }
  }
}
