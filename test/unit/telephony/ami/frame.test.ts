import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AmiFramer, frameAll } from '../../../../telephony/ami/frame.ts'
import { frameInPieces, messagesOf, transcript, view } from './transcript-bytes.ts'

const LAB = 'asterisk-22-lab/02-single-answered.raw'

/** Byte offsets where each message of a CRLF capture starts (after the greeting line). */
function messageStarts(bytes: Buffer): number[] {
  const starts = [bytes.indexOf('\n') + 1]
  for (let i = bytes.indexOf('\r\n\r\n'); i !== -1; i = bytes.indexOf('\r\n\r\n', i + 4)) starts.push(i + 4)
  return starts
}

describe('chunk boundaries never change the messages', () => {
  const lab = transcript(LAB)
  const whole = view(frameAll(lab))

  it('the lab capture fed one byte at a time (every boundary at once)', () => {
    expect(
      frameInPieces(
        lab,
        Array.from({ length: lab.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole)
  })

  it('the lab capture cut in two at every byte offset', () => {
    // A cut only affects the message it falls in, so each cut is checked on the stream from the start of
    // the message before the cut to the end of the message after it (with the greeting for the first).
    const starts = messageStarts(lab)
    const key = (frames: ReturnType<AmiFramer['push']>) =>
      frames
        .map((f) =>
          f.type === 'greeting' ? f.text : `${f.message.keys.join('\0')}\n${f.message.values.join('\0')}`,
        )
        .join('\n\n')
    const windows = new Map<number, string>()
    const framedWindow = (from: number, to: number): string => {
      let k = windows.get(from)
      if (k === undefined)
        windows.set(
          from,
          (k = key(new AmiFramer({ expectGreeting: from === 0 }).push(lab.subarray(from, to)))),
        )
      return k
    }
    let m = 0
    let failures = 0
    for (let cut = 1; cut < lab.length; cut++) {
      while ((starts[m + 1] ?? Infinity) <= cut) m++
      const from = m === 0 ? 0 : (starts[m - 1] as number)
      const to = starts[m + 2] ?? lab.length
      const framer = new AmiFramer({ expectGreeting: from === 0 })
      const got = key([...framer.push(lab.subarray(from, cut)), ...framer.push(lab.subarray(cut, to))])
      if (got !== framedWindow(from, to)) failures++
    }
    expect(failures).toBe(0)
    expect(starts).toHaveLength(163)
  })

  it('a smaller capture cut in two at every offset, whole stream each time', () => {
    for (const name of [
      'goami2__queuepause-unpause-and-pause-with-reason__ast13.txt',
      'asterisk-22-lab/06-wrong-secret.raw',
      'panoramisk__command-core-show-channels-follows__pre14.txt',
    ]) {
      const bytes = transcript(name)
      const ref = frameInPieces(bytes, [])
      for (let cut = 0; cut <= bytes.length; cut++)
        expect(frameInPieces(bytes, [cut]), `${name} @${cut}`).toEqual(ref)
    }
  })

  it('random multi-splits of the lab capture', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: lab.length - 1 }), { maxLength: 40 }), (cuts) => {
        expect(
          frameInPieces(
            lab,
            [...cuts].sort((a, b) => a - b),
          ),
        ).toEqual(whole)
      }),
      { numRuns: 25 },
    )
  })

  it('a split inside a two-byte UTF-8 character (Ş, ü, ğ) keeps the names intact', () => {
    for (const [name, text] of [
      [LAB, 'Emre Şahin'],
      ['asterisk-22-lab/05a-mid-traffic-status-events-off.raw', 'Gülşen Doğan'],
    ] as const) {
      const bytes = transcript(name)
      const at = bytes.indexOf(text)
      const encoded = Buffer.from(text)
      for (let k = 0; k < encoded.length; k++) {
        if ((encoded[k] as number) >= 0xc0) {
          const msgs = frameInPieces(bytes, [at + k + 1]).flatMap((f) =>
            'fields' in f ? f.fields.map(([, v]) => v) : [],
          )
          expect(msgs).toContain(text)
          expect(msgs.join('')).not.toContain('\uFFFD')
        }
      }
    }
  })
})

