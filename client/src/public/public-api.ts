/**
 * The public pages' calls (no session, no CSRF): the form's settings, a proof-of-work challenge, the
 * multipart application, the status lookup. Failures are ApiError, as in the staff app.
 */
import type {
  PowChallenge,
  PublicApplicationReceipt,
  PublicStatusView,
} from '../../../server/contract/intake.ts'
import { ApiClient } from '../lib/api.ts'
import { apiErrorFromResponse, networkError } from '../lib/api-error.ts'

export interface PublicFormInfo {
  mahalleler: string[]
  attachments: { maxFiles: number; maxBytes: number; types: string[]; label: string }
}

const client = new ApiClient()

export const publicApi = {
  form: () => client.get<PublicFormInfo>('/api/v1/public/form'),
  challenge: () => client.get<PowChallenge>('/api/v1/public/challenge'),
  status: (ticketNumber: string, lookupCode: string) =>
    client.post<PublicStatusView>('/api/v1/public/status', { ticketNumber, lookupCode }),
  async submit(form: FormData): Promise<PublicApplicationReceipt> {
    let response: Response
    try {
      response = await fetch('/api/v1/public/applications', {
        method: 'POST',
        body: form,
        headers: { accept: 'application/json' },
        credentials: 'omit',
      })
    } catch {
      throw networkError()
    }
    const payload: unknown = await response.json().catch(() => null)
    if (!response.ok)
      throw apiErrorFromResponse(response.status, payload, response.headers.get('retry-after'))
    return payload as PublicApplicationReceipt
  },
}
