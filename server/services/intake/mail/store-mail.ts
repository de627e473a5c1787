/**
 * Storing one mail (docs/intake.md §7), in ONE transaction with the folder's cursor: the row of
 * MailboxCursor is locked, a UID at or below its `lastUid` is a mail already stored (another node, or
 * a sweep before a restart), otherwise the item (or the note on an existing ticket) and its files are
 * written and `lastUid` moves to this UID. So a crash anywhere leaves either both or neither.
 */
import type { Prisma, PrismaClient } from '../../../db/generated/client.ts'
import { attachmentRows } from '../attachments.ts'
import type { ParsedIntakeMail } from './parse-mail.ts'

export type StoreOutcome = 'stored' | 'attached' | 'duplicate'

/** `2026-000123` in a subject: the citizen is answering about that ticket. */
const TICKET_NUMBER = /\b(\d{4}-\d{6,12})\b/
const NOTE_TEXT = 2000

async function threadTicket(tx: Prisma.TransactionClient, mail: ParsedIntakeMail): Promise<number | null> {
  const parents = [...(mail.inReplyTo === null ? [] : [mail.inReplyTo]), ...mail.references]
  if (parents.length > 0) {
    const parent = await tx.intakeItem.findFirst({
      where: { messageId: { in: parents }, ticketId: { not: null } },
      orderBy: { id: 'desc' },
      select: { ticketId: true },
    })
    if (parent?.ticketId != null) return parent.ticketId
  }
  const number = TICKET_NUMBER.exec(mail.subject)?.[1]
  if (number === undefined) return null
  const ticket = await tx.ticket.findUnique({ where: { number }, select: { id: true } })
  return ticket?.id ?? null
}

export async function storeMail(
  prisma: PrismaClient,
  input: { mailbox: string; uidValidity: bigint; uid: bigint; receivedAt: Date; mail: ParsedIntakeMail },
): Promise<StoreOutcome> {
  const { mailbox, uidValidity, uid, mail } = input
  return prisma.$transaction(async (tx) => {
    const cursor = await tx.$queryRaw<{ lastUid: bigint; uidValidity: bigint }[]>`
      SELECT "lastUid", "uidValidity" FROM "MailboxCursor" WHERE mailbox = ${mailbox} FOR UPDATE`
    const current = cursor[0]
    if (current === undefined || current.uidValidity !== uidValidity) {
      throw new Error(`mailbox cursor of ${mailbox} is missing or under another UIDVALIDITY`)
    }
    if (current.lastUid >= uid) return 'duplicate'
    await tx.mailboxCursor.update({ where: { mailbox }, data: { lastUid: uid } })
    const seen =
      mail.messageId === null
        ? null
        : await tx.intakeItem.findFirst({
            where: { source: 'EPOSTA', messageId: mail.messageId, mailbox },
            select: { id: true },
          })
    if (seen !== null) return 'duplicate'

    const ticketId = await threadTicket(tx, mail)
    const item = await tx.intakeItem.create({
      data: {
        source: 'EPOSTA',
        status: ticketId === null ? 'BEKLIYOR' : 'EKLENDI',
        receivedAt: input.receivedAt,
        subject: mail.subject,
        text: mail.text,
        senderName: mail.fromName,
        senderEmail: mail.fromEmail,
        parseNotes: mail.notes,
        ticketId,
        mailbox,
        uidValidity,
        uid,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
      },
      select: { id: true },
    })
    if (mail.attachments.length > 0)
      await tx.intakeAttachment.createMany({ data: attachmentRows(item.id, mail.attachments) })
    if (ticketId === null) return 'stored'
    const text = mail.text.length > NOTE_TEXT ? `${mail.text.slice(0, NOTE_TEXT)}…` : mail.text
    await tx.ticketEvent.create({
      data: {
        ticketId,
        kind: 'COMMENT',
        note: `E-posta yanıtı (${mail.fromEmail ?? 'gönderen bilinmiyor'}): ${mail.subject}\n\n${text}`,
        data: { intakeItemId: item.id, source: 'EPOSTA', attachments: mail.attachments.length },
        at: input.receivedAt,
      },
    })
    return 'attached'
  })
}
