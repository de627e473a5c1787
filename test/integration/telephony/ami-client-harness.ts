/**
 * The AMI client against the fake AMI server over real TCP: a client per test on a fresh server, stopped
 * after each test (the afterEach below registers in the importing test file), with a logger and timers
 * that record what the client did.
 */
import { afterEach } from 'vitest'
import {
  createAmiClient,
  type AmiClient,
  type AmiClientOptions,
  type AmiConnectionState,
  type AmiLiveEvent,
} from '../../../telephony/connection/ami-client.ts'
import type { Timers } from '../../../telephony/connection/pending-actions.ts'
import { FakeAmiServer, type FakeAmiServerOptions } from '../../fakes/fake-ami-server.ts'
import { recordingLogger } from './bridge-support.ts'

export const SECRET = 'pano-secret'

/** Real timers, recording every delay scheduled and which timers are still armed. */
export function recordingTimers(): Timers & { delays: number[]; armed: Set<unknown> } {
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

export async function setup(
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

export function phase(
  client: AmiClient,
  want: AmiConnectionState['phase'],
  after = 0,
): Promise<AmiConnectionState> {
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

export const newstate = (uniqueid: string) =>
  [
    ['Event', 'Newstate'],
    ['Privilege', 'call,all'],
    ['Channel', 'Local/s@incoming-000000ad;2'],
    ['ChannelState', '6'],
    ['Uniqueid', uniqueid],
  ] as Array<[string, string]>
