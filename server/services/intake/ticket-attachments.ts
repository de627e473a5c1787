/**
 * A ticket's Ekler (docs/intake.md §4 and §9): the files of its web application, its mail and the replies
 * to it (IntakeAttachment), then the files of the WhatsApp messages it was opened from (WhatsappMessage
 * with the ticket's id, set by server/services/whatsapp/conversations.ts). Each carries the download
 * route of its kind; the bytes stay where they are. Only files fetched and accepted are listed: a file
 * WhatsApp has not given yet, or one refused for its size or type, has nothing to download.
 */
import type { TicketAttachmentView } from '../../contract/intake.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { assertCanSeeTicket } from '../tickets/ticket-access.ts'

/** Whoever sees the ticket sees its files (unit staff: their unit's tickets only). */
export async function listTicketAttachments(
  deps: Pick<ServiceDeps, 'prisma'>,
  actor: Actor,
  ticketId: number,
): Promise<TicketAttachmentView[]> {
  const ticket = await deps.prisma.ticket.findUnique({ where: { id: ticketId }, select: { unitId: true } })
  if (ticket === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
  assertCanSeeTicket(actor, ticket)
  const [files, media] = await Promise.all([
    deps.prisma.intakeAttachment.findMany({
      where: { intakeItem: { ticketId } },
      select: { id: true, filename: true, contentType: true, size: true },
      orderBy: { id: 'asc' },
    }),
    deps.prisma.whatsappMessage.findMany({
      where: { ticketId, direction: 'IN', mediaContent: { not: null }, mediaType: { not: null } },
      select: { id: true, mediaFilename: true, mediaType: true, mediaSize: true },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
  ])
  return [
    ...files.map((f) => ({ ...f, source: 'intake' as const, url: `/api/v1/intake/attachments/${f.id}` })),
    ...media.map((m) => ({
      id: m.id,
      filename: m.mediaFilename ?? whatsappFilename(m.id),
      contentType: m.mediaType ?? 'application/octet-stream',
      size: m.mediaSize ?? 0,
      source: 'whatsapp' as const,
      url: `/api/v1/whatsapp/media/${m.id}`,
    })),
  ]
}

/** The name a WhatsApp file without one is listed and downloaded under. */
export function whatsappFilename(messageId: number): string {
  return `whatsapp-${messageId}`
}
