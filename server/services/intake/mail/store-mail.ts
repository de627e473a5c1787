/**
 * Storing mails (docs/intake.md §7) in ONE transaction with the folder's cursor: the row of
 * MailboxCursor is locked, a UID at or below its `lastUid` is a mail already stored (another node, or
 * a sweep before a restart), otherwise the item (or the note on an existing ticket) and its files are
 * written and `lastUid` moves past it. So a crash anywhere leaves both or neither.
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

export interface MailToStore {
  uid: bigint
  receivedAt: Date
  mail: ParsedIntakeMail
}

/**
 * Stores mails of one folder, in UID order, in ONE transaction with the folder's cursor (so a batch is
 * stored whole or not at all). Returns each mail's outcome, in the order given.
 */
export async function storeMails(
  prisma: PrismaClient,
  mailbox: string,
  uidValidity: bigint,
  mails: readonly MailToStore[],
): Promise<StoreOutcome[]> {
  if (mails.length === 0) return []
  return prisma.$transaction(
    async (tx) => {
      const cursor = await tx.$queryRaw<{ lastUid: bigint; uidValidity: bigint }[]>`
        SELECT "lastUid", "uidValidity" FROM "MailboxCursor" WHERE mailbox = ${mailbox} FOR UPDATE`
      const current = cursor[0]
      if (current === undefined || current.uidValidity !== uidValidity) {
        throw new Error(`mailbox cursor of ${mailbox} is missing or under another UIDVALIDITY`)
      }
      // At or below the cursor: stored by another node, or by a sweep before a restart.
      const fresh = mails.filter((m) => m.uid > current.lastUid)
      const ids = fresh.map((m) => m.mail.messageId).filter((id): id is string => id !== null)
      const known = new Set(
        ids.length === 0
          ? []
          : (
              await tx.intakeItem.findMany({
                where: { source: 'EPOSTA', mailbox, messageId: { in: ids } },
                select: { messageId: true },
              })
            ).map((r) => r.messageId),
      )
      const outcomes = new Map<bigint, StoreOutcome>()
      const rows: Prisma.IntakeItemCreateManyInput[] = []
      const threaded = new Map<bigint, number>()
      for (const { uid, receivedAt, mail } of fresh) {
        if (mail.messageId !== null && known.has(mail.messageId)) {
          outcomes.set(uid, 'duplicate')
          continue
        }
        if (mail.messageId !== null) known.add(mail.messageId)
        const ticketId = await threadTicket(tx, mail)
        if (ticketId !== null) threaded.set(uid, ticketId)
        outcomes.set(uid, ticketId === null ? 'stored' : 'attached')
        rows.push({
          source: 'EPOSTA',
          status: ticketId === null ? 'BEKLIYOR' : 'EKLENDI',
          receivedAt,
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
        })
      }
      const created = await tx.intakeItem.createManyAndReturn({ data: rows, select: { id: true, uid: true } })
      const idOf = new Map(created.map((c) => [c.uid, c.id]))
      const files: Prisma.IntakeAttachmentCreateManyInput[] = []
      const notes: Prisma.TicketEventCreateManyInput[] = []
      for (const { uid, receivedAt, mail } of fresh) {
        const itemId = idOf.get(uid)
        if (itemId === undefined) continue
        files.push(...attachmentRows(itemId, mail.attachments))
        const ticketId = threaded.get(uid)
        if (ticketId === undefined) continue
        const text = mail.text.length > NOTE_TEXT ? `${mail.text.slice(0, NOTE_TEXT)}…` : mail.text
        notes.push({
          ticketId,
          kind: 'COMMENT',
          note: `E-posta yanıtı (${mail.fromEmail ?? 'gönderen bilinmiyor'}): ${mail.subject}\n\n${text}`,
          data: { intakeItemId: itemId, source: 'EPOSTA', attachments: mail.attachments.length },
          at: receivedAt,
        })
      }
      if (files.length > 0) await tx.intakeAttachment.createMany({ data: files })
      if (notes.length > 0) await tx.ticketEvent.createMany({ data: notes })
      const last = fresh.reduce((max, m) => (m.uid > max ? m.uid : max), current.lastUid)
      if (last !== current.lastUid)
        await tx.mailboxCursor.update({ where: { mailbox }, data: { lastUid: last } })
      return mails.map((m) => outcomes.get(m.uid) ?? 'duplicate')
    },
    { timeout: 120_000 },
  )
}
