import { afterEach, describe, expect, it, vi } from 'vitest'
import * as build from '../../../telephony/ami/action.ts'
import {
  AmiActionError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
} from '../../../telephony/ami/errors.ts'
import {
  createAmiClient,
  type AmiClient,
  type AmiClientOptions,
  type AmiConnectionState,
  type AmiLiveEvent,
  type AmiLogger,
} from '../../../telephony/connection/ami-client.ts'
import type { Timers } from '../../../telephony/connection/pending-actions.ts'
import { FAKE_AMI_TLS_CERT, FakeAmiServer, type FakeAmiServerOptions } from '../../fakes/fake-ami-server.ts'
import { readFileSync } from 'node:fs'

const SECRET = 'pano-secret'

function recordingLogger(lines: string[] = []): AmiLogger & { lines: string[] } {
  const write = (level: string) => (obj: object, msg?: string) =>
    void lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`)
  const logger = {
    lines,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    child: () => logger,
  }
  return logger
}

/** Real timers, recording every delay scheduled and which timers are still armed. */
function recordingTimers(): Timers & { delays: number[]; armed: Set<unknown> } {
  const delays: number[] = []
  const armed = new Set<unknown>()
  return {
    delays,
    armed,
    setTimeout(fn, ms) {
      delays.push(ms)
      const h = setTimeout(() => {
        armed.delete(h)
        fn()
      }, ms)
      armed.add(h)
      return h
    },
    clearTimeout(h) {
      armed.delete(h)
      clearTimeout(h as ReturnType<typeof setTimeout>)
    },
  }
}

const servers: FakeAmiServer[] = []
const clients: AmiClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function setup(
  serverOptions: FakeAmiServerOptions = {},
  clientOptions: Partial<AmiClientOptions> = {},
) {
  const server = await FakeAmiServer.start({ authFailDelayMs: 20, ...serverOptions })
  servers.push(server)
  const logger = recordingLogger()
  const client = createAmiClient({
    pbxId: 'lab-22',
    host: '127.0.0.1',
    port: server.port,
    username: 'pano',
    secret: SECRET,
    logger,
    pingIntervalMs: 60_000,
    reconnect: { initialMs: 16, maxMs: 1000 },
    ...clientOptions,
  })
  clients.push(client)
  const events: AmiLiveEvent[] = []
  const states: AmiConnectionState[] = []
  client.on('event', (e) => events.push(e))
  client.on('state', (s) => states.push(s))
  return { server, client, logger, events, states }
}

function phase(client: AmiClient, want: AmiConnectionState['phase'], after = 0): Promise<AmiConnectionState> {
  return new Promise((resolve) => {
    let seen = 0
    const check = (s: AmiConnectionState) => {
      if (s.phase === want && ++seen > after) {
        off()
        resolve(s)
      }
    }
    const off = client.on('state', check)
    if (after === 0 && client.getState().phase === want) {
      off()
      resolve(client.getState())
    }
  })
}

const newstate = (uniqueid: string) =>
  [
    ['Event', 'Newstate'],
    ['Privilege', 'call,all'],
    ['Channel', 'Local/s@incoming-000000ad;2'],
    ['ChannelState', '6'],
    ['Uniqueid', uniqueid],
  ] as Array<[string, string]>

describe('AMI client against the fake server (real TCP)', () => {
  it('logs in, answers Ping, emits live events with receivedAt, never logs the secret', async () => {
    const { server, client, logger, events } = await setup({}, { now: () => 1_795_668_590_000 })
    client.start()
    const connected = await phase(client, 'connected')
    expect(connected.amiVersion).toBe('11.0.0')
    const [login] = server.actionsNamed('Login')
    expect(login?.get('Username')).toBe('pano')
    expect(login?.get('Events')).toBe('on')
    const pong = await client.send(build.ping())
    expect(pong.ok && pong.value.get('Ping')).toBe('Pong')
    server.broadcast(newstate('1795668590.347'))
    await client.send(build.ping())
    expect(events.map((e) => [e.message.get('Event'), e.receivedAt, e.pbxId])).toContainEqual([
      'Newstate',
      1_795_668_590_000,
      'lab-22',
    ])
    expect(client.setPhase('resyncing')).toBe(true)
    expect(client.setPhase('live')).toBe(true)
    expect(client.getState().phase).toBe('live')
    expect(client.getState().lastEventAgeMs).toBe(0)
    await client.stop()
    expect(server.actionsNamed('Logoff')).toHaveLength(1)
    expect(client.getState()).toMatchObject({ phase: 'down', reason: 'stopped' })
    expect(logger.lines.join('\n')).not.toContain(SECRET)
  })

  it('MD5 login: Challenge, then Login with the md5 Key and no Secret on the wire', async () => {
    const { server, client } = await setup({}, { auth: 'md5' })
    client.start()
    await phase(client, 'connected')
    expect(server.actionsNamed('Challenge')).toHaveLength(1)
    const login = server.actionsNamed('Login')[0]
    expect(login?.get('Key')).toBe(build.md5Key('100007919', SECRET))
    expect(server.rawReceived.toString()).not.toContain(SECRET)
  })

  it('TLS: logs in over node:tls, verifying the server certificate', async () => {
    const { server, client } = await setup(
      { tls: true },
      { tls: { ca: FAKE_AMI_TLS_CERT, servername: 'localhost' } },
    )
    client.start()
    await phase(client, 'connected')
    const pong = await client.send(build.ping())
    expect(pong.ok && pong.value.get('Ping')).toBe('Pong')
    expect(server.actionsNamed('Login')).toHaveLength(1)
  })

  it('TLS with an untrusted certificate never logs in', async () => {
    const { server, client } = await setup({ tls: true }, { tls: true })
    const retrying = phase(client, 'connecting', 1) // the second 'connecting': after the first failure
    client.start()
    expect((await retrying).reason).toMatch(/^socket error: .*certificate.*; retry in \d+ ms$/)
    expect(server.actionsNamed('Login')).toHaveLength(0)
  })

  it('login deadline: a server that never answers Login is dropped and retried (not treated as a wrong secret)', async () => {
    const { server, client } = await setup({}, { loginTimeoutMs: 40 })
    server.handle('Login', () => undefined)
    const retrying = phase(client, 'connecting', 1)
    client.start()
    expect((await retrying).reason).toMatch(/^login-timeout; retry in \d+ ms$/)
    await server.waitForAction('Login', 2)
  })

  it('several PBXs: one client each, events tagged with their pbxId', async () => {
    const a = await setup()
    const b = await setup({}, { pbxId: 'santral-2' })
    a.client.start()
    b.client.start()
    await Promise.all([phase(a.client, 'connected'), phase(b.client, 'connected')])
    a.server.broadcast(newstate('1795668590.1'))
    b.server.broadcast(newstate('1795668590.2'))
    await Promise.all([a.client.send(build.ping()), b.client.send(build.ping())])
    const tag = (events: AmiLiveEvent[]) =>
      events
        .filter((e) => e.message.get('Event') === 'Newstate')
        .map((e) => [e.pbxId, e.message.get('Uniqueid')])
    expect(tag(a.events)).toEqual([['lab-22', '1795668590.1']])
    expect(tag(b.events)).toEqual([['santral-2', '1795668590.2']])
  })

  it('wrong secret: reported as auth-failed, phase down, retried only after minutes', async () => {
    const timers = recordingTimers()
    const { server, client, logger } = await setup({}, { secret: 'wrong', timers })
    client.start()
    const down = await phase(client, 'down')
    expect(down.reason).toBe('auth-failed')
    await server.waitForAction('Login')
    expect(server.actionsNamed('Login')).toHaveLength(1)
    // One slow retry is armed (5 minutes), nothing else: no ping, no quick reconnect.
    await vi.waitFor(() => expect(timers.delays).toContain(300_000))
    expect(timers.armed.size).toBe(1)
    expect(timers.delays.at(-1)).toBe(300_000)
    expect(client.getState()).toMatchObject({ phase: 'down', reason: 'auth-failed' })
    expect(client.getState().retryAt).toBeGreaterThan(Date.now() + 290_000)
    expect((await client.send(build.ping())).ok).toBe(false)
    expect(logger.lines.join('\n')).not.toContain('wrong')
  })

  it('gathers a list while live events interleave; live events are not list items', async () => {
    const member = (name: string) =>
      [
        ['Event', 'QueueMember'],
        ['Queue', 'cagri-merkezi'],
        ['Name', name],
      ] as Array<[string, string]>
    const { client, events } = await setup({
      lists: {
        QueueStatus: {
          items: [member('Ayşe Yılmaz'), member('Emre Şahin'), member('Gülşen Doğan')],
          between: (i, s) => i === 1 && s.send(newstate('1795668590.400')),
        },
      },
    })
    client.start()
    await phase(client, 'connected')
    const r = await client.sendList(build.queueStatus())
    if (!r.ok) throw r.error
    expect(r.value.items.map((m) => m.get('Name'))).toEqual(['Ayşe Yılmaz', 'Emre Şahin', 'Gülşen Doğan'])
    expect(r.value.complete.get('ListItems')).toBe('3')
    expect(r.value.response.get('EventList')).toBe('start')
    expect(events.map((e) => e.message.get('Event'))).toContain('Newstate')
    expect(events.map((e) => e.message.get('Event'))).not.toContain('QueueMember')
  })

  it('demultiplexes interleaved lists by ActionID, incl. lower-case EventList and old lists without EventList', async () => {
    const { server, client } = await setup()
    const ids: string[] = []
    server.handle('DeviceStateList', (action, session) => {
      ids.push(action.get('ActionID') ?? '')
      if (ids.length < 2) return
      const [a, b] = ids as [string, string]
      session.send([
        ['Response', 'Success'],
        ['ActionID', a],
        ['EventList', 'start'],
      ])
      session.send([
        ['Response', 'Success'],
        ['ActionID', b],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', b],
        ['Device', 'PJSIP/1002'],
        ['State', 'INUSE'],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', a],
        ['Device', 'PJSIP/1001'],
        ['State', 'NOT_INUSE'],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['Device', 'PJSIP/1003'],
        ['State', 'RINGING'],
      ])
      session.send([
        ['Event', 'DeviceStateListComplete'],
        ['ActionID', b],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', a],
        ['Device', 'PJSIP/1004'],
        ['State', 'UNAVAILABLE'],
      ])
      session.send([
        ['Event', 'DeviceStateListComplete'],
        ['ActionID', a],
        ['EventList', 'COMPLETE'],
        ['ListItems', '2'],
      ])
    })
    const live: string[] = []
    client.on(
      'event',
      (e) => e.message.get('Event') === 'DeviceStateChange' && live.push(e.message.get('Device') ?? ''),
    )
    client.start()
    await phase(client, 'connected')
    const [first, second] = await Promise.all([
      client.sendList(build.deviceStateList()),
      client.sendList(build.deviceStateList()),
    ])
    expect(first.ok && first.value.items.map((m) => m.get('Device'))).toEqual(['PJSIP/1001', 'PJSIP/1004'])
    expect(second.ok && second.value.items.map((m) => m.get('Device'))).toEqual(['PJSIP/1002'])
    expect(live).toEqual(['PJSIP/1003'])
  })

  it('an unanswered action times out; the connection stays up', async () => {
    const { server, client } = await setup()
    server.handle('QueueAdd', () => undefined)
    client.start()
    await phase(client, 'connected')
    const r = await client.send(build.queueAdd({ queue: 'santral', interface: 'Local/3001@operators/n' }), {
      timeoutMs: 30,
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toBeInstanceOf(AmiTimeoutError)
    expect((await client.send(build.ping())).ok).toBe(true)
  })

  it('Response: Error becomes AmiActionError with Asterisk’s message', async () => {
    const { server, client } = await setup()
    server.handle('QueuePause', (a, s) =>
      s.send([
        ['Response', 'Error'],
        ['ActionID', a.get('ActionID') ?? ''],
        ['Message', 'Interface not found'],
      ]),
    )
    client.start()
    await phase(client, 'connected')
    const r = await client.send(build.queuePause({ interface: 'PJSIP/9999', paused: true }))
    expect(!r.ok && r.error instanceof AmiActionError && r.error.amiMessage).toBe('Interface not found')
  })

  it('socket dropped mid-list: the list fails with a disconnect, the client reconnects, nothing is resent', async () => {
    const { server, client } = await setup({
      lists: {
        QueueStatus: {
          items: [
            [
              ['Event', 'QueueParams'],
              ['Queue', 'santral'],
            ],
            [
              ['Event', 'QueueMember'],
              ['Queue', 'santral'],
            ],
          ],
          between: (i, s) => i === 1 && s.id === 1 && s.drop(),
        },
      },
    })
    client.start()
    await phase(client, 'connected')
    const pendingAdd =
      (server.handle('QueueAdd', () => undefined),
      client.send(build.queueAdd({ queue: 'santral', interface: 'PJSIP/3001' })))
    const r = await client.sendList(build.queueStatus())
    expect(!r.ok && r.error).toBeInstanceOf(AmiDisconnectedError)
    const add = await pendingAdd
    expect(!add.ok && add.error).toBeInstanceOf(AmiDisconnectedError)
    await server.waitForAction('Login', 2)
    await phase(client, 'connected')
    expect((await client.send(build.ping())).ok).toBe(true)
    expect(server.actionsNamed('QueueStatus')).toHaveLength(1)
    expect(server.actionsNamed('QueueAdd')).toHaveLength(1)
    expect(client.getState().counters.reconnects).toBe(1)
  })

  it('stalled mid-list: the Ping deadline detects it, drops and reconnects', async () => {
    const { server, client } = await setup(
      {
        lists: {
          QueueStatus: {
            items: [
              [
                ['Event', 'QueueParams'],
                ['Queue', 'santral'],
              ],
              [['Event', 'QueueMember']],
            ],
            between: (i, s) => i === 1 && s.id === 1 && (s.stalled = true),
          },
        },
      },
      { pingIntervalMs: 20, pingTimeoutMs: 40 },
    )
    client.start()
    await phase(client, 'connected')
    const r = await client.sendList(build.queueStatus())
    expect(!r.ok && r.error instanceof AmiDisconnectedError && r.error.reason).toBe('ping-timeout')
    await server.waitForAction('Login', 2)
    await phase(client, 'connected')
    expect(client.getState().counters.reconnects).toBe(1)
    expect(server.actionsNamed('QueueStatus')).toHaveLength(1)
  })

  it('reconnects with capped exponential backoff (jitter injected), reset once a connection held', async () => {
    const timers = recordingTimers()
    const { server, client } = await setup(
      {},
      { timers, random: () => 0, reconnect: { initialMs: 16, maxMs: 64 }, stableMs: 0 },
    )
    server.handle('Login', (a, s) => {
      if (s.id <= 4) return s.drop()
      s.send([
        ['Response', 'Success'],
        ['ActionID', a.get('ActionID') ?? ''],
        ['Message', 'Authentication accepted'],
      ])
    })
    client.start()
    await server.waitForAction('Login', 5)
    await phase(client, 'connected')
    // random() = 0 → half the step: 16, 32, 64, 64(capped) → 8, 16, 32, 32.
    expect(timers.delays.filter((d) => d < 100)).toEqual([8, 16, 32, 32])
    expect(client.getState().counters.reconnects).toBe(4)
    client.setPhase('live') // resynced: the bridge says so
    server.dropAll()
    await server.waitForAction('Login', 6)
    expect(timers.delays.filter((d) => d < 100).at(-1)).toBe(8)
  })

  it('Originate resolves with its OriginateResponse, correlated by ActionID', async () => {
    const { server, client, events } = await setup({ originate: { response: 'Failure', reason: 5 } })
    client.start()
    await phase(client, 'connected')
    const r = await client.originate({
      channel: 'Local/1001@click2call',
      context: 'click2call-dest',
      exten: '905321234567',
    })
    if (!r.ok) throw r.error
    expect(r.value).toMatchObject({ success: false, reason: 5, uniqueid: '1795668600.1' })
    expect(r.value.ack.get('Message')).toBe('Originate successfully queued')
    const sent = server.actionsNamed('Originate')[0]
    expect(sent?.get('Async')).toBe('true')
    expect(events.map((e) => e.message.get('Event'))).toEqual(['FullyBooted', 'Newchannel'])
  })

  it('injection attempts are refused before any byte is written', async () => {
    const { server, client } = await setup()
    client.start()
    await phase(client, 'connected')
    const before = server.rawReceived.length
    const attempts = await Promise.all([
      client.originate({
        channel: 'Local/1001@click2call',
        context: 'click2call-dest',
        exten: '2001\r\nAction: Hangup',
      }),
      client.send(build.hangup('/.*/')),
      client.send({
        name: 'QueuePause',
        fields: [
          ['Interface', 'PJSIP/1001'],
          ['Paused', 'true'],
          ['Reason', 'a\u0000b'],
        ],
      }),
      client.send({
        name: 'QueuePause',
        fields: [
          ['Interface', 'PJSIP/1001\r\n\r\nAction: Hangup\r\nChannel: /.*/'],
          ['Paused', 'true'],
        ],
      }),
      client.send({ name: 'Login', fields: [['Username', 'x']] }),
    ])
    for (const a of attempts) expect(!a.ok && a.error).toBeInstanceOf(AmiEncodeError)
    await client.send(build.ping())
    const after = server.rawReceived.subarray(before).toString()
    expect(after).toMatch(/^Action: Ping\r\nActionID: [^\r\n]+\r\n\r\n$/)
  })

  it('an action while not connected is refused at once and never sent later', async () => {
    const { server, client } = await setup()
    const r = await client.send(build.queueStatus())
    expect(!r.ok && r.error).toBeInstanceOf(AmiDisconnectedError)
    client.start()
    await phase(client, 'connected')
    await client.send(build.ping())
    expect(server.actionsNamed('QueueStatus')).toHaveLength(0)
  })

  it('replayed lab bytes arrive as the capture’s live events, whatever the chunking', async () => {
    const { server, client, events } = await setup()
    client.start()
    await phase(client, 'connected')
    const lab = readFileSync(
      new URL('../../transcripts/asterisk-22-lab/02-single-answered.raw', import.meta.url),
    )
    // Skip the capture's greeting and login response (the fake already sent its own).
    server.replay(lab.subarray(lab.indexOf('Event: FullyBooted')), 7)
    await client.send(build.ping())
    const names = events.map((e) => e.message.get('Event'))
    expect(names.filter((n) => n === 'VarSet')).toHaveLength(80)
    expect(events.find((e) => e.message.get('Event') === 'AgentCalled')?.message.get('MemberName')).toBe(
      'Emre Şahin',
    )
  })
})
