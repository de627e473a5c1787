/**
 * SMS through Netgsm's REST v2 API (docs/messaging.md §2.2): `POST /sms/rest/v2/send` with HTTP Basic
 * credentials (NETGSM_USERCODE, NETGSM_PASSWORD), the approved sender id (`msgheader`, NETGSM_HEADER),
 * Turkish encoding; the answer's `jobid` is the provider id. Delivery reports come from
 * `POST /sms/rest/v2/report` with those job ids, polled by server/services/messaging/delivery-reports.ts.
 */
import { textField } from '../../../contract/text-field.ts'
import { z } from 'zod'
import type { MessageStatusCode } from '../../../contract/messaging.ts'
import { PROVIDER_TIMEOUT_MS, ProviderError, type ChannelSender } from './types.ts'

export interface NetgsmConfig {
  usercode: string
  password: string
  header: string
  apiUrl: string
}

/** Send answer codes: 00 accepted; these cannot pass on a retry (text, credentials, header, İYS, parameters). */
const PERMANENT_SEND_CODES = new Set(['20', '30', '40', '50', '51', '70'])

const SEND_CODE_TEXT: Record<string, string> = {
  '20': 'mesaj metni hatalı ya da çok uzun',
  '30': 'geçersiz kullanıcı adı, parola ya da API erişimi yok',
  '40': 'mesaj başlığı (gönderici adı) tanımlı değil',
  '50': 'İYS kontrollü gönderim bu hesapla yapılamaz',
  '51': 'İYS marka bilgisi bulunamadı',
  '70': 'hatalı sorgu: bir parametre eksik ya da yanlış',
  '80': 'gönderim hız sınırı aşıldı',
  '85': 'aynı numaraya bir dakikada 20’den fazla gönderim',
  '100': 'Netgsm sistem hatası',
  '101': 'Netgsm sistem hatası',
}

const sendAnswer = z.object({
  code: textField(),
  description: textField().optional(),
  jobid: textField().optional(),
})

const reportAnswer = z.object({
  code: textField().optional(),
  description: textField().optional(),
  jobs: z
    .array(
      z.object({
        jobid: z.union([textField(), z.number().transform(String)]),
        status: z.coerce.number(),
        errorCode: z.unknown().optional(),
      }),
    )
    .optional(),
})

/** Report status codes (Netgsm's documentation): 0 waiting, 1 delivered, others did not arrive. */
const REPORT_FAILURES: Record<number, string> = {
  2: 'zaman aşımı: mesaj iletilemedi',
  3: 'hatalı ya da kısıtlı numara',
  4: 'operatöre gönderilemedi',
  11: 'operatör reddetti',
  12: 'iletim hatası',
  13: 'mükerrer mesaj',
  14: 'yetersiz bakiye',
  15: 'numara kara listede',
  16: 'İYS reddetti',
  17: 'İYS hatası',
}

export interface DeliveryReport {
  providerId: string
  status: Extract<MessageStatusCode, 'DELIVERED' | 'FAILED'>
  detail: string
}

function authHeader(config: NetgsmConfig): string {
  return `Basic ${Buffer.from(`${config.usercode}:${config.password}`).toString('base64')}`
}

/** Netgsm takes Turkish numbers as 10 digits (5XXXXXXXXX), others with their country code. */
export function netgsmNumber(e164: string): string {
  return e164.startsWith('+90') ? e164.slice(3) : e164.replace(/^\+/, '00')
}

async function post(config: NetgsmConfig, path: string, body: unknown): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(`${config.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: authHeader(config) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    })
  } catch (error) {
    throw new ProviderError(`Netgsm: bağlantı kurulamadı (${(error as Error).message})`, false)
  }
  const text = await res.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ProviderError(`Netgsm: HTTP ${res.status} ${text.slice(0, 200)}`, false)
  }
}

export function createNetgsmSender(config: NetgsmConfig): ChannelSender & {
  reports(providerIds: string[]): Promise<DeliveryReport[]>
} {
  return {
    channel: 'SMS',
    provider: 'netgsm',
    async send(message) {
      const raw = await post(config, '/sms/rest/v2/send', {
        msgheader: config.header,
        encoding: 'TR',
        messages: [{ msg: message.body, no: netgsmNumber(message.recipient) }],
      })
      const answer = sendAnswer.safeParse(raw)
      if (!answer.success) throw new ProviderError('Netgsm: beklenmeyen yanıt', false)
      const { code, description, jobid } = answer.data
      if (code !== '00' || jobid === undefined) {
        const words = description ?? SEND_CODE_TEXT[code] ?? 'bilinmeyen hata'
        throw new ProviderError(`Netgsm ${code}: ${words}`, PERMANENT_SEND_CODES.has(code))
      }
      return {
        providerId: jobid,
        detail: `Netgsm ${code}: ${description ?? 'kuyruğa alındı'}`,
        status: 'SENT',
      }
    },
    async reports(providerIds) {
      if (providerIds.length === 0) return []
      const raw = await post(config, '/sms/rest/v2/report', { jobids: providerIds })
      const answer = reportAnswer.safeParse(raw)
      if (!answer.success) throw new ProviderError('Netgsm rapor: beklenmeyen yanıt', false)
      const out: DeliveryReport[] = []
      for (const job of answer.data.jobs ?? []) {
        if (job.status === 1)
          out.push({ providerId: job.jobid, status: 'DELIVERED', detail: 'Netgsm: iletildi' })
        else if (job.status in REPORT_FAILURES)
          out.push({
            providerId: job.jobid,
            status: 'FAILED',
            detail: `Netgsm ${job.status}: ${REPORT_FAILURES[job.status] ?? ''}`,
          })
      }
      return out
    },
  }
}
