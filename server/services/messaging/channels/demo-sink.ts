/**
 * Demo mode's stand-ins for channels nobody configured: they accept the message and report it delivered,
 * so the Message row itself is what "would have been sent" (Yönetim › Gönderilen mesajlar). Never used
 * for a channel with a real provider.
 */
import type { MessageChannelCode } from '../../../contract/messaging.ts'
import type { ChannelSender } from './types.ts'

export function createDemoSink(channel: MessageChannelCode): ChannelSender {
  return {
    channel,
    provider: 'demo',
    send(message) {
      return Promise.resolve({
        providerId: `demo-${message.idempotencyKey}`,
        detail: 'Tanıtım kipi: gerçek gönderim yapılmadı, mesaj Pano’da saklandı.',
        status: 'DELIVERED',
      })
    },
  }
}
