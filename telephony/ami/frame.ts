import { AmiMessage, parseMessageText } from './message.ts'

/** What the framer yields: the one-line banner, or a complete message. */
export type AmiFrame =
  | { readonly type: 'greeting'; readonly version: string; readonly text: string }
  | { readonly type: 'message'; readonly message: AmiMessage }

const LF = 0x0a
const CR = 0x0d
const FOLLOWS_END = Buffer.from('--END COMMAND--')

/**
 * Bytes → frames (ami-protocol.md §2, §8). Accepts chunks split anywhere (also inside UTF-8:
 * messages are only decoded once complete), CRLF or bare LF, the banner line without a blank line,
 * and old `Response: Follows` bodies that contain blank lines until `--END COMMAND--`.
 */
export class AmiFramer {
  private pending: Buffer = Buffer.alloc(0)
  private expectGreeting: boolean
  /** Bytes received in total (for diagnostics). */
  bytes = 0

  constructor(options: { expectGreeting?: boolean } = {}) {
    this.expectGreeting = options.expectGreeting ?? true
  }

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): AmiFrame[] {
    this.bytes += chunk.length
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const frames: AmiFrame[] = []
    let start = 0
    if (this.expectGreeting) {
      const nl = buf.indexOf(LF)
      if (nl === -1) {
        this.pending = buf
        return frames
      }
      const line = buf.toString('utf8', 0, nl > 0 && buf[nl - 1] === CR ? nl - 1 : nl)
      this.expectGreeting = false
      if (!line.includes(': ') || line.startsWith('Asterisk Call Manager/')) {
        const slash = line.lastIndexOf('/')
        frames.push({ type: 'greeting', version: slash >= 0 ? line.slice(slash + 1) : '', text: line })
        start = nl + 1
      }
    }
    const n = buf.length
    let i = start
    while (i < n) {
      const nl = buf.indexOf(LF, i)
      if (nl === -1) break
      // A blank line: LF directly after the previous line's LF (optionally with CR in between).
      const lineStart = i
      const blank = nl === lineStart || (nl === lineStart + 1 && buf[lineStart] === CR)
      if (blank) {
        if (lineStart > start) {
          if (this.isUnfinishedFollows(buf, start, lineStart)) {
            i = nl + 1
            continue
          }
          frames.push({ type: 'message', message: parseMessageText(buf.toString('utf8', start, lineStart)) })
        }
        start = nl + 1
      }
      i = nl + 1
    }
    this.pending = start >= n ? Buffer.alloc(0) : buf.subarray(start)
    return frames
  }

  /** Data left over that did not form a complete message (e.g. a stream cut mid-message). */
  get leftover(): number {
    return this.pending.length
  }

  private isUnfinishedFollows(buf: Buffer, start: number, end: number): boolean {
    // "Response: Follows" (≤13 Command): the body may hold blank lines; it ends with --END COMMAND--.
    if (end - start < 17 || buf[start] !== 0x52 /* R */) return false
    const head = buf.toString('latin1', start, start + 17)
    if (head.toLowerCase() !== 'response: follows') return false
    return buf.subarray(start, end).indexOf(FOLLOWS_END) === -1
  }
}

/** Convenience for tests and the replay CLI: frames of a whole capture. */
export function frameAll(bytes: Buffer, options: { expectGreeting?: boolean } = {}): AmiFrame[] {
  const framer = new AmiFramer(options)
  return framer.push(bytes)
}
