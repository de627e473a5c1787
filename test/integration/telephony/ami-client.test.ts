/**
 * The AMI client's connection against the fake server over real TCP: plain, MD5 and TLS login, a wrong
 * secret, a server that never answers, several PBXs, a socket dropped or stalled mid-list, and the
 * reconnect backoff.
 */
import { describe, expect, it, vi } from 'vitest'
import * as build from '../../../telephony/ami/action.ts'
import { AmiDisconnectedError } from '../../../telephony/ami/errors.ts'
import type { AmiLiveEvent } from '../../../telephony/connection/ami-client.ts'
import { FAKE_AMI_TLS_CERT } from '../../fakes/fake-ami-server.ts'
import { newstate, phase, recordingTimers, SECRET, setup } from './ami-client-harness.ts'

describe('AMI client connection against the fake server (real TCP)', () => {
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
})
