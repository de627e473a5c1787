/**
 * What every channel (e-mail, Netgsm SMS, WhatsApp Cloud API, the demo sinks) offers the sender
 * (server/services/messaging/deliver.ts). A provider's refusal is a ProviderError in the provider's own
 * words; `permanent` says a retry cannot help (a bad number, a wrong password), so the message fails now.
 */
import type { MessageChannelCode, MessageStatusCode } from '../../../contract/messaging.ts'

export interface OutgoingMessage {
  id: number
  idempotencyKey: string
  channel: MessageChannelCode
  recipient: string
  subject: string | null
  body: string
  params: string[]
  externalName: string | null
}

export interface SendResult {
  providerId: string
  /** What the provider said, kept with the status history (e.g. the SMTP server's `250 …`). */
  detail: string | null
  /** SENT unless the provider already knows it arrived (the demo sinks). */
  status: Extract<MessageStatusCode, 'SENT' | 'DELIVERED'>
}

export interface ChannelSender {
  channel: MessageChannelCode
  /** Stored with the message: smtp, netgsm, whatsapp-cloud, demo. */
  provider: string
  send(message: OutgoingMessage): Promise<SendResult>
  close?(): Promise<void>
}

export class ProviderError extends Error {
  readonly permanent: boolean
  constructor(message: string, permanent: boolean) {
    super(message)
    this.name = 'ProviderError'
    this.permanent = permanent
  }
}

/** A provider call that may hang is cut after this long and counted as a transient failure. */
export const PROVIDER_TIMEOUT_MS = 20_000
