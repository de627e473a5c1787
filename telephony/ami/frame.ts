import { AmiMessage, parseMessageText } from './message.ts'
import { decodeAmiText } from './text.ts'

/** What the framer yields: the one-line banner, or a complete message. */
export type AmiFrame =
  | { readonly type: 'greeting'; readonly version: string; readonly text: string }
  | { readonly type: 'message'; readonly message: AmiMessage }

const LF = 0x0a
const CR = 0x0d
const CRLF_BLANK = Buffer.from('\n\r\n')
const LF_BLANK = Buffer.from('\n\n')
const FOLLOWS_END = Buffer.from('--END COMMAND--')
const FOLLOWS_HEAD = 'response: follows'
/** First keys of a message; used to end an old `Follows` body that lacks `--END COMMAND--`. */
const MESSAGE_STARTS = ['event:', 'response:', 'action:']
const GREETING_PREFIX = 'Asterisk Call Manager/'
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
/** How much of a new chunk is copied to join it with the previous chunk's unfinished message. */
const JOIN_BYTES = 8192

export interface AmiFramerOptions {
  /** The stream starts with the one-line banner (default true). */
  readonly expectGreeting?: boolean
  /** An unterminated message longer than this is dropped and counted (default 1 MiB). */
  readonly maxMessageBytes?: number
}

/**
 * Bytes → frames (docs/ami-protocol.md §2, §8). Accepts chunks split anywhere (also inside UTF-8:
 * messages are only decoded once complete), CRLF or bare LF, the banner line without a blank line,
 * and old `Response: Follows` bodies that contain blank lines until `--END COMMAND--`.
 * Never throws on bad input: oversized garbage is dropped and counted in `droppedBytes`.
 */
export class AmiFramer {
  private pending: Buffer = Buffer.alloc(0)
  private expectGreeting: boolean
  private skippingOversized = false
  private readonly maxMessageBytes: number
  /** Bytes received in total (for diagnostics). */
  bytes = 0
  /** Bytes discarded because a message grew past `maxMessageBytes` without ending. */
  droppedBytes = 0
  /** Messages discarded for growing past `maxMessageBytes` (each counted once). */
  droppedFrames = 0

