/** The simulator's AMI wire behaviour over real TCP: banner, login, errors, keepalive, lists. */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { md5Key } from '../../../telephony/ami/action.ts'
import { frameAll } from '../../../telephony/ami/frame.ts'
import type { AmiMessage } from '../../../telephony/ami/message.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/simulator/index.ts'
import { AmiTestClient } from '../../unit/telephony/simulator/support/ami-test-client.ts'

const LAB = (name: string): Buffer =>
  readFileSync(new URL(`../../transcripts/asterisk-22-lab/${name}`, import.meta.url))
const labMessages = (name: string): AmiMessage[] =>
  frameAll(LAB(name)).flatMap((f) => (f.type === 'message' ? [f.message] : []))

let sim: PbxSimulator | undefined
let clients: AmiTestClient[] = []

async function start(
  options: Parameters<typeof createPbxSimulator>[0] = {},
): Promise<{ sim: PbxSimulator; c: AmiTestClient }> {
  sim = await createPbxSimulator({ clock: 'virtual', authFailDelayMs: 20, ...options })
  const c = await AmiTestClient.connect(sim.port)
  clients.push(c)
  return { sim, c }
}

afterEach(async () => {
  for (const c of clients) c.close()
  clients = []
  await sim?.close()
  sim = undefined
})

describe('login and session', () => {
  it('greets like Asterisk 20 when asked and sends FullyBooted and SuccessfulAuth after login', async () => {
    const { c } = await start({ asteriskVersion: 20 })
    const res = await c.login()
    expect(c.greeting).toBe('Asterisk Call Manager/9.0.0')
    expect(res.fields).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'login-1'],
      ['Message', 'Authentication accepted'],
    ])
    const booted = await c.waitFor((m) => m.get('Event') === 'FullyBooted')
    expect(booted.keys).toEqual(['Event', 'Privilege', 'Uptime', 'LastReload', 'Status'])
    const auth = await c.waitFor((m) => m.get('Event') === 'SuccessfulAuth')
    const labAuth = labMessages('02-single-answered.raw').find((m) => m.get('Event') === 'SuccessfulAuth')
    expect(auth.keys).toEqual(labAuth?.keys)
    expect(auth.get('AccountID')).toBe('dashboard')
  })

  it('answers a wrong secret like 06-wrong-secret.raw: Authentication failed, then closes', async () => {
    const { c } = await start()
    c.send([
      ['Action', 'Login'],
      ['ActionID', 'rec-login-1'],
      ['Username', 'dashboard'],
      ['Secret', 'wrong-secret'],
      ['Events', 'on'],
    ])
    await c.waitClosed()
    const lab = labMessages('06-wrong-secret.raw')
    expect(c.messages.map((m) => m.fields)).toEqual(lab.map((m) => m.fields))
    expect(c.greeting).toBe('Asterisk Call Manager/11.0.0')
  })

  it('takes an MD5 login after a Challenge, as Asterisk does, and refuses a wrong key', async () => {
    const { c } = await start()
    const challenge = await c.action(
      [
        ['Action', 'Challenge'],
        ['AuthType', 'MD5'],
      ],
      'ch1',
    )
    expect(challenge.get('Response')).toBe('Success')
    const text = challenge.get('Challenge') ?? ''
    expect(text).toMatch(/^\d+$/)
    const login = await c.action(
      [
        ['Action', 'Login'],
        ['AuthType', 'MD5'],
        ['Username', 'dashboard'],
        ['Key', md5Key(text, 'dashboard-secret')],
      ],
      'md5-login',
    )
    expect([login.get('Response'), login.get('Message')]).toEqual(['Success', 'Authentication accepted'])

    const other = await AmiTestClient.connect(sim?.port ?? 0)
    clients.push(other)
    await other.action(
      [
        ['Action', 'Challenge'],
        ['AuthType', 'MD5'],
      ],
      'ch2',
    )
    other.send([
      ['Action', 'Login'],
      ['ActionID', 'bad-key'],
      ['AuthType', 'MD5'],
      ['Username', 'dashboard'],
      ['Key', md5Key('123', 'dashboard-secret')],
    ])
    await other.waitClosed()
    expect(other.messages.at(-1)?.get('Message')).toBe('Authentication failed')
  })

  it('refuses actions before login and answers Ping, Events, unknown actions and Logoff after it', async () => {
    const { c } = await start()
    expect((await c.action([['Action', 'Ping']], 'p0')).get('Message')).toBe('Permission denied')
    await c.login()
    const pong = await c.action([['Action', 'Ping']], 'p1')
    expect(pong.keys).toEqual(['Response', 'ActionID', 'Ping', 'Timestamp'])
    expect(pong.get('Ping')).toBe('Pong')
    expect(pong.get('Timestamp')).toMatch(/^\d+\.\d{6}$/)
    const bogus = await c.action([['Action', 'FlyToMoon']], 'u1')
    expect([bogus.get('Response'), bogus.get('Message')]).toEqual(['Error', 'Invalid/unknown command'])
    const off = await c.action(
      [
        ['Action', 'Events'],
        ['EventMask', 'off'],
      ],
      'e1',
    )
    expect(off.fields).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'e1'],
      ['Events', 'Off'],
    ])
    const bye = await c.action([['Action', 'Logoff']], 'bye')
    expect(bye.fields).toEqual([
      ['Response', 'Goodbye'],
      ['ActionID', 'bye'],
      ['Message', 'Thanks for all the fish.'],
    ])
    await c.waitClosed()
  })

  it('sends no events to a session logged in with Events: off', async () => {
    const { sim, c } = await start()
    await c.login('dashboard-secret', 'off')
    sim.placeCall({ queue: 'santral', callerNumber: '+905321112233', answer: 1000, talkMs: 2000 })
    await sim.advance(5000)
    await c.action([['Action', 'Ping']], 'p')
    expect(c.events()).toEqual([])
  })
})

