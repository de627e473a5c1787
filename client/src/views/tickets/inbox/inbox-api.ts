/** Talepler › Gelen kutusu's calls (server/http/routes/intake.ts), typed with the wire contract. */
import type { ApiClient } from '../../../lib/api.ts'
import type { IntakeAcceptBody, IntakeDetail, IntakePage } from '../../../../../server/contract/intake.ts'

const BASE = '/api/v1/intake'

export function createInboxApi(api: ApiClient) {
  return {
    list: (filter: 'waiting' | 'done') => api.get<IntakePage>(`${BASE}/items?filter=${filter}`),
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
