/**
 * npm run --silent replay -- <capture> [--at <iso>]
 *
 * Replays a captured AMI session (raw server bytes with the greeting, an LF .txt transcript, or a
 * panoramisk JSON event list) through frame → decode → reduce → stats and prints ONE JSON document.
 * Events without `Timestamp:` get their time from --at (default 2026-01-01T00:00:00Z) plus, when a
 * `<name>.timing.jsonl` sits beside the capture, the recorded read offsets.
 */
import { existsSync } from 'node:fs'
import { loadCaptureFile, type Capture } from './capture.ts'
import { replayCapture } from './replay-core.ts'

const DEFAULT_AT = '2026-01-01T00:00:00Z'

function usage(message: string): never {
  process.stderr.write(`replay: ${message}\nusage: npm run --silent replay -- <capture> [--at <iso>]\n`)
  process.exit(2)
}

function parseArgs(argv: string[]): { path: string; at: number } {
  let path: string | undefined
  let atText = DEFAULT_AT
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--at') {
      const v = argv[++i]
      if (v === undefined) usage('--at needs an ISO date-time')
      atText = v
    } else if (arg.startsWith('--at=')) atText = arg.slice(5)
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`)
    else if (path === undefined) path = arg
    else usage(`unexpected argument ${arg}`)
  }
  if (path === undefined) usage('no capture file given')
  const at = Date.parse(atText)
  if (!Number.isFinite(at)) usage(`--at is not an ISO date-time: ${atText}`)
  return { path, at }
}

function main(): void {
  const { path, at } = parseArgs(process.argv.slice(2))
  if (!existsSync(path)) {
    process.stderr.write(`replay: capture file not found: ${path}\n`)
    process.exit(1)
  }
  let capture: Capture
  try {
    capture = loadCaptureFile(path, at)
  } catch (err) {
    process.stderr.write(`replay: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
  const { finishedCalls: _calls, pauses: _pauses, ...result } = replayCapture(capture, { at })
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main()
