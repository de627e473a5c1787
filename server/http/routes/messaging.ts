/**
 * Yönetim's messaging routes (docs/messaging.md §6): the channels and whether each is configured, the
 * messages sent (Gönderilen mesajlar), and the templates (to citizens and to staff) with a preview. Admin only, except the list of
 * sent messages, which the müdür may read as well; reading it is audited like a list of citizens.
 */
import { textField } from '../../contract/text-field.ts'
import { Router } from 'express'
import { z } from 'zod'
import { requireRole } from '../../auth/require-role.ts'
import {
  ALL_TEMPLATE_KEYS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  type ChannelsResponse,
  type SentMessagesResponse,
  type TemplatesResponse,
} from '../../contract/messaging.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../../services/audit/audit-log.ts'
import { messageInclude, toSentMessageView } from '../../services/messaging/message-views.ts'
import type { Messaging } from '../../services/messaging/messaging-service.ts'
import { listTemplates, previewTemplate, saveTemplate } from '../../services/messaging/template-admin.ts'
import { actorOf } from './tickets.ts'

const listQuery = z.object({
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
const templateParams = z.object({ key: z.enum(ALL_TEMPLATE_KEYS), channel: z.enum(MESSAGE_CHANNELS) })
const templateBody = z.object({
  subject: textField().trim().max(300).nullish(),
  body: textField().trim().min(1, 'Şablon metni gerekli.').max(4000),
  externalName: textField()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'Onaylı şablon adı küçük harf, rakam ve _ içerir.')
    .nullish(),
})
const previewBody = templateBody.extend({ key: z.enum(ALL_TEMPLATE_KEYS), channel: z.enum(MESSAGE_CHANNELS) })

export function messagingRoutes(deps: {
  prisma: PrismaClient
  messaging: () => Messaging | undefined
  now: () => Date
}): Router {
  const router = Router()

  router.get('/messaging/channels', requireRole('admin', 'supervisor'), (_req, res) => {
    const channels = deps.messaging()?.channels() ?? []
    res.json({ channels } satisfies ChannelsResponse)
  })

  router.get('/messages', requireRole('admin', 'supervisor'), async (req, res) => {
    const q = listQuery.parse(req.query)
    const actor = actorOf(req)
    const rows = await deps.prisma.message.findMany({
      where: { ...(q.channel ? { channel: q.channel } : {}), ...(q.status ? { status: q.status } : {}) },
      include: messageInclude,
      orderBy: { id: 'desc' },
      take: q.limit,
    })
    await recordCitizenReads(
      deps.prisma,
      actor,
      deps.now(),
      rows.map((r) => r.citizenId).filter((id): id is number => id !== null),
      AUDIT_ACTIONS.citizenList,
      { view: 'sent-messages' },
    )
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: rows.map((r) => toSentMessageView(r, actor.role)) } satisfies SentMessagesResponse)
  })

  router.get('/message-templates', requireRole('admin'), async (_req, res) => {
    res.json({ templates: await listTemplates(deps.prisma) } satisfies TemplatesResponse)
  })

  router.put('/message-templates/:key/:channel', requireRole('admin'), async (req, res) => {
    const { key, channel } = templateParams.parse(req.params)
    const body = templateBody.parse(req.body ?? {})
    res.json(
      await saveTemplate(deps.prisma, actorOf(req), deps.now(), {
        key,
        channel,
        subject: body.subject ?? null,
        body: body.body,
        externalName: body.externalName ?? null,
      }),
    )
  })

  router.post('/message-templates/preview', requireRole('admin'), (req, res) => {
    const body = previewBody.parse(req.body ?? {})
    res.json(
      previewTemplate({
        key: body.key,
        channel: body.channel,
        subject: body.subject ?? null,
        body: body.body,
      }),
    )
  })

  return router
}
