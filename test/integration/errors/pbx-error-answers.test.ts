/**
 * One error path from the PBX to the person (docs/errors.md), through the whole app over HTTP and
 * socket.io against the PBX simulator over real TCP: the santral operator's transfer refused by the PBX
 * reads Asterisk's own words and leaves the call with the operator; the müdür's pause of an agent that
 * the PBX never answers reads "timed out, outcome unknown"; an agent's own pause reads the refusal, then
 * "cannot reach the PBX" while Asterisk is down. Each carries its kind, and the log keeps a warning
 * without a stack. Socket refusals carry the same kinds.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import type { ApiError } from '../../../server/contract/errors.ts'
import type { DirectoryView, SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { createPbxSimulator, DEMO_PBX_ID, type PbxSimulator } from '../../../telephony/index.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { followSimulator } from '../../support/simulator-telephony.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { signIn, type StaffClient } from '../units/unit-harness.ts'

let db: TestDatabase
let sim: PbxSimulator
let pano: RunningPano
let dataDir: string
const log = captureLogger('debug')
const sockets: Socket[] = []

beforeAll(async () => {
  db = await createTestDatabase()
  dataDir = await mkdtemp(join(tmpdir(), 'pano-pbx-errors-'))
  sim = await createPbxSimulator({ clock: 'real', speed: 4, seed: 7, noise: 'none' })
  pano = await startPano(
    loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      SIMULATOR: 'off',
      MESSAGING_DEMO_SINKS: 'off',
      UNIT_ALERTS_CHECK_SEC: '0',
      // A PBX that does not answer is given one second, not the production ten.
      AMI_ACTION_TIMEOUT_MS: '1000',
    }),
    {
      logger: log.logger,
      seedDemo: true,
      clientDir: null,
      print: () => undefined,
      startTelephony: followSimulator(sim),
    },
  )
}, 60_000)

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await pano?.close()
  await sim?.close()
  await db?.drop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

/** Polls an async read until it satisfies `done`. */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

type ErrorBody = { error: ApiError & { details?: Record<string, unknown> } }

function upstreamWarnings(code: string) {
  return log.lines().filter((l) => l['msg'] === 'request failed upstream' && l['code'] === code)
}

describe('a PBX refusal on the santral console', () => {
  it('answers 502 pbx_refused with Asterisk’s words, and the call stays with the operator', async () => {
    const operator = await signIn(pano.url, 'santral1')
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05321112233',
      ringMember: 'Local/3001@operators/n',
      answer: 1000,
      talkMs: 600_000,
    })
    const callKey = `${DEMO_PBX_ID}/${placed.linkedid}`
    const talking = async () =>
      (await operator.get<SwitchboardSnapshot>('/switchboard')).body.calls.find(
        (c) => c.callId === placed.linkedid && c.state === 'talking',
      )
    await until(talking, (c) => c !== undefined, 'the operator talking to the caller', 30_000)
    const directory = (await operator.get<DirectoryView>('/directory')).body
    const zabitaUnit = directory.units.find((u) => u.code === 'zabita')
    const zabita = directory.entries.find((e) => e.unitId === zabitaUnit?.id)
    if (zabita === undefined) throw new Error('no Zabıta extension in the demo directory')

    sim.setActionFault('BlindTransfer', { refuse: 'No such channel' })
    sim.setActionFault('Redirect', { refuse: 'No such channel' })
    const res = await operator.send<ErrorBody>('POST', '/switchboard/transfers', {
      call: callKey,
      extensionId: zabita.id,
      kind: 'blind',
    })
    sim.setActionFault('BlindTransfer', null)
    sim.setActionFault('Redirect', null)

    expect(res.status).toBe(502)
    expect(res.body.error).toMatchObject({ code: 'pbx_refused', kind: 'pbx_refused' })
    expect(res.body.error.message).toBe('Aktarım yapılamadı: santral reddetti: “No such channel”.')
    expect(res.body.error.details?.['pbxMessage']).toBe('No such channel')
    expect(await talking()).toBeDefined()
    const [warning] = upstreamWarnings('pbx_refused')
    expect(warning).toMatchObject({ level: 40, status: 502, path: '/api/v1/switchboard/transfers' })
    expect(warning).not.toHaveProperty('err')
  }, 60_000)
})

describe('a PBX that does not answer', () => {
  it('answers the müdür’s pause with 504 pbx_timeout: the outcome is unknown', async () => {
    const mudur = await signIn(pano.url, 'mudur')
    sim.setActionFault('QueuePause', 'no-answer')
    const res = await mudur.send<ErrorBody>('POST', '/agents/pause', {
      interface: 'Local/1002@agents/n',
      paused: true,
      reason: 'Toplantı',
    })
    sim.setActionFault('QueuePause', null)
    expect(res.body).toMatchObject({ error: { kind: 'pbx_timeout' } })
    expect(res.status).toBe(504)
    expect(res.body.error).toMatchObject({ code: 'pbx_timeout', kind: 'pbx_timeout' })
    expect(res.body.error.message).toMatch(/^Mola verilemedi: santral zamanında yanıt vermedi; .*bilinmiyor/)
    expect(upstreamWarnings('pbx_timeout')).toHaveLength(1)
  }, 30_000)
})

describe('an agent’s own pause', () => {
  let agent: StaffClient

  it('reads the PBX’s refusal in its own words', async () => {
    agent = await signIn(pano.url, 'agent1')
    sim.setActionFault('QueuePause', { refuse: 'Interface not found' })
    const res = await agent.send<ErrorBody>('POST', '/desk/pause', { reason: 'Mola' })
    sim.setActionFault('QueuePause', null)
    expect(res.status).toBe(502)
    expect(res.body.error.kind).toBe('pbx_refused')
    expect(res.body.error.message).toBe('Mola verilemedi: santral reddetti: “Interface not found”.')
  })

  it('reads “cannot reach the PBX” (503 pbx_unreachable) while Asterisk is down, not a refusal', async () => {
    await sim.stopPbx()
    try {
      const res = await until(
        () => agent.send<ErrorBody>('POST', '/desk/pause', { reason: 'Mola' }),
        (r) => r.status !== 200 && r.status !== 502,
        'the desk noticing the PBX is gone',
      )
      expect(res.status).toBe(503)
      expect(res.body.error).toMatchObject({ code: 'pbx_unreachable', kind: 'pbx_unreachable' })
      expect(res.body.error.message).toMatch(
        /^Mola verilemedi: santrale ulaşılamıyor \(bağlantı yok\); işlem yapılmadı/,
      )
    } finally {
      await sim.startPbx()
    }
  }, 30_000)
})

describe('socket refusals speak the same model', () => {
  async function socketOf(client: StaffClient): Promise<Socket> {
    const socket = connect(pano.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookie, origin: pano.url },
      reconnection: false,
    })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    return socket
  }

  it('refuses an agent’s switchboard sync as not_allowed and a malformed view request as invalid_input', async () => {
    const socket = await socketOf(await signIn(pano.url, 'agent2'))
    const sync = (await socket.timeout(5000).emitWithAck('switchboard:sync')) as {
      ok: boolean
      error?: ApiError
    }
    expect(sync).toEqual({
      ok: false,
      error: { code: 'forbidden', kind: 'not_allowed', message: 'Santral ekranını görme yetkiniz yok.' },
    })
    const view = (await socket.timeout(5000).emitWithAck('view:subscribe', { view: 'nope' })) as {
      ok: boolean
      error?: ApiError
    }
    expect(view.error).toMatchObject({ code: 'invalid_request', kind: 'invalid_input' })
  })
})
