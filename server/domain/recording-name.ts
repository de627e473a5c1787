/**
 * Recording file names (docs/recordings.md §2, §4): how a name the PBX announced, or the configured
 * pattern, becomes a path inside Pano's recordings folder, and which names are accepted at all. Pure:
 * the file system is checked by server/services/recordings/recording-store.ts.
 *
 * A name is a relative path of at most MAX_SEGMENTS parts separated by `/`, each made of letters, digits
 * and `._+-` and not starting with a dot (so `.` and `..` never pass), ending in an audio type a
 * browser plays. Anything else is refused before the file system is asked.
 */
import { istanbulDate } from './calendar/istanbul-time.ts'

export const RECORDING_TYPES: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
}

const SEGMENT = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,199}$/
const MAX_SEGMENTS = 6

/** The MIME type of an accepted name; null when the name is not one Pano serves. */
export function recordingTypeOf(name: string): string | null {
  const parts = name.split('/')
  if (name.length > 600 || parts.length > MAX_SEGMENTS) return null
  if (!parts.every((p) => SEGMENT.test(p))) return null
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase()
  return ext === undefined ? null : (RECORDING_TYPES[ext] ?? null)
}

export interface RecordingFolders {
  /** Pano's folder, absolute, without a trailing slash (RECORDINGS_DIR). */
  dir: string
  /** The same folder as the PBX names it (RECORDINGS_PBX_DIR), absolute, no trailing slash. */
  pbxDir: string
}

/**
 * The name to store for what MIXMONITOR_FILENAME / MONITOR_FILENAME said: a path under the PBX's
 * folder (or Pano's own, when both share one path) loses that prefix; a relative name is taken as
 * relative to the folder. Monitor() announces the name without its format: `.wav` is added then.
 * null: outside the folder or not an accepted name (the caller counts and logs it).
 */
export function recordingNameOf(announced: string, folders: RecordingFolders): string | null {
  let name = announced.trim().replaceAll('\\', '/')
  if (name.startsWith('/')) {
    const prefix = [folders.pbxDir, folders.dir].find((d) => name.startsWith(`${d}/`))
    if (prefix === undefined) return null
    name = name.slice(prefix.length + 1)
  }
  // A Uniqueid ends in `.<digits>`, which is no format: only a letter-led suffix is an extension.
  if (!/\.[A-Za-z][A-Za-z0-9]*$/.test(name)) name = `${name}.wav`
  return recordingTypeOf(name) === null ? null : name
}

export const PATTERN_TOKENS = ['UNIQUEID', 'LINKEDID', 'YEAR', 'MONTH', 'DAY'] as const

/** Tokens of a file-name pattern that Pano cannot fill (empty: the pattern is usable). */
export function unknownPatternTokens(pattern: string): string[] {
  const known = new Set<string>(PATTERN_TOKENS)
  return [...pattern.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => (known.has(m[1] ?? '') ? [] : [m[0]]))
}

/**
 * The name a pattern such as `${UNIQUEID}.wav` or `${YEAR}/${MONTH}/${DAY}/${UNIQUEID}.wav` gives a call:
 * UNIQUEID is the caller channel's (the call key without its `/n` suffix), the date is the Istanbul
 * day the call entered the queue. null when the result is not an accepted name.
 */
export function recordingNameFromPattern(
  pattern: string,
  call: { callKey: string; linkedId: string; enteredAt: Date },
): string | null {
  const [year = '', month = '', day = ''] = istanbulDate(call.enteredAt).split('-')
  const values: Record<string, string> = {
    UNIQUEID: call.callKey.split('/')[0] ?? call.callKey,
    LINKEDID: call.linkedId,
    YEAR: year,
    MONTH: month,
    DAY: day,
  }
  const name = pattern.replace(/\$\{([^}]*)\}/g, (_m, token: string) => values[token] ?? '\u0000')
  return recordingTypeOf(name) === null ? null : name
}
