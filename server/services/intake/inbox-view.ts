/** Inbox rows as the wire shows them (server/contract/intake.ts). Pure. */
import type { IntakeDetail, IntakeListItem } from '../../contract/intake.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { maskNationalId } from '../../domain/intake/national-id.ts'
import { effectiveDueAt } from '../tickets/ticket-view.ts'

export const inboxInclude = {
  claimedBy: { select: { id: true, displayName: true } },
  decidedBy: { select: { id: true, displayName: true } },
  ticket: { select: { id: true, number: true, status: true, dueAt: true, extendedDueAt: true } },
  attachments: {
    select: { id: true, filename: true, contentType: true, size: true },
    orderBy: { id: 'asc' },
  },
} satisfies Prisma.IntakeItemInclude

export type InboxRow = Prisma.IntakeItemGetPayload<{ include: typeof inboxInclude }>

const EXCERPT = 200

export function toIntakeListItem(row: InboxRow): IntakeListItem {
  const text = row.text.replace(/\s+/g, ' ').trim()
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    subject: row.subject,
    excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text,
    sender: { name: row.senderName, email: row.senderEmail, phone: row.senderPhone },
    requestedType: row.requestedType,
    claimedBy: row.claimedBy,
    claimedAt: row.claimedAt?.toISOString() ?? null,
    ticket:
      row.ticket === null
        ? null
        : {
            id: row.ticket.id,
            number: row.ticket.number,
            status: row.ticket.status,
            dueAt: effectiveDueAt(row.ticket).toISOString(),
          },
    attachments: row.attachments.length,
    problems: row.parseNotes,
  }
}

export function toIntakeDetail(row: InboxRow, matches: IntakeDetail['matches']): IntakeDetail {
  return {
    ...toIntakeListItem(row),
    text: row.text,
    mahalle: row.mahalle,
    identity:
      row.nationalId === null
        ? null
        : { nationalIdMasked: maskNationalId(row.nationalId), address: row.address ?? '' },
    attachmentList: row.attachments,
    matches,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
  }
}
