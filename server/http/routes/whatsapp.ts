/**
 * `/api/v1/whatsapp/…`: Talepler › WhatsApp for the directorate (docs/intake.md §9, docs/api.md), the
 * files citizens sent (sandboxed downloads), the channel's counts for Yönetim, and in demo mode only a
 * test message "received" from a citizen so the loop can be seen without Meta.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { PRIORITIES, TICKET_TYPES } from '../../contract/tickets.ts'
import type { WhatsappStatusView } from '../../contract/whatsapp.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import { normalizePhone } from '../../domain/phone.ts'
import {
  claimConversation,
  conversationToTicket,
  getConversation,
  listConversations,
  releaseConversation,
  replyToConversation,
  type ConversationDeps,
} from '../../services/whatsapp/conversations.ts'
import { loadWhatsappMedia } from '../../services/whatsapp/media-download.ts'
import { actorOf, ALL_ROLES, DIRECTORATE, idParam } from './tickets.ts'

const listQuery = z.object({ filter: z.enum(['waiting', 'all']).optional() })
const claimBody = z.object({ takeOver: z.boolean().optional() })
const replyBody = z.object({
  text: textField().max(4096, 'WhatsApp iletisi en çok 4096 karakter olabilir.').optional(),
  template: z.boolean().optional(),
})
const ticketBody = z.object({
  type: z.enum(TICKET_TYPES),
  subject: textField().trim().min(3, 'Konu en az 3 karakter olmalı.').max(200),
  unitId: idField().nullish(),
  priority: z.enum(PRIORITIES).optional(),
  citizenId: idField().nullish(),
  newCitizen: z.object({ fullName: textField().trim().min(2, 'Ad soyad gerekli.').max(120) }).nullish(),
})
const demoBody = z.object({
  phone: textField().trim().min(5).max(30),
  text: textField().trim().min(1, 'İleti metni gerekli.').max(4096),
  name: textField().trim().max(120).optional(),
})

export function whatsappRoutes(deps: ConversationDeps): Router {
  const router = Router()
  const guard = requireRole(...DIRECTORATE)

  router.get('/whatsapp/conversations', guard, async (req, res) => {
    const { filter } = listQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await listConversations(deps, actorOf(req), filter))
  })

  router.get('/whatsapp/conversations/:id', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getConversation(deps, actorOf(req), id))
  })

  router.post('/whatsapp/conversations/:id/claim', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = claimBody.parse(req.body ?? {})
    await claimConversation(deps, actorOf(req), id, body.takeOver === true)
    res.json(await getConversation(deps, actorOf(req), id))
  })

  router.post('/whatsapp/conversations/:id/release', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    await releaseConversation(deps, actorOf(req), id)
    res.json(await getConversation(deps, actorOf(req), id))
  })

  router.post('/whatsapp/conversations/:id/reply', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = replyBody.parse(req.body ?? {})
    await replyToConversation(deps, actorOf(req), id, {
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.template !== undefined ? { template: body.template } : {}),
    })
    res.json(await getConversation(deps, actorOf(req), id))
  })

  router.post('/whatsapp/conversations/:id/ticket', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = ticketBody.parse(req.body ?? {})
    res.status(201).json(
      await conversationToTicket(deps, actorOf(req), id, {
        type: body.type,
        subject: body.subject,
        unitId: body.unitId ?? null,
        citizenId: body.citizenId ?? null,
        newCitizen: body.newCitizen ?? null,
        ...(body.priority ? { priority: body.priority } : {}),
      }),
    )
  })

  /**
   * A file as its bytes showed it to be (JPEG, PNG or PDF): to the directorate, and to whoever sees the
   * ticket the message became (server/services/whatsapp/media-download.ts). A download with no sniffing
   * and a sandbox, so it never runs in Pano's origin.
   */
  router.get('/whatsapp/media/:id', requireRole(...ALL_ROLES), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const file = await loadWhatsappMedia(deps, actorOf(req), id)
    res.setHeader('Content-Type', file.contentType)
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'")
    res.setHeader('Cache-Control', 'private, no-store')
    res.send(file.content)
  })

  router.get('/whatsapp/status', requireRole('supervisor', 'admin'), (_req, res) => {
    const w = deps.whatsapp
    res.setHeader('Cache-Control', 'no-store')
    res.json({
      state: w.state,
      demoInbound: w.demoInbound,
      templateName: w.templateName,
      counts: { ...w.counts },
    } satisfies WhatsappStatusView)
  })

  /** Demo mode only (nothing configured, MODE=demo): a citizen's message as the webhook would store it. */
  router.post('/whatsapp/demo/inbound', requireRole('supervisor', 'admin'), async (req, res) => {
    if (!deps.whatsapp.demoInbound)
      throw new NotFoundError('Deneme iletisi yalnızca tanıtım kipinde gönderilebilir.', 'not_demo')
    const body = demoBody.parse(req.body ?? {})
    const phone = normalizePhone(body.phone)
    if (!phone.ok || phone.kind !== 'mobile')
      throw new ValidationError([
        { path: 'phone', code: 'invalid', message: 'Bir cep telefonu numarası girin.' },
      ])
    const now = deps.clock.now()
    await deps.whatsapp.receive([
      {
        wamid: `demo-in-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        phone: phone.e164,
        profileName: body.name ?? null,
        at: now,
        kind: 'text',
        text: body.text,
        latitude: null,
        longitude: null,
        media: null,
      },
    ])
    const c = await deps.prisma.whatsappConversation.findUniqueOrThrow({
      where: { phone: phone.e164 },
      select: { id: true },
    })
    res.status(201).json({ conversationId: c.id })
  })

  return router
}
