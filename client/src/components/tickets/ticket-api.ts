/** The ticket screens' calls, typed with the wire contract. */
import type { ApiClient } from '../../lib/api.ts'
import type {
  CitizenSearchResult,
  CitizenView,
  CreateCitizenBody,
  CreateCitizenResponse,
} from '../../../../server/contract/citizens.ts'
import type {
  CreateTicketBody,
  DueDatePreview,
  MissedCallWorkItem,
  NotifyWorkItem,
  TicketDetail,
  TicketPage,
  TicketReturnedResponse,
  UnitsResponse,
} from '../../../../server/contract/tickets.ts'

const BASE = '/api/v1'

export interface TicketQuery {
  status?: string
  unitId?: string
  overdue?: boolean
  dueSoon?: boolean
  track?: string
  q?: string
  page?: number
}

export function createTicketApi(api: ApiClient) {
  return {
    list(query: TicketQuery): Promise<TicketPage> {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined || value === '' || value === false) continue
        params.set(key, String(value))
      }
      return api.get<TicketPage>(`${BASE}/tickets?${params.toString()}`)
    },
    /** By id or by number (`2026-000123`). */
    get: (ref: number | string) =>
      api.get<TicketDetail>(`${BASE}/tickets/${encodeURIComponent(String(ref))}`),
    create: (body: CreateTicketBody) =>
      api.post<{ ticket: TicketDetail; warnings: string[] }>(`${BASE}/tickets`, body),
    preview: (channel: string, type: string, kvkkRequest: boolean, formalPetition: boolean) =>
      api.get<DueDatePreview>(
        `${BASE}/tickets/due-preview?${new URLSearchParams({
          channel,
          type,
          kvkkRequest: String(kvkkRequest),
          formalPetition: String(formalPetition),
        }).toString()}`,
      ),
    act: (id: number, action: string, body: object) =>
      api.post<TicketDetail>(`${BASE}/tickets/${id}/${action}`, body),
    returnToDirectorate: (id: number, reason: string) =>
      api.post<TicketReturnedResponse>(`${BASE}/tickets/${id}/return`, { reason }),
    units: () => api.get<UnitsResponse>(`${BASE}/units`),
    notifyWorklist: () => api.get<{ items: NotifyWorkItem[] }>(`${BASE}/worklists/notify`),
    missedCalls: () => api.get<{ items: MissedCallWorkItem[] }>(`${BASE}/worklists/missed-calls`),
    recordAttempt: (callbackId: number, outcome: string) =>
      api.post(`${BASE}/worklists/missed-calls/${callbackId}/attempts`, { outcome }),
    searchCitizens: (q: string) =>
      api.get<CitizenSearchResult>(`${BASE}/citizens?${new URLSearchParams({ q }).toString()}`),
    getCitizen: (id: number) => api.get<CitizenView>(`${BASE}/citizens/${id}`),
    createCitizen: (body: CreateCitizenBody) => api.post<CreateCitizenResponse>(`${BASE}/citizens`, body),
    updateCitizen: (id: number, body: Partial<CreateCitizenBody>) =>
      api.patch<CitizenView>(`${BASE}/citizens/${id}`, body),
    mergeCitizens: (id: number, duplicateId: number) =>
      api.post<{ citizen: CitizenView }>(`${BASE}/citizens/${id}/merge`, { duplicateId }),
  }
}

export type TicketApi = ReturnType<typeof createTicketApi>
