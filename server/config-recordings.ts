/**
 * The recordings slice of the configuration (docs/configuration.md "Call recordings",
 * docs/recordings.md), parsed by `loadConfig` in server/config.ts from the same environment record.
 *
 * RECORDINGS_DIR is the folder Pano reads the PBX's recordings from. Unset, recordings are off in
 * production; in demo mode, with the simulator running, it is `<DATA_DIR>/recordings`, which the
 * simulator records into, so the demo shows the feature with nothing configured.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { unknownPatternTokens } from './domain/recording-name.ts'

export interface RecordingsConfig {
  /** Absolute; null: Pano has no recordings folder (no call gets a recording). */
  dir: string | null
  /** The folder as the PBX names it in MIXMONITOR_FILENAME (absolute). */
  pbxDir: string
  /** For answered calls whose PBX announced no file, e.g. `${UNIQUEID}.wav`; null: announced names only. */
  filePattern: string | null
}

const absolute = z
  .string()
  .trim()
  .min(1)
  .refine((v) => v.startsWith('/'), 'expected an absolute path')
  .transform((v) => v.replace(/\/+$/, '') || '/')

const schema = z.object({
  RECORDINGS_DIR: z.string().trim().min(1).optional(),
  RECORDINGS_PBX_DIR: absolute.default('/var/spool/asterisk/monitor'),
  RECORDINGS_FILE_PATTERN: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((v) => unknownPatternTokens(v).length === 0, {
      message: 'only ${UNIQUEID}, ${LINKEDID}, ${YEAR}, ${MONTH} and ${DAY} can be filled',
    })
    .optional(),
})

export function parseRecordingsConfig(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { dataDir: string; simulator: boolean; demo: boolean },
  problems: string[],
): RecordingsConfig | null {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${i.path.join('.')}: ${i.message}`)
    return null
  }
  const c = parsed.data
  const demoDir = defaults.demo && defaults.simulator ? resolve(defaults.dataDir, 'recordings') : null
  const dir = c.RECORDINGS_DIR === undefined ? demoDir : resolve(c.RECORDINGS_DIR).replace(/\/+$/, '')
  return { dir, pbxDir: c.RECORDINGS_PBX_DIR, filePattern: c.RECORDINGS_FILE_PATTERN ?? null }
}
