import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AmiFramer, type AmiFrame } from '../../../../telephony/ami/frame.ts'

/** Shared by the framer tests: transcript bytes and a comparable view of frames. */
export const TRANSCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '../../../transcripts')

export function transcript(name: string): Buffer {
  return readFileSync(join(TRANSCRIPTS, name))
}

export function transcriptNames(): string[] {
  const top = readdirSync(TRANSCRIPTS).filter((f) => f.endsWith('.txt'))
  const lab = readdirSync(join(TRANSCRIPTS, 'asterisk-22-lab'))
    .filter((f) => f.endsWith('.raw'))
    .map((f) => `asterisk-22-lab/${f}`)
  return [...top, ...lab].sort()
}

export type FrameView = { greeting: string } | { fields: Array<[string, string]>; rawLines: string[] }

export function view(frames: readonly AmiFrame[]): FrameView[] {
  return frames.map((f) =>
    f.type === 'greeting'
      ? { greeting: f.text }
      : { fields: f.message.fields, rawLines: [...f.message.rawLines] },
  )
}

/** Feeds `bytes` cut at the given offsets (ascending), then ends the stream. */
export function frameInPieces(bytes: Buffer, cuts: readonly number[], finish = false): FrameView[] {
  const framer = new AmiFramer()
  const frames: AmiFrame[] = []
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    frames.push(...framer.push(bytes.subarray(from, cut)))
    from = cut
  }
  if (finish) frames.push(...framer.finish())
  return view(frames)
}

export function messagesOf(frames: readonly AmiFrame[]) {
  return frames.flatMap((f) => (f.type === 'message' ? [f.message] : []))
}
