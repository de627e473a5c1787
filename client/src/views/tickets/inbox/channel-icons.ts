/** A small sign beside each channel's name in Gelen kutusu (the name is always written too). */
import type { InboxChannel } from '../../../../../server/contract/inbox.ts'

export const CHANNEL_ICONS: Record<InboxChannel, string> = {
  WEB: '🌐',
  EPOSTA: '✉️',
  WHATSAPP: '💬',
}
