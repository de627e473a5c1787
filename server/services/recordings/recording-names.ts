/**
 * Which file a finished call's recording is (docs/recordings.md §2): the name the PBX announced
 * (MIXMONITOR_FILENAME / MONITOR_FILENAME, kept by telephony/state/recordings.ts) mapped into Pano's
 * folder, else, for an answered call, the configured file-name pattern. A name that would leave the
 * folder or is not an audio file is not stored; it is logged without the caller's data and counted.
 */
import type { RecordingsConfig } from '../../config-recordings.ts'
import { recordingNameFromPattern, recordingNameOf } from '../../domain/recording-name.ts'
import type { Logger } from '../../logger.ts'
import type { FinishedCall } from '../../../telephony/index.ts'

export interface RecordingNamer {
  (call: FinishedCall): string | null
  /** Announced names refused (outside the folder, not an audio type). */
  readonly refused: () => number
}

export function createRecordingNamer(config: RecordingsConfig, logger: Logger): RecordingNamer {
  let refused = 0
  const folders = config.dir === null ? null : { dir: config.dir, pbxDir: config.pbxDir }
  const namer = (call: FinishedCall): string | null => {
    if (folders === null) return null
    if (call.recordingFile !== undefined) {
      const name = recordingNameOf(call.recordingFile, folders)
      if (name === null) {
        refused++
        logger.warn(
          { pbxId: call.pbxId, callKey: call.callKey, announced: call.recordingFile, pbxDir: folders.pbxDir },
          'recording name refused: outside RECORDINGS_PBX_DIR / RECORDINGS_DIR or not an audio file',
        )
      }
      return name
    }
    if (config.filePattern === null || call.answeredAt === null) return null
    return recordingNameFromPattern(config.filePattern, call)
  }
  return Object.assign(namer, { refused: () => refused })
}
