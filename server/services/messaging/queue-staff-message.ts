/**
 * Messages to Pano's own staff through the same outbox as the citizens' (docs/messaging.md §8,
 * docs/decisions/010-outbox-with-pg-boss.md): unit reminders before a legal due date, the müdür's
 * escalation when a ticket is overdue, the unit digest. Each has a key that names what it is about
 * (`unit-reminder:<ticket>:<due>:<days>:<user>`), stored as the message's idempotency key, so a message
 * is queued once however often and on however many nodes the check runs: an existing key is skipped,
 * and the unique index refuses a second row even if two checks raced. The subject and body arrive
 * rendered from the staff templates (server/services/messaging/staff-templates.ts).
 */
import type { StaffTemplateKey } from '../../contract/messaging.ts'
import type { Prisma } from '../../db/generated/client.ts'
import type { Dispatcher } from './queue-message.ts'

export interface StaffMessage {
  /** What the message is about; the same key is never queued twice. */
  key: string
  templateKey: StaffTemplateKey
  /** The ticket it is about (shown with the ticket's messages), or null (a digest). */
  ticketId: number | null
  recipient: string
  subject: string
  body: string
  at: Date
}

/** true: queued now; false: a message with this key exists already. */
export async function queueStaffMessageInTx(
  tx: Prisma.TransactionClient,
  dispatcher: Dispatcher,
  m: StaffMessage,
): Promise<boolean> {
  const existing = await tx.message.findUnique({ where: { idempotencyKey: m.key }, select: { id: true } })
  if (existing !== null) return false
  const message = await tx.message.create({
    data: {
      idempotencyKey: m.key,
      ticketId: m.ticketId,
      citizenId: null,
      channel: 'EMAIL',
      recipient: m.recipient,
      templateKey: m.templateKey,
      subject: m.subject,
      body: m.body,
      createdAt: m.at,
      nextAttemptAt: m.at,
      statusEvents: { create: { status: 'QUEUED', at: m.at } },
    },
    select: { id: true },
  })
  await dispatcher.enqueueInTx(tx, message.id)
  return true
}
