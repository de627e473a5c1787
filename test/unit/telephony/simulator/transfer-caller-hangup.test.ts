/**
 * A caller who hangs up while the unit's phone still rings after a transfer, as an AMI client sees it on
 * the simulator's socket: Dial() ends at once (`DialEnd: CANCEL`, the unit's ringing channel hangs up,
 * its light goes out, the caller's channel ends), as Asterisk does, instead of ringing on to the 20 s
 * dial timeout. For a caller sent on by Redirect while it still rang the operators, for one an operator
 * had answered and blind-transferred, and for a single trunk channel.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AmiMessage } from '../../../../telephony/ami/message.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../../telephony/simulator/index.ts'
import { AmiTestClient } from './support/ami-test-client.ts'

let sim: PbxSimulator | undefined
let client: AmiTestClient | undefined

afterEach(async () => {
  client?.close()
  client = undefined
  await sim?.close()
  sim = undefined
})

async function start(callerStyle: 'local' | 'trunk' = 'local') {
  sim = await createPbxSimulator({ clock: 'virtual', noise: 'none', callerStyle })
  client = await AmiTestClient.connect(sim.port)
  await client.login()
  sim.setExtensionBehaviour('2001', 'never-answer')
  return { sim, c: client }
}

/** Each event as `Event Channel [Dest] [DialStatus]`, from message index `from` on. */
function sequence(c: AmiTestClient, from: number, names: readonly string[]): string[] {
  return c.messages
    .slice(from)
    .filter((m: AmiMessage) => m.kind === 'event' && names.includes(m.get('Event') ?? ''))
    .map((m) =>
      [m.get('Event'), m.get('Channel') ?? m.get('Device'), m.get('DestChannel'), m.get('DialStatus')]
        .filter((x) => x !== undefined)
        .join(' ')
        .replace(/-[0-9a-f]{8}(;[12])?/g, '$1'),
    )
}

const ENDING = ['Hangup', 'HangupRequest', 'SoftHangupRequest', 'DialEnd', 'DeviceStateChange']

async function ringingAt2001(sim: PbxSimulator, c: AmiTestClient): Promise<void> {
  await sim.advance(1000)
  await c.waitFor((m) => m.get('Event') === 'DialState' && /^PJSIP\/2001-/.test(m.get('DestChannel') ?? ''))
  expect(sim.channels().some((ch) => ch.startsWith('PJSIP/2001-'))).toBe(true)
}

describe('the caller hangs up while a transfer rings the unit', () => {
  it('after a Redirect of a caller nobody answered: the dial is cancelled at once', async () => {
    const { sim, c } = await start()
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '+905321119001',
      ringMember: 'Local/3001@operators/n',
      answer: false,
    })
    await sim.advance(2000)
    const res = await c.action(
      [
        ['Action', 'Redirect'],
        ['Channel', placed.channel],
        ['Context', 'departments'],
        ['Exten', '2001'],
        ['Priority', '1'],
      ],
      'r1',
    )
    expect(res.get('Message')).toBe('Redirect successful')
    await ringingAt2001(sim, c)

    const from = c.messages.length
    const hangupAt = sim.now()
    expect(sim.hangup(placed.channel)).toBe(true)
    await sim.advance(100)
    await c.waitFor((m) => m.get('Event') === 'Hangup' && m.get('Channel') === placed.channel, from)
    expect(sequence(c, from, ENDING)).toEqual([
      'SoftHangupRequest Local/s@santral-in;1',
      'Hangup Local/s@santral-in;1',
      'HangupRequest Local/s@santral-in;2',
      'DialEnd Local/s@santral-in;2 PJSIP/2001 CANCEL',
      'Hangup PJSIP/2001',
      'DeviceStateChange PJSIP/2001',
      'Hangup Local/s@santral-in;2',
      'DeviceStateChange Local/s@santral-in',
      'DeviceStateChange Local/s@santral-in',
    ])
    // The line's light as it ends up: the "Ringing" of the transfer may be read after `from`.
    const light = c.messages
      .slice(from)
      .filter((m) => m.get('Event') === 'ExtensionStatus' && m.get('Exten') === '2001')
      .at(-1)
    expect(light?.get('StatusText')).toBe('Idle')
    expect(sim.channels()).toEqual([])
    expect(sim.groundTruth().calls.find((x) => x.linkedid === placed.linkedid)).toMatchObject({
      outcome: 'transferred',
      hangupBy: 'caller',
      endedAt: hangupAt,
      transfer: { kind: 'redirect', target: '2001', answered: false },
    })
  })

  it('after a blind transfer of an answered call, and with a trunk caller', async () => {
    const { sim, c } = await start('trunk')
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '+905321119002',
      ringMember: 'Local/3001@operators/n',
      answer: 1000,
      talkMs: 600_000,
    })
    await sim.advance(2000)
    const agent = await c.waitFor((m) => m.get('Event') === 'AgentConnect')
    const res = await c.action(
      [
        ['Action', 'BlindTransfer'],
        ['Channel', agent.get('DestChannel') ?? ''],
        ['Context', 'departments'],
        ['Exten', '2001'],
      ],
      'b1',
    )
    expect(res.get('Message')).toBe('Transfer succeeded')
    await ringingAt2001(sim, c)

    const from = c.messages.length
    sim.hangup(placed.channel)
    await sim.advance(100)
    await c.waitFor((m) => m.get('Event') === 'Hangup' && m.get('Channel') === placed.channel, from)
    expect(sequence(c, from, ['Hangup', 'HangupRequest', 'DialEnd'])).toEqual([
      'HangupRequest PJSIP/trunk',
      'DialEnd PJSIP/trunk PJSIP/2001 CANCEL',
      'Hangup PJSIP/2001',
      'Hangup PJSIP/trunk',
    ])
    expect(sim.channels()).toEqual([])
    expect(sim.groundTruth().calls.find((x) => x.linkedid === placed.linkedid)?.transfer).toMatchObject({
      kind: 'blind',
      target: '2001',
      answered: false,
    })
  })
})
