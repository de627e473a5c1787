/**
 * `/api/v1/intake/…`: Talepler › Gelen kutusu for the directorate (docs/intake.md §6, docs/api.md), the
 * files that came with an item, and the mailbox's state for Yönetim.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { MailboxStatusView, PublicFormStatusView } from '../../contract/intake.ts'
import { INBOX_CHANNELS, INBOX_CLAIMED, INBOX_PAGE_LIMIT, INBOX_STATES } from '../../contract/inbox.ts'
import { PRIORITIES, TICKET_TYPES } from '../../contract/tickets.ts'
import { NotFoundError } from '../../errors.ts'
import {
  acceptItem,
  claimItem,
  getInboxItem,
  listInbox,
  markSpam,
  releaseItem,
} from '../../services/intake/inbox.ts'
import { listOneInbox } from '../../services/intake/one-inbox.ts'
import { listTicketAttachments } from '../../services/intake/ticket-attachments.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import { actorOf, ALL_ROLES, DIRECTORATE, idParam } from './tickets.ts'
import { assertCanSeeTicket, DIRECTORATE_ROLES } from '../../services/tickets/ticket-access.ts'

const listQuery = z.object({ filter: z.enum(['waiting', 'done']).optional() })
const inboxQuery = z.object({
  channel: z.enum(INBOX_CHANNELS).optional(),
  claimed: z.enum(INBOX_CLAIMED).default('all'),
  state: z.enum(INBOX_STATES).default('waiting'),
  order: z.enum(['asc', 'desc']).optional(),
  offset: z.coerce.number().int().min(0).max(INBOX_PAGE_LIMIT.maxOffset).default(0),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_LIMIT.max).default(INBOX_PAGE_LIMIT.default),
})
const claimBody = z.object({ takeOver: z.boolean().optional() })
const acceptBody = z.object({
  type: z.enum(TICKET_TYPES).optional(),
  unitId: idField().nullish(),
  priority: z.enum(PRIORITIES).optional(),
  citizenId: idField().nullish(),
  newCitizen: z.object({ fullName: textField().trim().min(2, 'Ad soyad gerekli.').max(120) }).nullish(),
  subject: textField().trim().min(1).max(200).optional(),
})
const spamBody = z.object({ note: textField().trim().max(2000).nullish() })

export function intakeRoutes(
  deps: ServiceDeps & { mailbox: () => MailboxStatusView; publicForm: () => PublicFormStatusView },
): Router {
  const router = Router()
  const guard = requireRole(...DIRECTORATE)

  router.get('/intake/items', guard, async (req, res) => {
    const { filter } = listQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await listInbox(deps, actorOf(req), filter))
  })

  /** Web, e-mail and WhatsApp in one list, oldest waiting first (server/services/intake/one-inbox.ts). */
  router.get('/intake/inbox', guard, async (req, res) => {
    const q = inboxQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(
      await listOneInbox(deps, actorOf(req), {
        channel: q.channel ?? null,
        claimed: q.claimed,
        state: q.state,
        order: q.order ?? null,
        offset: q.offset,
        limit: q.limit,
      }),
    )
  })

  router.get('/intake/items/:id', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getInboxItem(deps, actorOf(req), id))
  })

  router.post('/intake/items/:id/claim', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = claimBody.parse(req.body ?? {})
    const actor = actorOf(req)
    await claimItem(deps, actor, id, body.takeOver === true)
    res.json(await getInboxItem(deps, actor, id))
  })

  router.post('/intake/items/:id/release', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const actor = actorOf(req)
    await releaseItem(deps, actor, id)
    res.json(await getInboxItem(deps, actor, id))
  })

  router.post('/intake/items/:id/accept', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = acceptBody.parse(req.body ?? {})
    const result = await acceptItem(deps, actorOf(req), id, {
      ...(body.type ? { type: body.type } : {}),
      ...(body.unitId != null ? { unitId: body.unitId } : {}),
      ...(body.priority ? { priority: body.priority } : {}),
      ...(body.citizenId != null ? { citizenId: body.citizenId } : {}),
      ...(body.newCitizen != null ? { newCitizen: body.newCitizen } : {}),
      ...(body.subject ? { subject: body.subject } : {}),
    })
    res.json(result)
  })

  router.post('/intake/items/:id/spam', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = spamBody.parse(req.body ?? {})
    const actor = actorOf(req)
    await markSpam(deps, actor, id, body.note ?? null)
    res.json(await getInboxItem(deps, actor, id))
  })

  /**
   * A ticket's Ekler: the files of its application, its mail and the replies to it, and of the WhatsApp
   * messages it was opened from, each with its download URL (whoever sees the ticket).
   */
  router.get('/intake/tickets/:id/attachments', requireRole(...ALL_ROLES), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const items = await listTicketAttachments(deps, actorOf(req), id)
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items })
  })

  /**
   * A file as it came, under the type its bytes showed. Sent as a download with no sniffing and a
   * sandbox, so a PDF or image can never run in Pano's origin. Unit staff get the files of their unit's
   * tickets only.
   */
  router.get('/intake/attachments/:id', requireRole(...ALL_ROLES), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const actor = actorOf(req)
    const file = await deps.prisma.intakeAttachment.findUnique({
      where: { id },
      include: { intakeItem: { select: { ticket: { select: { unitId: true } } } } },
    })
    if (file === null) throw new NotFoundError('Dosya bulunamadı.', 'attachment_not_found')
    if (!DIRECTORATE_ROLES.includes(actor.role)) {
      const ticket = file.intakeItem.ticket
      if (ticket === null) throw new NotFoundError('Dosya bulunamadı.', 'attachment_not_found')
      assertCanSeeTicket(actor, ticket)
    }
    res.setHeader('Content-Type', file.contentType)
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'")
    res.setHeader('Cache-Control', 'private, no-store')
    res.send(Buffer.from(file.content))
  })

  router.get('/intake/mailbox', requireRole('supervisor', 'admin'), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(deps.mailbox())
  })

  router.get('/intake/public-form', requireRole('supervisor', 'admin'), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(deps.publicForm())
  })

  return router
}
