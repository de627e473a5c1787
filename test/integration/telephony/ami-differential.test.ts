import net from 'node:net'
import { createRequire } from 'node:module'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { frameAll } from '../../../telephony/ami/frame.ts'
import type { AmiMessage } from '../../../telephony/ami/message.ts'
import { messagesOf, transcript } from '../../unit/telephony/ami/transcript-bytes.ts'

/**
 * Differential parse: the same bytes through `asterisk-manager` 0.2.0 (the baseline, over TCP as it
 * only reads sockets) and through Pano's framer. Shows where they agree and where the baseline loses
 * or mangles data (docs/ami-libraries.md §2.1).
 */

type BaselineItem = Record<string, string | string[] | Record<string, string>>
interface BaselineManager {
  on(event: 'rawevent', listener: (item: BaselineItem) => void): void
  on(event: 'close' | 'error', listener: () => void): void
  disconnect(): void
}
const Manager = createRequire(import.meta.url)('asterisk-manager') as (
  port: number,
  host: string,
) => BaselineManager

const servers: net.Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

async function baselineParse(bytes: Buffer): Promise<BaselineItem[]> {
  const server = net.createServer((socket) => socket.end(bytes))
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const ami = Manager((server.address() as net.AddressInfo).port, '127.0.0.1')
  const items: BaselineItem[] = []
  ami.on('rawevent', (item) => items.push(item))
  ami.on('error', () => undefined)
  await new Promise<void>((resolve) => ami.on('close', resolve))
  return items
}

const pano = (bytes: Buffer): AmiMessage[] => messagesOf(frameAll(bytes))

/** Fields that occur once and that the baseline does not special-case: both parsers should agree. */
function plainFields(m: AmiMessage): Array<[string, string]> {
  return m.fields.filter(([k]) => m.getAll(k).length === 1 && !/^(chan)?variable$/i.test(k))
}

describe('differential parse: asterisk-manager 0.2.0 vs Pano on the same bytes', () => {
  it('lab capture: same messages; every single-occurrence field agrees; VarSet is mangled by the baseline', async () => {
    const bytes = transcript('asterisk-22-lab/02-single-answered.raw')
    const [theirs, ours] = [await baselineParse(bytes), pano(bytes)]
    expect(theirs).toHaveLength(ours.length)
    let agreed = 0
    ours.forEach((m, i) => {
      const item = theirs[i] as BaselineItem
      for (const [k, v] of plainFields(m)) {
        expect(item[k.toLowerCase()], `${m.get('Event') ?? m.get('Response')} ${k}`).toBe(v)
        agreed++
      }
    })
    expect(agreed).toBeGreaterThan(2000)
    // VarSet has `Variable: NAME` + `Value: …` as two headers; the baseline turns Variable into {NAME: ''}.
    const varsets = ours.map((m, i) => [m, theirs[i]] as const).filter(([m]) => m.get('Event') === 'VarSet')
    expect(varsets).toHaveLength(80)
    for (const [m, item] of varsets) {
      expect(item?.variable).toEqual({ [m.get('Variable') ?? '']: '' })
      expect(item?.value).toBe(m.get('Value'))
    }
  })

  it('repeated ChanVariable: Pano keeps every line in order; the baseline folds them into an object', async () => {
    const bytes = transcript('goami2__basic-call-dial-bridge-hangup__ast13.txt')
    const [theirs, ours] = [await baselineParse(bytes), pano(bytes)]
    expect(theirs).toHaveLength(ours.length)
    const i = ours.findIndex((m) => m.getAll('ChanVariable').length >= 3)
    const lines = ours[i]?.getAll('ChanVariable') ?? []
    expect(lines[0]).toBe('realm=')
    const folded = theirs[i]?.chanvariable as Record<string, string>
    expect(Object.entries(folded).map(([k, v]) => `${k}=${v}`)).toEqual(lines)
    // DestChanVariable is not special-cased by the baseline: repeated lines become an array or stay a string.
    const dest = ours.findIndex((m) => m.getAll('DestChanVariable').length > 1)
    expect(dest).toBeGreaterThanOrEqual(0)
    expect(theirs[dest]?.destchanvariable).toEqual(ours[dest]?.getAll('DestChanVariable'))
  })

  it('Command 14+ output: "Output:" without a space becomes a key with a colon in the baseline', async () => {
    const bytes = Buffer.concat([
      transcript('asterisk-java-issue-185__command-output-headers__ast14plus.txt'),
      Buffer.from('\n\n'),
    ])
    const [theirs, ours] = [await baselineParse(bytes), pano(bytes)]
    expect(ours[0]?.getAll('Output')).toEqual(['key  : /family1/key1', '', 'key  : /family2/key2', ''])
    expect(theirs[0]?.output).toEqual(['key  : /family1/key1', 'key  : /family2/key2'])
    expect(theirs[0]?.['output:']).toEqual(['', ''])
  })

  it('old Follows: Pano parses the headers and keeps the body; the baseline returns one raw string', async () => {
    const bytes = transcript('panoramisk__command-core-show-channels-follows__pre14.txt')
    const [theirs, ours] = [await baselineParse(bytes), pano(bytes)]
    const follows = ours.find((m) => m.get('Response') === 'Follows')
    expect(follows?.get('ActionID')).toBe('generated_id')
    expect(follows?.rawLines).toContain('0 active channels')
    const raw = theirs.find((t) => t.response === 'follows')
    expect(typeof raw?.content).toBe('string')
    expect(raw?.content).toContain('ActionID: generated_id')
  })
})
