/**
 * The Graph API calls a WhatsApp conversation needs (docs/intake.md §9), with the access token:
 * a media file in two steps (`GET /{media-id}` gives a short-lived URL, type and size; `GET <url>` the
 * bytes), checked against the size limit before and while it is read and against its first bytes after;
 * and a reply (`POST /{phone-number-id}/messages`, free text or an approved template).
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { detectFileType, type AcceptedFileType } from '../../domain/intake/file-signature.ts'
import { PROVIDER_TIMEOUT_MS } from '../messaging/channels/types.ts'

export interface GraphConfig {
  token: string
  phoneNumberId: string
  apiUrl: string
  language: string
}

/** A file refused for good (too large, wrong type, gone): it is not fetched again. */
export class MediaRefused extends Error {
  override name = 'MediaRefused'
}

const mediaInfo = z.object({
  url: textField().url(),
  mime_type: textField().optional(),
  file_size: z.union([z.number(), textField()]).optional(),
})
const sendAnswer = z.object({ messages: z.array(z.object({ id: textField() })).min(1) })
const errorAnswer = z.object({ error: z.object({ message: textField(), code: z.number().optional() }) })

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`

async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new MediaRefused(`Dosya çok büyük (${mb(declared)}; en çok ${mb(maxBytes)}).`)
  const chunks: Buffer[] = []
  let total = 0
  if (res.body === null) return Buffer.alloc(0)
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length
    if (total > maxBytes) {
      await res.body.cancel().catch(() => undefined)
      throw new MediaRefused(`Dosya çok büyük (${mb(maxBytes)} sınırı aşıldı).`)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

export async function downloadMedia(
  config: GraphConfig,
  mediaId: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; type: AcceptedFileType }> {
  const auth = { authorization: `Bearer ${config.token}` }
  const infoRes = await fetch(`${config.apiUrl}/${encodeURIComponent(mediaId)}`, {
    headers: auth,
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  })
  if (infoRes.status === 404) throw new MediaRefused('Dosya WhatsApp’ta artık yok.')
  if (!infoRes.ok) throw new Error(`WhatsApp medya bilgisi: HTTP ${infoRes.status}`)
  const info = mediaInfo.safeParse(await infoRes.json().catch(() => null))
  if (!info.success) throw new Error('WhatsApp medya bilgisi okunamadı.')
  const size = Number(info.data.file_size)
  if (Number.isFinite(size) && size > maxBytes)
    throw new MediaRefused(`Dosya çok büyük (${mb(size)}; en çok ${mb(maxBytes)}).`)
  const fileRes = await fetch(info.data.url, {
    headers: auth,
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  })
  if (fileRes.status === 404) throw new MediaRefused('Dosya WhatsApp’ta artık yok.')
  if (!fileRes.ok) throw new Error(`WhatsApp medya indirme: HTTP ${fileRes.status}`)
  const bytes = await readLimited(fileRes, maxBytes)
  if (bytes.length === 0) throw new MediaRefused('Dosya boş.')
  const type = detectFileType(bytes)
  if (type === null)
    throw new MediaRefused('Dosya türü kabul edilmiyor: ilk baytlarına göre JPEG, PNG veya PDF değil.')
  return { bytes, type }
}

export type ReplyContent = { kind: 'text'; text: string } | { kind: 'template'; name: string }

export type GraphSendResult =
  | { sent: true; id: string }
  | { sent: false; status: number; code: number | undefined; words: string | undefined }

/**
 * `POST /{phone-number-id}/messages`: one message (the type and its body in `message`) to one number.
 * Resolves with the wamid or with WhatsApp's own refusal; throws only when no answer came at all.
 */
export async function postWhatsappMessage(
  config: Pick<GraphConfig, 'apiUrl' | 'phoneNumberId' | 'token'>,
  to: string,
  message: Record<string, unknown>,
): Promise<GraphSendResult> {
  let res: Response
  try {
    res = await fetch(`${config.apiUrl}/${config.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: to.replace(/^\+/, ''),
        ...message,
      }),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    })
  } catch (error) {
    throw new Error(`WhatsApp: bağlantı kurulamadı (${(error as Error).message})`, { cause: error })
  }
  const raw: unknown = await res.json().catch(() => null)
  const ok = sendAnswer.safeParse(raw)
  if (res.ok && ok.success) return { sent: true, id: ok.data.messages[0]?.id ?? '' }
  const failure = errorAnswer.safeParse(raw)
  return failure.success
    ? { sent: false, status: res.status, code: failure.data.error.code, words: failure.data.error.message }
    : { sent: false, status: res.status, code: undefined, words: undefined }
}

/** WhatsApp's refusal in one line: its code and words, or the HTTP status when it gave none. */
export function refusalText(r: Extract<GraphSendResult, { sent: false }>): string {
  return r.words === undefined ? `WhatsApp: HTTP ${r.status}` : `WhatsApp ${r.code ?? r.status}: ${r.words}`
}

/** Sends a reply; the answer's wamid, or an Error in WhatsApp's words. */
export async function sendReply(config: GraphConfig, to: string, content: ReplyContent): Promise<string> {
  const message =
    content.kind === 'text'
      ? { type: 'text', text: { preview_url: false, body: content.text } }
      : { type: 'template', template: { name: content.name, language: { code: config.language } } }
  const result = await postWhatsappMessage(config, to, message)
  if (result.sent) return result.id
  throw new Error(refusalText(result))
}
