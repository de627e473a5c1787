/**
 * The müdür's listen / whisper / barge on an agent's live call (docs/decisions/018-listen-whisper-barge.md):
 * wire shapes of `/api/v1/supervision/…` and the `desk:listened` push. Shared by server and client
 * (types and constants only).
 */

export const SPY_MODES = ['listen', 'whisper', 'barge'] as const
export type SpyMode = (typeof SPY_MODES)[number]

export const SPY_MODE_LABELS: Record<SpyMode, string> = {
  listen: 'Dinle',
  whisper: 'Fısılda',
  barge: 'Araya gir',
}

/** What the agent sees on the desk while being listened to (when the directorate's setting says so). */
export const SPY_MODE_AGENT_TEXT: Record<SpyMode, string> = {
  listen: 'Görüşmeniz dinleniyor',
  whisper: 'Görüşmeniz dinleniyor; müdür size konuşabilir',
  barge: 'Müdür görüşmeye katıldı',
}

/** `POST /api/v1/supervision/spy`: whose live call, and how. */
export interface SpyBody {
  /** The agent's queue member interface, as on the agent board (`Local/1001@agents/n`). */
  interface: string
  mode: SpyMode
  pbxId?: string
  /** From a live call: the call it must still be (its Linkedid); refused when the agent is on another. */
  callId?: string
}

export const SPY_STATES = ['calling', 'active', 'ended', 'failed'] as const
export type SpyState = (typeof SPY_STATES)[number]

export const SPY_STATE_LABELS: Record<SpyState, string> = {
  calling: 'Telefonunuz çalıyor',
  active: 'Dinleniyor',
  ended: 'Bitti',
  failed: 'Kurulamadı',
}

/** One listen / whisper / barge: the answer of the POST and a row of the müdür's list. */
export interface SpySessionView {
  id: string
  mode: SpyMode
  state: SpyState
  agentName: string
  agentInterface: string
  queue: string
  queueLabel: string
  /** The call's Linkedid when it started. */
  callId: string
  startedAt: string
  endedAt: string | null
  durationSec: number | null
  /** Why it failed or how it ended, for people. */
  detail: string | null
}

/** `GET /api/v1/supervision/spy`: this müdür's sessions today (the audit log is the record). */
export interface SpySessionsResponse {
  items: SpySessionView[]
}

/** `GET|PUT /api/v1/supervision/settings`. */
export interface SupervisionSettings {
  /** The agent's desk says "dinleniyor" while a müdür listens, whispers or barges. */
  announceToAgent: boolean
}

/** `desk:listened` to room `agent:<userId>`: on while someone spies (when announced), off after. */
export interface DeskListened {
  active: boolean
  mode: SpyMode | null
  text: string | null
}
