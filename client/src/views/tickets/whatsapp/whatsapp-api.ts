/**
 * A WhatsApp conversation's calls in Talepler › Gelen kutusu (server/http/routes/whatsapp.ts), typed
 * with the wire contract.
 */
import type { ApiClient } from '../../../lib/api.ts'
import type {
  WhatsappConversationDetail,
  WhatsappReplyBody,
  WhatsappTicketBody,
} from '../../../../../server/contract/whatsapp.ts'

const BASE = '/api/v1/whatsapp'

export function createWhatsappApi(api: ApiClient) {
  const one = (id: number) => `${BASE}/conversations/${id}`
  return {
    conversation: (id: number) => api.get<WhatsappConversationDetail>(one(id)),
    claim: (id: number, takeOver = false) =>
      api.post<WhatsappConversationDetail>(`${one(id)}/claim`, { takeOver }),
    release: (id: number) => api.post<WhatsappConversationDetail>(`${one(id)}/release`, {}),
    reply: (id: number, body: WhatsappReplyBody) =>
      api.post<WhatsappConversationDetail>(`${one(id)}/reply`, body),
    toTicket: (id: number, body: WhatsappTicketBody) =>
      api.post<{ ticketId: number; ticketNumber: string }>(`${one(id)}/ticket`, body),
    mediaUrl: (messageId: number) => `${BASE}/media/${messageId}`,
  }
}

export type WhatsappApi = ReturnType<typeof createWhatsappApi>
