import { existsSync, readFileSync } from 'node:fs'
import { AmiFramer, frameAll } from '../ami/frame.ts'
import { AmiMessage } from '../ami/message.ts'

/** One message of a capture and, when the capture says, the time it was received (ms since epoch). */
export interface CapturedMessage {
  readonly message: AmiMessage
  /** From the event's `Timestamp:` header or the recorded read offsets; undefined when unknown. */
  readonly receivedAt: number | undefined
}

export interface Capture {
  readonly amiVersion: string | undefined
  readonly messages: CapturedMessage[]
}

/** One line of a `.timing.jsonl` file: a TCP read of `len` bytes at `offset`, `t_ms` after the start. */
interface TimingRead {
  readonly t_ms: number
  readonly offset: number
  readonly len: number
}

export function parseTimingJsonl(text: string): TimingRead[] {
  const reads: TimingRead[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const r = JSON.parse(line) as Partial<TimingRead>
    if (typeof r.t_ms === 'number' && typeof r.offset === 'number' && typeof r.len === 'number') {
      reads.push({ t_ms: r.t_ms, offset: r.offset, len: r.len })
    }
  }
  return reads
}

function timestampOf(m: AmiMessage): number | undefined {
  const ts = m.get('Timestamp')
  if (ts === undefined) return undefined
  const sec = Number(ts)
  return Number.isFinite(sec) && sec > 0 ? Math.round(sec * 1000) : undefined
}

/**
 * Raw AMI bytes (greeting included, CRLF or LF) → messages. With `timing` (the reads the recorder
 * made) and `startAt`, a message gets the time of the read that completed it; a `Timestamp:` header
 * always wins.
 */
export function parseRawCapture(bytes: Buffer, timing?: { reads: TimingRead[]; startAt: number }): Capture {
  let amiVersion: string | undefined
  const messages: CapturedMessage[] = []
  if (timing === undefined || timing.reads.length === 0) {
    for (const frame of frameAll(bytes)) {
      if (frame.type === 'greeting') amiVersion = frame.version
      else messages.push({ message: frame.message, receivedAt: timestampOf(frame.message) })
    }
    return { amiVersion, messages }
  }
  // Feed the capture chunk by chunk as it was read, so each message gets its read's time.
  const framer = new AmiFramer()
  for (const read of timing.reads) {
    const chunk = bytes.subarray(read.offset, read.offset + read.len)
    for (const frame of framer.push(chunk)) {
      if (frame.type === 'greeting') amiVersion = frame.version
      else
        messages.push({
          message: frame.message,
          receivedAt: timestampOf(frame.message) ?? timing.startAt + read.t_ms,
        })
    }
  }
  return { amiVersion, messages }
}

function scalarText(x: unknown): string {
  if (typeof x === 'string') return x
  if (typeof x === 'number' || typeof x === 'boolean') return String(x)
  return x === null || x === undefined ? '' : JSON.stringify(x)
}

/**
 * A panoramisk-style JSON capture (cacofonisk): an array of events with sorted keys. `Event` is put
 * first so the message classifies as an event; panoramisk's own `content` key is dropped.
 */
export function parseJsonCapture(text: string): Capture {
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed)) throw new Error('JSON capture is not an array of events')
  const messages: CapturedMessage[] = []
  for (const item of parsed) {
    if (item === null || typeof item !== 'object') continue
    const entries = Object.entries(item as Record<string, unknown>).filter(([k]) => k !== 'content')
    const fields: Array<[string, string]> = []
    const ev = entries.find(([k]) => k === 'Event')
    if (ev !== undefined) fields.push(['Event', String(ev[1])])
    for (const [k, v] of entries) {
      if (k === 'Event') continue
      const values: unknown[] = Array.isArray(v) ? v : [v]
      for (const x of values) fields.push([k, scalarText(x)])
    }
    const message = AmiMessage.of(fields)
    messages.push({ message, receivedAt: timestampOf(message) })
  }
  return { amiVersion: undefined, messages }
}

/** Reads a capture file: `.json` (panoramisk), else raw bytes, with `<name>.timing.jsonl` when present. */
export function loadCaptureFile(path: string, at: number): Capture {
  const bytes = readFileSync(path)
  if (path.endsWith('.json')) return parseJsonCapture(bytes.toString('utf8'))
  const timingPath = `${path.replace(/\.(raw|txt|ami)$/, '')}.timing.jsonl`
  if (timingPath !== path && existsSync(timingPath)) {
    return parseRawCapture(bytes, { reads: parseTimingJsonl(readFileSync(timingPath, 'utf8')), startAt: at })
  }
  return parseRawCapture(bytes)
}
