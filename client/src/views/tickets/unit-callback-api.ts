/** The unit callbacks' calls (ADR 007), typed with the wire contract. */
import type { ApiClient } from '../../lib/api.ts'
import type {
  UnitCallbackAttemptBody,
  UnitCallbackAttemptResult,
  UnitCallbackList,
  UnitCallbackReveal,
} from '../../../../server/contract/unit-callbacks.ts'

const BASE = '/api/v1/worklists/unit-callbacks'

export function createUnitCallbackApi(api: ApiClient) {
  return {
    /** Unit staff: their unit (unitId ignored by the UI); supervisor/admin: one unit or all (null). */
    list: (unitId: number | null) =>
      api.get<UnitCallbackList>(unitId === null ? BASE : `${BASE}?unitId=${String(unitId)}`),
    reveal: (id: number) => api.post<UnitCallbackReveal>(`${BASE}/${String(id)}/reveal`, {}),
    attempt: (id: number, body: UnitCallbackAttemptBody) =>
      api.post<UnitCallbackAttemptResult>(`${BASE}/${String(id)}/attempts`, body),
  }
}

export type UnitCallbackApi = ReturnType<typeof createUnitCallbackApi>
