/**
 * The simulator's MixMonitor (docs/recordings.md §5): with a recordings folder, every answered queue
 * call is recorded as a queue with `monitor-type=MixMonitor` does it: when the agent answers, the
 * caller's channel gets MIXMONITOR_FILENAME (a VarSet event, the full path as Asterisk reports it), and
 * when the call ends the file is there: a real PCM WAV made here in code, a short tone as long as the
 * talk (at most MAX_SECONDS, so a demo running for days stays small), so nothing must be installed.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** 8 kHz, 8-bit mono (as the PBX's own `wav` is 8 kHz): 8 kB a second. */
const SAMPLE_RATE = 8000
const MAX_SECONDS = 5

/** A RIFF/WAVE file of unsigned 8-bit PCM: a tone at `hz` that fades in and out. */
export function toneWav(seconds: number, hz = 440): Buffer {
  const samples = Math.max(1, Math.round(seconds * SAMPLE_RATE))
  const out = Buffer.alloc(44 + samples)
  out.write('RIFF', 0, 'ascii')
  out.writeUInt32LE(36 + samples, 4)
  out.write('WAVE', 8, 'ascii')
  out.write('fmt ', 12, 'ascii')
  out.writeUInt32LE(16, 16) // fmt chunk size
  out.writeUInt16LE(1, 20) // PCM
  out.writeUInt16LE(1, 22) // mono
  out.writeUInt32LE(SAMPLE_RATE, 24)
  out.writeUInt32LE(SAMPLE_RATE, 28) // byte rate: rate × 1 channel × 1 byte
  out.writeUInt16LE(1, 32) // block align
  out.writeUInt16LE(8, 34) // bits per sample
  out.write('data', 36, 'ascii')
  out.writeUInt32LE(samples, 40)
  const fade = Math.min(400, Math.floor(samples / 2))
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / Math.max(1, fade), (samples - 1 - i) / Math.max(1, fade))
    const v = Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE) * 0.4 * envelope
    out.writeUInt8(Math.round(128 + v * 127), 44 + i)
  }
  return out
}

export class RecordingFiles {
  constructor(private readonly dir: string) {}

  /** The path the PBX announces for a call whose caller channel has this Uniqueid. */
  pathFor(uniqueid: string): string {
    return join(this.dir, `${uniqueid}.wav`)
  }

  /** Writes the finished recording; a failure is returned, the call goes on (a full disk ends no call). */
  write(path: string, talkSeconds: number): Error | undefined {
    try {
      mkdirSync(this.dir, { recursive: true })
      writeFileSync(path, toneWav(Math.min(MAX_SECONDS, Math.max(1, talkSeconds))))
      return undefined
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err))
    }
  }
}
