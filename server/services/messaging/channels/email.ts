/**
 * E-mail through SMTP with nodemailer (`SMTP_URL`, `MAIL_FROM`): plain text and the same text as simple
 * HTML, in Turkish. The message's idempotency key is its `Message-ID`, so a receiving system that sees a
 * retried copy can recognise it (docs/decisions/010-outbox-with-pg-boss.md).
 */
import nodemailer from 'nodemailer'
import { PROVIDER_TIMEOUT_MS, ProviderError, type ChannelSender, type OutgoingMessage } from './types.ts'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Paragraphs from blank lines, line breaks kept, everything escaped. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n')
  return `<!doctype html><html lang="tr"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.5">${paragraphs}</body></html>`
}

interface SmtpFailure {
  responseCode?: number
  response?: string
  code?: string
  message?: string
}

export function createEmailSender(config: { smtpUrl: string; from: string }): ChannelSender {
  const url = new URL(config.smtpUrl)
  url.searchParams.set('connectionTimeout', String(PROVIDER_TIMEOUT_MS))
  url.searchParams.set('greetingTimeout', String(PROVIDER_TIMEOUT_MS))
  url.searchParams.set('socketTimeout', String(PROVIDER_TIMEOUT_MS))
  const transport = nodemailer.createTransport(url.toString())
  return {
    channel: 'EMAIL',
    provider: 'smtp',
    async send(message: OutgoingMessage) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.body,
          html: textToHtml(message.body),
          messageId: `<${message.idempotencyKey}@pano.local>`,
          headers: { 'X-Pano-Message': message.idempotencyKey },
        })
        if (info.rejected.length > 0) {
          throw new ProviderError(`SMTP: alıcı reddedildi (${info.response})`, true)
        }
        return { providerId: info.messageId, detail: info.response, status: 'SENT' }
      } catch (error) {
        if (error instanceof ProviderError) throw error
        const e = error as SmtpFailure
        // 5xx is the server's final word about this message; anything else (4xx, network) may pass later.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500
        throw new ProviderError(`SMTP: ${e.response ?? e.message ?? String(error)}`, permanent)
      }
    },
    close() {
      transport.close()
      return Promise.resolve()
    },
  }
}