  constructor(options: AmiFramerOptions = {}) {
    this.expectGreeting = options.expectGreeting ?? true
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  }

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): AmiFrame[] {
    this.bytes += chunk.length
    const frames: AmiFrame[] = []
    const pending = this.pending
    if (pending.length === 0) {
      this.keep(chunk, this.scan(chunk, frames))
      return frames
    }
    if (chunk.length > JOIN_BYTES) {
      // Copy only the chunk's head to finish the message left over from the last chunk; the rest is
      // scanned in place. A leftover that does not end within that head falls back to one copy.
      const head = Buffer.concat([pending, chunk.subarray(0, JOIN_BYTES)])
      const stop = this.scan(head, frames)
      if (stop >= pending.length) {
        const rest = chunk.subarray(stop - pending.length)
        this.keep(rest, this.scan(rest, frames))
        return frames
      }
      const buf = Buffer.concat([head.subarray(stop), chunk.subarray(JOIN_BYTES)])
      this.keep(buf, this.scan(buf, frames))
      return frames
    }
    const buf = Buffer.concat([pending, chunk])
    this.keep(buf, this.scan(buf, frames))
    return frames
  }

  /** Frames every complete message of `buf` into `frames`; returns where the unconsumed bytes start. */
  private scan(buf: Buffer, frames: AmiFrame[]): number {
    const n = buf.length
    let start = 0
    if (this.expectGreeting) {
      start = this.readGreeting(buf, frames)
      if (start < 0) return 0
    }
    // Positions of the next "\n\r\n" / "\n\n" at or after the cursor, cached so a CRLF-only stream
    // does not rescan the whole buffer for "\n\n" once per message.
    let nextCrlf = -2
    let nextLf = -2
    let searchFrom = start
    while (start < n) {
      start = skipBlankLines(buf, start)
      if (start >= n) break
      if (searchFrom < start) searchFrom = start
      if (nextCrlf !== -1 && nextCrlf < searchFrom) nextCrlf = buf.indexOf(CRLF_BLANK, searchFrom)
      if (nextLf !== -1 && nextLf < searchFrom) nextLf = buf.indexOf(LF_BLANK, searchFrom)
      let lineEnd: number
      let next: number
      if (nextCrlf !== -1 && (nextLf === -1 || nextCrlf < nextLf)) {
        lineEnd = nextCrlf
        next = nextCrlf + 3
      } else if (nextLf !== -1) {
        lineEnd = nextLf
        next = nextLf + 2
      } else {
        break
      }
      if (this.skippingOversized) {
        this.droppedBytes += next - start
        this.skippingOversized = false
        start = next
        continue
      }
      if (isFollows(buf, start) && buf.subarray(start, lineEnd).indexOf(FOLLOWS_END) === -1) {
        const verdict = startsMessage(buf, next)
        if (verdict === undefined) break
        if (!verdict) {
          searchFrom = next - 1
          continue
        }
      }
      frames.push({ type: 'message', message: parseMessageText(decodeAmiText(buf, start, lineEnd + 1)) })
      start = next
      searchFrom = next
    }
    return start
  }

  /**
   * Ends the stream: whatever is left (a last message without its blank line, as in pasted logs)
   * is parsed as one final message. Live sockets should count `leftover` instead.
   */
  finish(): AmiFrame[] {
    const rest = this.pending
    this.pending = Buffer.alloc(0)
    if (this.skippingOversized || rest.length === 0) return []
    const text = decodeAmiText(rest, 0, rest.length).replace(/^(\r?\n)+/, '')
    return text.length === 0 ? [] : [{ type: 'message', message: parseMessageText(text) }]
  }

  /** Bytes left over that did not form a complete message (e.g. a stream cut mid-message). */
  get leftover(): number {
    return this.pending.length
  }

  /** Returns the offset after the greeting (or where messages start), or -1 to wait for more bytes. */
  private readGreeting(buf: Buffer, frames: AmiFrame[]): number {
    const start = skipBlankLines(buf, 0)
    const nl = buf.indexOf(LF, start)
    if (nl === -1) return -1
    const line = buf.toString('utf8', start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl)
    this.expectGreeting = false
    if (line.startsWith(GREETING_PREFIX) || !line.includes(':')) {
      const slash = line.lastIndexOf('/')
      frames.push({ type: 'greeting', version: slash >= 0 ? line.slice(slash + 1) : '', text: line })
      return nl + 1
    }
    return start
  }

  private keep(buf: Buffer, start: number): void {
    const rest = buf.length - start
    if (rest > this.maxMessageBytes) {
      if (!this.skippingOversized) this.droppedFrames++
      this.droppedBytes += rest
      this.expectGreeting = false
      this.skippingOversized = true
      this.pending = Buffer.alloc(0)
      return
    }
    // Copy so a small remainder does not pin a large socket chunk in memory.
    this.pending = rest === 0 ? Buffer.alloc(0) : Buffer.from(buf.subarray(start))
  }
}

function skipBlankLines(buf: Buffer, pos: number): number {
  const n = buf.length
  while (pos < n) {
    const c = buf[pos]
    if (c === LF) pos++
    else if (c === CR && pos + 1 < n && buf[pos + 1] === LF) pos += 2
    else break
  }
  return pos
}

function isFollows(buf: Buffer, start: number): boolean {
  if (buf.length - start < FOLLOWS_HEAD.length || ((buf[start] as number) | 0x20) !== 0x72 /* r */)
    return false
  return buf.toString('latin1', start, start + FOLLOWS_HEAD.length).toLowerCase() === FOLLOWS_HEAD
}

/**
 * Does a new message start at `pos`? `undefined` when too few bytes have arrived to tell. An old
 * `Response: Follows` without `--END COMMAND--` (seen in goami2's Asterisk 13 fixture) would otherwise
 * swallow the rest of the stream.
 */
function startsMessage(buf: Buffer, pos: number): boolean | undefined {
  const avail = buf.length - pos
  let undecided = false
  for (const word of MESSAGE_STARTS) {
    const m = Math.min(avail, word.length)
    let same = true
    for (let i = 0; i < m && same; i++) same = ((buf[pos + i] as number) | 0x20) === word.charCodeAt(i)
    if (same && m === word.length) return true
    if (same) undecided = true
  }
  return undecided ? undefined : false
}

/** Convenience for tests and the replay CLI: frames of a whole capture. */
export function frameAll(bytes: Buffer, options: AmiFramerOptions = {}): AmiFrame[] {
  const framer = new AmiFramer(options)
  return framer.push(bytes)
}
