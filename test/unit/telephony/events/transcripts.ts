import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseJsonCapture, parseRawCapture, type Capture } from '../../../../telephony/cli/capture.ts'

export const TRANSCRIPTS = join(import.meta.dirname, '../../../transcripts')

export function loadCapture(relPath: string): Capture {
  const path = join(TRANSCRIPTS, relPath)
  const text = readFileSync(path)
  return relPath.endsWith('.json') ? parseJsonCapture(text.toString('utf8')) : parseRawCapture(text)
}

/** Every capture file (raw, txt, json) under test/transcripts and its lab folder. */
export function allCaptureFiles(): string[] {
  const out: string[] = []
  for (const f of readdirSync(TRANSCRIPTS)) {
    if (/\.(txt|json|raw)$/.test(f) && !f.endsWith('.expected.json')) out.push(f)
  }
  for (const f of readdirSync(join(TRANSCRIPTS, 'asterisk-22-lab'))) {
    if (f.endsWith('.raw')) out.push(`asterisk-22-lab/${f}`)
  }
  return out.sort()
}