describe('framing rules', () => {
  const fields = (bytes: string, options = {}) =>
    messagesOf(new AmiFramer(options).push(Buffer.from(bytes))).map((m) => m.fields)

  it('greeting without a blank line, then messages; version kept', () => {
    const frames = frameAll(
      Buffer.from('Asterisk Call Manager/9.0.0\r\nResponse: Success\r\nPing: Pong\r\n\r\n'),
    )
    expect(frames[0]).toEqual({ type: 'greeting', version: '9.0.0', text: 'Asterisk Call Manager/9.0.0' })
    expect(frames[1]?.type === 'message' && frames[1].message.get('Ping')).toBe('Pong')
  })

  it('no greeting when the stream starts with a field', () => {
    expect(frameAll(Buffer.from('Event: A\r\n\r\n')).map((f) => f.type)).toEqual(['message'])
  })

  it('CRLF, bare LF and the CoreShowChannelMap "\\r\\n\\n" ending all end a message', () => {
    expect(
      fields('Event: A\r\nX: 1\r\n\r\nEvent: B\nX: 2\n\nEvent: C\r\nX: 3\r\n\nEvent: D\n\r\n', {
        expectGreeting: false,
      }),
    ).toEqual([
      [
        ['Event', 'A'],
        ['X', '1'],
      ],
      [
        ['Event', 'B'],
        ['X', '2'],
      ],
      [
        ['Event', 'C'],
        ['X', '3'],
      ],
      [['Event', 'D']],
    ])
  })

  it('extra blank lines between messages are not messages', () => {
    expect(
      fields('\r\n\r\nEvent: A\r\n\r\n\r\n\n\r\nEvent: B\r\n\r\n', { expectGreeting: false }),
    ).toHaveLength(2)
  })

  it('a lone CR does not end a line', () => {
    expect(fields('Event: A\rB: 1\r\n\r\n', { expectGreeting: false })).toEqual([[['Event', 'A\rB: 1']]])
  })

  it('an incomplete message waits, and counts as leftover', () => {
    const framer = new AmiFramer({ expectGreeting: false })
    expect(framer.push(Buffer.from('Event: A\r\nX: 1\r\n'))).toEqual([])
    expect(framer.leftover).toBe(16)
    expect(framer.push(Buffer.from('\r\n'))).toHaveLength(1)
    expect(framer.leftover).toBe(0)
  })

  it('old Follows body with blank lines lasts until --END COMMAND--', () => {
    const text =
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nline one\r\n\r\nEvent is a word here\r\n\r\nlast: x\r\n--END COMMAND--\r\n\r\nEvent: Next\r\n\r\n'
    const msgs = messagesOf(new AmiFramer({ expectGreeting: false }).push(Buffer.from(text)))
    expect(msgs).toHaveLength(2)
    expect(msgs[0]?.rawLines).toEqual(['line one', 'Event is a word here', '--END COMMAND--'])
    expect(msgs[0]?.get('last')).toBe('x')
    expect(msgs[1]?.get('Event')).toBe('Next')
  })

  it('Follows without --END COMMAND-- ends when the next message starts, waiting if it cannot tell yet', () => {
    const framer = new AmiFramer({ expectGreeting: false })
    expect(framer.push(Buffer.from('Response: Follows\r\nActionID: 1\r\n\r\nEve'))).toEqual([])
    const msgs = messagesOf(framer.push(Buffer.from('nt: X\r\n\r\n')))
    expect(msgs.map((m) => m.kind)).toEqual(['response', 'event'])
  })

  it('an endless message is dropped at the size cap and counted; framing resumes', () => {
    const framer = new AmiFramer({ expectGreeting: false, maxMessageBytes: 64 })
    expect(framer.push(Buffer.from(`Event: Big\r\n${'X: y\r\n'.repeat(20)}`))).toEqual([])
    expect(framer.droppedBytes).toBeGreaterThan(64)
    const msgs = messagesOf(framer.push(Buffer.from('X: tail\r\n\r\nEvent: Small\r\n\r\n')))
    expect(msgs.map((m) => m.get('Event'))).toEqual(['Small'])
  })

  it('finish() returns a last message that lacks its blank line', () => {
    const framer = new AmiFramer({ expectGreeting: false })
    framer.push(Buffer.from('Event: A\r\n\r\nEvent: B\r\nX: 1'))
    expect(framer.finish().map((f) => f.type === 'message' && f.message.fields)).toEqual([
      [
        ['Event', 'B'],
        ['X', '1'],
      ],
    ])
    expect(framer.leftover).toBe(0)
  })
})

