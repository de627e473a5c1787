/**
 * WhatsApp Cloud API webhooks (docs/messaging.md §2.3, docs/intake.md §9), outside the signed-in API:
 * Meta's verification handshake (GET with `hub.verify_token`), status notifications and citizens'
 * messages (POST). The POST body is read raw and its `X-Hub-Signature-256` checked with the app secret,
 * timing-safe, before it is parsed; a missing or wrong signature gets 401 with the reason, is counted,
 * and changes nothing. Messages are stored before the answer; their files are fetched afterwards.
 */
import express, { Router } from 'express'
import { allowAnonymous } from '../../auth/require-role.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { parseWhatsappStatuses, verifyWhatsappSignature } from '../../services/messaging/channels/whatsapp.ts'
import type { Messaging } from '../../services/messaging/messaging-service.ts'
import { applyStatusUpdate } from '../../services/messaging/status-updates.ts'
import { parseInboundMessages } from '../../services/whatsapp/inbound-parse.ts'
import { applyReplyStatus } from '../../services/whatsapp/store-inbound.ts'
import type { WhatsappChannel } from '../../services/whatsapp/whatsapp-channel.ts'

export const WHATSAPP_WEBHOOK_PATH = '/api/v1/webhooks/whatsapp'

export function whatsappWebhookRoutes(deps: {
  prisma: PrismaClient
  logger: Logger
  messaging: () => Messaging | undefined
  whatsapp: () => WhatsappChannel | undefined
  now: () => Date
}): Router {
  const router = Router()

  router.get(WHATSAPP_WEBHOOK_PATH, allowAnonymous(), (req, res) => {
    const token = deps.messaging()?.whatsappVerifyToken ?? null
    const q = req.query
    const challenge = q['hub.challenge']
    if (token !== null && q['hub.mode'] === 'subscribe' && q['hub.verify_token'] === token) {
      res.type('text/plain').send(typeof challenge === 'string' ? challenge : '')
      return
    }
    res
      .status(403)
      .json({ error: { code: 'verify_token_mismatch', message: 'Doğrulama belirteci eşleşmedi.' } })
  })

  router.post(
    WHATSAPP_WEBHOOK_PATH,
    allowAnonymous(),
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res) => {
      const secret = deps.messaging()?.whatsappAppSecret ?? null
      if (secret === null) {
        res.status(404).json({ error: { code: 'not_found', message: 'WhatsApp yapılandırılmamış.' } })
        return
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const signature = req.get('x-hub-signature-256')
      if (!verifyWhatsappSignature(raw, signature, secret)) {
        const counts = deps.whatsapp()?.counts
        if (counts) counts.forged++
        const missing = signature === undefined || signature === ''
        deps.logger.warn({ missing }, 'WhatsApp webhook with a wrong signature refused')
        res.status(401).json({
          error: missing
            ? { code: 'signature_missing', message: 'X-Hub-Signature-256 başlığı yok.' }
            : { code: 'bad_signature', message: 'İmza uygulama anahtarıyla doğrulanamadı.' },
        })
        return
      }
      let body: unknown
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        const counts = deps.whatsapp()?.counts
        if (counts) counts.malformed++
        res.status(400).json({ error: { code: 'bad_json', message: 'Gövde JSON değil.' } })
        return
      }
      const updates = parseWhatsappStatuses(body)
      if (updates === null) {
        const counts = deps.whatsapp()?.counts
        if (counts) counts.malformed++
        res.status(400).json({ error: { code: 'not_whatsapp', message: 'WhatsApp bildirimi değil.' } })
        return
      }
      const channel = deps.whatsapp()
      const inbound = parseInboundMessages(body)
      if (channel && inbound) {
        channel.counts.malformed += inbound.malformed
        // Stored before the 200: an error here makes WhatsApp deliver the webhook again.
        await channel.receive(inbound.messages)
      }
      let unknown = 0
      for (const u of updates) {
        const known = await applyStatusUpdate(deps.prisma, {
          provider: 'whatsapp-cloud',
          providerId: u.providerId,
          status: u.status,
          detail: u.detail,
          at: u.at ?? deps.now(),
        })
        if (!known && !(await applyReplyStatus(deps.prisma, u))) unknown++
      }
      if (unknown > 0) deps.logger.info({ unknown }, 'WhatsApp statuses for messages Pano does not know')
      res.sendStatus(200)
    },
  )

  return router
}
