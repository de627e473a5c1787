/**
 * Replays a raw capture to a client after its login: the recorded server bytes minus the capture's own
 * banner and login response, optionally with the recorded chunking and timing (`*.timing.jsonl`).
 */
import type { AmiSession } from './ami-server.ts'

export interface ReplayOptions {
  readonly bytes: Buffer
  /** Lines of the capture's timing file: `{"t_ms":…, "offset":…, "len":…}`. */
  readonly timing?: readonly string[]
  /** 1 = recorded pace; 10 = ten times faster; Infinity = all at once. */
  readonly speed?: number
}

interface Chunk {
  readonly at: number
  readonly bytes: Buffer
}

/** Offset just after the banner line and the first message (the recorded login response). */
export function afterLogin(bytes: Buffer): number {
  const i = bytes.indexOf('\n')
  if (i < 0) return 0
  const end = bytes.indexOf('\r\n\r\n', i + 1)
  return end < 0 ? i + 1 : end + 4
}

export function replayChunks(options: ReplayOptions): Chunk[] {
  const start = afterLogin(options.bytes)
  const rows = (options.timing ?? [])
    .map((line) => {
      try {
        return JSON.parse(line) as { t_ms?: unknown; offset?: unknown; len?: unknown }
      } catch {
        return undefined
      }
    })
    .filter(
      (r): r is { t_ms: number; offset: number; len: number } =>
        typeof r?.t_ms === 'number' && typeof r.offset === 'number' && typeof r.len === 'number',
    )
  if (rows.length === 0) return [{ at: 0, bytes: options.bytes.subarray(start) }]
  const t0 = rows.find((r) => r.offset + r.len > start)?.t_ms ?? 0
  const out: Chunk[] = []
  for (const r of rows) {
    const from = Math.max(r.offset, start)
    const to = r.offset + r.len
    if (to <= from) continue
    out.push({ at: r.t_ms - t0, bytes: options.bytes.subarray(from, to) })
  }
  return out
}

/** Sends the chunks to the session; real timers (replay is about wire timing, not simulated time). */
export function replayTo(
  session: AmiSession,
  options: ReplayOptions,
  timers: Set<ReturnType<typeof setTimeout>>,
): void {
  const speed = options.speed ?? 1
  session.replaying = true
  for (const chunk of replayChunks(options)) {
    if (!Number.isFinite(speed) || chunk.at <= 0) {
      session.write(chunk.bytes)
      continue
    }
    const t = setTimeout(() => {
      timers.delete(t)
      session.write(chunk.bytes)
    }, chunk.at / speed)
    timers.add(t)
  }
}
