/**
 * Which recording belongs to which queue call (docs/recordings.md §2). Asterisk announces a recording by
 * setting a channel variable, seen as a VarSet event: MixMonitor() sets MIXMONITOR_FILENAME on the channel
 * it records, the older Monitor() sets MONITOR_FILENAME. A queue with `monitor-type=MixMonitor` records
 * the caller's channel when the agent answers; a dialplan may also start MixMonitor before Queue() or on
 * the agent's side. So the file is kept on the channel (a later queue entry takes it over, model.ts) and
 * given to the open queue calls of that channel: as the caller, as the answering member, or in the same
 * conversation (Linkedid). The name is kept as the PBX wrote it; the server maps it into its folder.
 */
import type { TelephonyState } from './model.ts'

const RECORDING_VARIABLES = new Set(['MIXMONITOR_FILENAME', 'MONITOR_FILENAME'])

export function isRecordingVariable(variable: string): boolean {
  return RECORDING_VARIABLES.has(variable)
}

export function noteRecording(state: TelephonyState, uniqueId: string, value: string): void {
  const file = value.trim()
  if (file === '') return
  const channel = state.channels.get(uniqueId)
  if (channel !== undefined) channel.recordingFile = file
  const own = state.callKeyByCaller.get(uniqueId)
  for (const call of state.queueCalls.values()) {
    if (call.callKey === own || call.memberUniqueId === uniqueId) call.recordingFile = file
    // Another leg of the same conversation (a Local half, a trunk) records it all: keep a closer match.
    else if (channel !== undefined && call.linkedId === channel.callId) call.recordingFile ??= file
  }
}
