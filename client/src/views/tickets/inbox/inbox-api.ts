/** Talepler › Gelen kutusu's calls (server/http/routes/intake.ts), typed with the wire contract. */
import type { ApiClient } from '../../../lib/api.ts'
import type { IntakeAcceptBody, IntakeDetail } from '../../../../../server/contract/intake.ts'
import type { InboxPage } from '../../../../../server/contract/inbox.ts'
import { inboxQueryString, type InboxFilters } from '../../../lib/inbox-list.ts'

const BASE = '/api/v1/intake'

export function createInboxApi(api: ApiClient) {
  return {
    /** Web, e-mail and WhatsApp in one list (server/services/intake/one-inbox.ts). */
    inbox: (filters: InboxFilters) => api.get<InboxPage>(`${BASE}/inbox${inboxQueryString(filters)}`),
    item: (id: number) => api.get<IntakeDetail>(`${BASE}/items/${id}`),
    claim: (id: number, takeOver = false) =>
      api.post<IntakeDetail>(`${BASE}/items/${id}/claim`, { takeOver }),
    release: (id: number) => api.post<IntakeDetail>(`${BASE}/items/${id}/release`, {}),
    accept: (id: number, body: IntakeAcceptBody) =>
      api.post<{ ticketId: number; ticketNumber: string }>(`${BASE}/items/${id}/accept`, body),
    spam: (id: number, note: string) => api.post<IntakeDetail>(`${BASE}/items/${id}/spam`, { note }),
    attachmentUrl: (id: number) => `${BASE}/attachments/${id}`,
  }
}

export type InboxApi = ReturnType<typeof createInboxApi>
