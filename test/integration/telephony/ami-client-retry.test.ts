/**
 * How the AMI client comes back, against a fake Asterisk over real TCP: a refused login is tried again
 * slowly and at once on request (an admin fixed manager.conf), and a PBX that accepts the login and
 * drops the connection straight away is retried ever more slowly: the backoff starts over only after
 * a connection stayed up and was resynced.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createAmiClient, type AmiClient } from '../../../telephony/connection/ami-client.ts'
import type { AmiClientOptions, AmiConnectionState } from '../../../telephony/connection/types.ts'
import { FakeAmiServer } from '../../fakes/fake-ami-server.ts'
import { eventually, silentLogger } from './bridge-support.ts'

const servers: FakeAmiServer[] = []
const clients: AmiClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function setup(options: Partial<AmiClientOptions> = {}) {
  const server = await FakeAmiServer.start({ authFailDelayMs: 5 })
  servers.push(server)
  const client = createAmiClient({
    pbxId: 'main',
    host: '127.0.0.1',
    port: server.port,
    username: 'pano',
    secret: 'pano-secret',
    logger: silentLogger(),
    pingIntervalMs: 60_000,
    random: () => 0,
    reconnect: { initialMs: 20, maxMs: 5_000 },
    ...options,
  })
  clients.push(client)
  const states: AmiConnectionState[] = []
  client.on('state', (s) => states.push(s))
  return { server, client, states }
}

/** The delays the client announced ("… retry in N ms"), in order. */
const retryDelays = (states: readonly AmiConnectionState[]) =>
  states.flatMap((s) => {
    const m = /retry in (\d+) ms$/.exec(s.reason)
    return m === null ? [] : [Number(m[1])]
  })

describe('after a refused login', () => {
  it('tries again after authRetryMs, and at once when asked', async () => {
    const { server, client } = await setup({ secret: 'wrong', authRetryMs: 50 })
    client.start()
    await server.waitForAction('Login', 2) // the slow retry came
    await eventually('refused again', () => client.getState().phase === 'down')
    expect(client.getState()).toMatchObject({ phase: 'down', reason: 'auth-failed' })

    // manager.conf fixed: the PBX now accepts the secret Pano has; an admin asks to reconnect.
    server.handle('login', (action, session) => {
      session.send([
        ['Response', 'Success'],
        ['ActionID', action.get('ActionID') ?? ''],
        ['Message', 'Authentication accepted'],
      ])
    })
    expect(client.reconnect('reconnect requested by an admin')).toBe(true)
    await eventually('connected', () => client.getState().phase === 'connected')
  })
})

describe('reconnect backoff', () => {
  it('grows while each connection drops before it was live, and starts over once one held', async () => {
    const { server, client, states } = await setup({ stableMs: 0 })
    // Every login is accepted and the connection dropped at once (a broken PBX or proxy).
    server.handle('login', (action, session) => {
      session.send([
        ['Response', 'Success'],
        ['ActionID', action.get('ActionID') ?? ''],
        ['Message', 'Authentication accepted'],
      ])
      setImmediate(() => session.drop())
    })
    client.start()
    await eventually('four retries', () => retryDelays(states).length >= 4)
    expect(retryDelays(states).slice(0, 4)).toEqual([10, 20, 40, 80])

    // A connection that is resynced (live) and stays up: the next loss starts from the first delay.
    server.handle('login', (action, session) => {
      session.send([
        ['Response', 'Success'],
        ['ActionID', action.get('ActionID') ?? ''],
        ['Message', 'Authentication accepted'],
      ])
    })
    await eventually('connected', () => client.getState().phase === 'connected')
    expect(client.setPhase('live')).toBe(true)
    const before = retryDelays(states).length
    server.dropAll()
    await eventually('next retry', () => retryDelays(states).length > before)
    expect(retryDelays(states).at(-1)).toBe(10)
  })
})
