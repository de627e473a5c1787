/**
 * Starts the müdür's listen / whisper / barge (docs/decisions/018-listen-whisper-barge.md), from the
 * agent board (an agent) or from the live calls (an agent on that call, `callId`: the server refuses with
 * 409 when the agent is on another call by now). The answer is a line for people, in Turkish.
 */
import type { SpyBody, SpyMode, SpySessionView } from '../../../server/contract/supervision.ts'
import { ApiError, type ApiClient } from './api.ts'

/** Whose call: the agent's queue member interface on a PBX, and the call it must still be, if any. */
export interface SpyTargetRef {
  readonly pbxId: string
  readonly interface: string
  readonly callId?: string | undefined
}

export interface ActionResult {
  ok: boolean
  text: string
}

export const SPY_STARTED_TEXT = 'Telefonunuz çalıyor; açınca görüşmeyi duyarsınız.'

export async function startSpy(api: ApiClient, target: SpyTargetRef, mode: SpyMode): Promise<ActionResult> {
  // Only these fields: the server takes no others (an AgentView passed in must not travel whole).
  const body: SpyBody = { pbxId: target.pbxId, interface: target.interface, mode }
  if (target.callId !== undefined) body.callId = target.callId
  try {
    await api.post<SpySessionView>('/api/v1/supervision/spy', body)
    return { ok: true, text: SPY_STARTED_TEXT }
  } catch (error) {
    return { ok: false, text: error instanceof ApiError ? error.message : 'Dinleme başlatılamadı.' }
  }
}