describe('caller names that are not UTF-8', () => {
  const event = (name: Buffer) =>
    Buffer.concat([
      Buffer.from('Event: Newchannel\r\nChannel: PJSIP/trunk-0000002a\r\nCallerIDNum: 05321234567\r\n'),
      Buffer.from('CallerIDName: '),
      name,
      Buffer.from('\r\nConnectedLineName: Ayşe Yılmaz\r\nUniqueid: 1795668590.42\r\n\r\n'),
    ])
  const fields = (bytes: Buffer) => {
    const [frame] = frameAll(bytes, { expectGreeting: false })
    if (frame?.type !== 'message') throw new Error('no message')
    return frame.message
  }

  it('reads a Latin-5 (ISO-8859-9) name as Turkish, beside a UTF-8 line of the same message', () => {
    const latin5 = Buffer.from([
      0x47, 0xf6, 0x6b, 0xe7, 0x65, 0x20, 0xde, 0x61, 0x68, 0x69, 0x6e, 0x20, 0xfd, 0xf0, 0xdd,
    ])
    const m = fields(event(latin5))
    expect(m.get('CallerIDName')).toBe('Gökçe Şahin ığİ')
    expect(m.get('ConnectedLineName')).toBe('Ayşe Yılmaz')
  })

  it('keeps UTF-8 names, and a U+FFFD that the PBX really sent, as they are', () => {
    expect(fields(event(Buffer.from('Gökçe Şahin'))).get('CallerIDName')).toBe('Gökçe Şahin')
    expect(fields(event(Buffer.from('Ad \uFFFD'))).get('CallerIDName')).toBe('Ad \uFFFD')
  })
})

describe('fuzz: arbitrary bytes never throw', () => {
  it('random bytes in random chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }),
        fc.boolean(),
        (chunks, greeting) => {
          const framer = new AmiFramer({ expectGreeting: greeting, maxMessageBytes: 256 })
          for (const c of chunks) framer.push(Buffer.from(c))
          framer.finish()
        },
      ),
      { numRuns: 300 },
    )
  })

  it('truncated and corrupted real captures never throw and keep the intact prefix', () => {
    const lab = transcript(LAB)
    const whole = messagesOf(frameAll(lab))
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: lab.length }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (cut, byte, at) => {
          const bytes = Buffer.from(lab.subarray(0, cut))
          if (bytes.length > 0) bytes[at % bytes.length] = byte
          const msgs = messagesOf(frameAll(bytes))
          expect(msgs.length).toBeLessThanOrEqual(whole.length + 1)
          const messagesBeforeCorruption = messagesOf(
            frameAll(lab.subarray(0, at % Math.max(bytes.length, 1))),
          )
          messagesBeforeCorruption.forEach((m, i) => {
            if (i < messagesBeforeCorruption.length - 1) expect(msgs[i]?.fields).toEqual(m.fields)
          })
        },
      ),
      { numRuns: 60 },
    )
  })
})
