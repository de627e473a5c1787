/**
 * Call recordings on the wire (docs/recordings.md): who may listen, and what a call or a ticket's linked
 * call says about its recording. Types and constants only (shared with the client).
 */
import type { Role } from './auth.ts'

/** Only the müdür / team leaders and the data officer listen to recordings (docs/kvkk.md §7). */
export const RECORDING_ROLES = ['supervisor', 'kvkk'] as const

export function canListenToRecordings(role: Role): boolean {
  return (RECORDING_ROLES as readonly Role[]).includes(role)
}

/**
 * `available`: the call was recorded and its file may be asked for (it can still turn out missing);
 * `deleted`: the retention run deleted it (with the date). null: not recorded, or the role may not listen.
 */
export type RecordingState = { state: 'available' } | { state: 'deleted'; deletedAt: string } | null

/** `GET /api/v1/calls/:id/recording`: the audio, with range requests; the address of a call's player. */
export function recordingUrl(callId: number): string {
  return `/api/v1/calls/${callId}/recording`
}
