import { describe, expect, it } from 'vitest'
import { AmiFramer, frameAll, type AmiFrame } from '../../../../telephony/ami/frame.ts'
import { transcript, transcriptNames, view } from './transcript-bytes.ts'

/** Socket-sized reads: a new chunk finishes the previous chunk's last message (the 8 KiB join path). */
function frameInChunks(bytes: Buffer, size: number, options = {}): AmiFrame[] {
  const framer = new AmiFramer(options)
  const frames: AmiFrame[] = []
  for (let at = 0; at < bytes.length; at += size) frames.push(...framer.push(bytes.subarray(at, at + size)))
  return frames
}

describe('large chunks, as a busy socket delivers them', () => {
  const all = Buffer.concat(transcriptNames().map((n) => transcript(n)))

  it.each([8193, 9000, 20_000, 65_536])('every transcript back to back in %i-byte chunks', (size) => {
    expect(view(frameInChunks(all, size))).toEqual(view(frameAll(all)))
  })

  it('a message longer than the joined head still arrives whole across the chunk border', () => {
    const long = `Event: UserEvent\r\nData: ${'x'.repeat(20_000)}\r\n\r\n`
    const bytes = Buffer.from(`Event: A\r\nX: 1\r\n\r\n${long}Event: B\r\nY: 2\r\n\r\n`.repeat(4))
    const frames = frameInChunks(bytes, 9000, { expectGreeting: false })
    expect(frames.map((f) => (f.type === 'message' ? f.message.get('Event') : f.type))).toEqual(
      Array.from({ length: 4 }, () => ['A', 'UserEvent', 'B']).flat(),
    )
    expect(
      frames.filter((f) => f.type === 'message' && f.message.get('Data')?.length === 20_000),
    ).toHaveLength(4)
  })

  it('an old Follows body with blank lines across the border ends at --END COMMAND--', () => {
    const body = 'line of output\r\n\r\n'.repeat(1000)
    const bytes = Buffer.from(
      `Event: A\r\n\r\nResponse: Follows\r\nActionID: 7\r\n${body}--END COMMAND--\r\n\r\nEvent: B\r\n\r\n`,
    )
    const frames = frameInChunks(bytes, 8500, { expectGreeting: false })
    expect(view(frames)).toEqual(view(frameAll(bytes, { expectGreeting: false })))
    expect(frames).toHaveLength(3)
  })
})