describe('list actions', () => {
  it('QueueStatus lists QueueParams, QueueMember and QueueEntry with the lab field sets and a ListItems count', async () => {
    const { sim, c } = await start({ loggedIn: [] })
    await c.login('dashboard-secret', 'off')
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905551234567', callerName: "O'Brien" })
    await sim.advance(3000)
    const from = c.messages.length
    const ack = await c.action([['Action', 'QueueStatus']], 'qs1')
    expect(ack.keys).toEqual(['Response', 'ActionID', 'EventList', 'Message'])
    const done = await c.waitFor((m) => m.get('Event') === 'QueueStatusComplete', from)
    const items = c.messages.slice(from + 1, c.messages.indexOf(done))
    const lab = labMessages('05a-mid-traffic-status-events-off.raw')
    for (const kind of ['QueueParams', 'QueueEntry']) {
      expect(items.find((m) => m.get('Event') === kind)?.keys).toEqual(
        lab.find((m) => m.get('Event') === kind)?.keys,
      )
    }
    const entry = items.find((m) => m.get('Event') === 'QueueEntry')
    expect([
      entry?.get('Position'),
      entry?.get('CallerIDNum'),
      entry?.get('CallerIDName'),
      entry?.get('Wait'),
    ]).toEqual(['1', '+905551234567', "O'Brien", '3'])
    expect(done.keys).toEqual(['Event', 'ActionID', 'EventList', 'ListItems'])
    expect(done.get('ListItems')).toBe(String(items.length))
  })

  it('QueueMember items have the lab fields; QueueSummary, CoreShowChannels, DeviceStateList and ExtensionStateList complete', async () => {
    const { sim, c } = await start()
    await c.login('dashboard-secret', 'off')
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905551234567', answer: false })
    await sim.advance(1000)
    const lab = labMessages('05a-mid-traffic-status-events-off.raw')
    const list = async (action: string, complete: string): Promise<AmiMessage[]> => {
      const from = c.messages.length
      await c.action([['Action', action]], action)
      const end = await c.waitFor((m) => m.get('Event') === complete, from)
      return c.messages.slice(from + 1, c.messages.indexOf(end) + 1)
    }
    const qs = await list('QueueStatus', 'QueueStatusComplete')
    expect(qs.find((m) => m.get('Event') === 'QueueMember')?.keys).toEqual(
      lab.find((m) => m.get('Event') === 'QueueMember')?.keys,
    )
    const summary = await list('QueueSummary', 'QueueSummaryComplete')
    expect(summary[0]?.keys).toEqual(lab.find((m) => m.get('Event') === 'QueueSummary')?.keys)
    expect(summary.map((m) => m.get('Queue'))).toEqual(['cagri-merkezi', 'santral', undefined])
    const channels = await list('CoreShowChannels', 'CoreShowChannelsComplete')
    expect(channels[0]?.keys).toEqual(lab.find((m) => m.get('Event') === 'CoreShowChannel')?.keys)
    expect(channels.filter((m) => m.get('Event') === 'CoreShowChannel')).toHaveLength(4)
    const devices = await list('DeviceStateList', 'DeviceStateListComplete')
    expect(devices.find((m) => m.get('Device') === 'Queue:cagri-merkezi')?.get('State')).toBe('RINGING')
    const exts = await list('ExtensionStateList', 'ExtensionStateListComplete')
    expect(exts[0]?.fields).toEqual([
      ['Event', 'ExtensionStatus'],
      ['ActionID', 'ExtensionStateList'],
      ['Exten', '2001'],
      ['Context', 'departments'],
      ['Hint', 'PJSIP/2001'],
      ['Status', '0'],
      ['StatusText', 'Idle'],
    ])
  })
})

describe('capture replay and escaping', () => {
  it('replays a raw capture to a client after its login, in the recorded chunks', async () => {
    const { sim, c } = await start()
    const timing = LAB('02-single-answered.timing.jsonl').toString('utf8').split('\n')
    sim.replayCapture({ bytes: LAB('02-single-answered.raw'), timing, speed: 1000 })
    await c.login()
    await c.waitFor((m) => m.get('Response') === 'Goodbye')
    const lab = labMessages('02-single-answered.raw').filter((m) => m.kind === 'event')
    const replayed = c.events().filter((m) => m.get('Event') !== 'FullyBooted' || m.get('Uptime') === '1176')
    expect(replayed.slice(-lab.length).map((m) => m.fields)).toEqual(lab.map((m) => m.fields))
  })

  it("escapes CallerIDName in channel snapshots (O'Brien → O\\'Brien) but not in QueueEntry", async () => {
    const { sim, c } = await start()
    await c.login()
    sim.placeCall({ queue: 'santral', callerNumber: '+905551234567', callerName: "O'Brien", answer: false })
    await sim.advance(100)
    const join = await c.waitFor((m) => m.get('Event') === 'QueueCallerJoin')
    expect(join.get('CallerIDName')).toBe("O\\'Brien")
  })
})
