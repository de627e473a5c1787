/**
 * A file a citizen sent on WhatsApp, for `GET /api/v1/whatsapp/media/:id` (docs/intake.md §9). The
 * directorate gets any file, as in the conversation; anyone else only the file of a message that became
 * a ticket they may see (server/services/intake/ticket-attachments.ts lists it under the ticket's Ekler),
 * exactly as unit staff get a web application's or a mail's file. Every download is written to the
 * audit log under its conversation.
 */
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import { whatsappFilename } from '../intake/ticket-attachments.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { assertCanSeeTicket, DIRECTORATE_ROLES } from '../tickets/ticket-access.ts'

export interface WhatsappMediaFile {
  filename: string
  contentType: string
  content: Buffer
}

export async function loadWhatsappMedia(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  id: number,
): Promise<WhatsappMediaFile> {
  const m = await deps.prisma.whatsappMessage.findUnique({
    where: { id },
    select: {
      conversationId: true,
      ticketId: true,
      mediaContent: true,
      mediaType: true,
      mediaFilename: true,
      ticket: { select: { unitId: true } },
    },
  })
  if (m === null) throw new NotFoundError('Dosya bulunamadı.', 'media_not_found')
  if (!DIRECTORATE_ROLES.includes(actor.role)) {
    if (m.ticket === null)
      throw new ForbiddenError('WhatsApp dosyaları Halkla İlişkiler personeline ve talebin birimine açıktır.')
    assertCanSeeTicket(actor, m.ticket)
  }
  if (m.mediaContent === null || m.mediaType === null)
    throw new NotFoundError('Dosya bulunamadı.', 'media_not_found')
  await recordAudit(deps.prisma, actor, deps.clock.now(), [
    {
      action: AUDIT_ACTIONS.whatsappMedia,
      entity: 'WhatsappConversation',
      entityId: m.conversationId,
      detail: { messageId: id, ticketId: m.ticketId },
    },
  ])
  return {
    filename: m.mediaFilename ?? whatsappFilename(id),
    contentType: m.mediaType,
    content: Buffer.from(m.mediaContent),
  }
}
