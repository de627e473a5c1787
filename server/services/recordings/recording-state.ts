/** What a call's row tells a screen about its recording (server/contract/recordings.ts RecordingState). */
import type { Role } from '../../contract/auth.ts'
import { canListenToRecordings, type RecordingState } from '../../contract/recordings.ts'

export function recordingStateOf(
  call: { recordingFile: string | null; recordingDeletedAt: Date | null },
  role: Role,
): RecordingState {
  // Roles that may not listen are not told a recording exists either (docs/kvkk.md §2).
  if (!canListenToRecordings(role) || call.recordingFile === null) return null
  return call.recordingDeletedAt === null
    ? { state: 'available' }
    : { state: 'deleted', deletedAt: call.recordingDeletedAt.toISOString() }
}
