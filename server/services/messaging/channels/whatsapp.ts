/**
 * WhatsApp Business Cloud API (docs/messaging.md §2.3): an approved template message to
 * `POST {WHATSAPP_API_URL}/{phone-number-id}/messages` with the access token; the answer's
 * `messages[0].id` (wamid) is the provider id. Delivery and read receipts arrive on the webhook, signed
 * with `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the app secret>`; a request whose
 * signature does not match is refused before its body is read (server/http/routes/whatsapp-webhook.ts).
 */
import { textField } from '../../../contract/text-field.ts'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { MessageStatusCode } from '../../../contract/messaging.ts'
import { postWhatsappMessage, refusalText, type GraphSendResult } from '../../whatsapp/graph-client.ts'
import { ProviderError, type ChannelSender } from './types.ts'

export interface WhatsappConfig {
  token: string
  phoneNumberId: string
  appSecret: string
  apiUrl: string
  language: string
}

/** Cloud API error codes that pass with time: rate limits and temporary unavailability. */
const TRANSIENT_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004])

export function createWhatsappSender(config: WhatsappConfig): ChannelSender {
  return {
    channel: 'WHATSAPP',
    provider: 'whatsapp-cloud',
    async send(message) {
      if (message.externalName === null)
        throw new ProviderError('WhatsApp: şablonun onaylı adı girilmemiş (Yönetim › Mesaj şablonları)', true)
      let result: GraphSendResult
      try {
        result = await postWhatsappMessage(config, message.recipient, {
          type: 'template',
          template: {
            name: message.externalName,
            language: { code: config.language },
            components:
              message.params.length === 0
                ? []
                : [{ type: 'body', parameters: message.params.map((text) => ({ type: 'text', text })) }],
          },
          biz_opaque_callback_data: message.idempotencyKey,
        })
      } catch (error) {
        throw new ProviderError((error as Error).message, false)
      }
      if (result.sent)
        return { providerId: result.id, detail: `WhatsApp: kabul edildi (${result.id})`, status: 'SENT' }
      const { status, code } = result
      if (result.words === undefined)
        throw new ProviderError(refusalText(result), status < 500 && status !== 429)
      const transient = status >= 500 || status === 429 || (code !== undefined && TRANSIENT_CODES.has(code))
      throw new ProviderError(refusalText(result), !transient)
    },
  }
}

/** Timing-safe check of `X-Hub-Signature-256` against the raw body. */
export function verifyWhatsappSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (header === undefined || !header.startsWith('sha256=')) return false
  const given = Buffer.from(header.slice('sha256='.length), 'hex')
  const expected = createHmac('sha256', appSecret).update(rawBody).digest()
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const statusEntry = z.object({
  id: textField(),
  status: textField(),
  timestamp: textField().optional(),
  errors: z
    .array(
      z.object({
        code: z.number().optional(),
        title: textField().optional(),
        message: textField().optional(),
        error_data: z.object({ details: textField().optional() }).optional(),
      }),
    )
    .optional(),
})

const webhookBody = z.object({
  object: textField(),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({ field: textField(), value: z.object({ statuses: z.array(statusEntry).optional() }) }),
      ),
    }),
  ),
})

export interface WhatsappStatusUpdate {
  providerId: string
  status: Extract<MessageStatusCode, 'SENT' | 'DELIVERED' | 'READ' | 'FAILED'>
  detail: string
  at: Date | null
}

const STATUS_MAP: Record<string, WhatsappStatusUpdate['status']> = {
  sent: 'SENT',
  delivered: 'DELIVERED',
  read: 'READ',
  failed: 'FAILED',
}

/** The status updates of one webhook call; null when the body is not a WhatsApp webhook at all. */
export function parseWhatsappStatuses(body: unknown): WhatsappStatusUpdate[] | null {
  const parsed = webhookBody.safeParse(body)
  if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') return null
  const out: WhatsappStatusUpdate[] = []
  for (const entry of parsed.data.entry)
    for (const change of entry.changes)
      for (const s of change.value.statuses ?? []) {
        const status = STATUS_MAP[s.status]
        if (status === undefined) continue
        const error = s.errors?.[0]
        const words = error
          ? `WhatsApp ${error.code ?? ''}: ${error.error_data?.details ?? error.message ?? error.title ?? ''}`.trim()
          : `WhatsApp: ${s.status}`
        const seconds = Number(s.timestamp)
        out.push({
          providerId: s.id,
          status,
          detail: words,
          at: Number.isFinite(seconds) ? new Date(seconds * 1000) : null,
        })
      }
  return out
}
