/**
 * A PBX that goes away, refuses the login or misbehaves, as the people and the monitors see it over
 * HTTP, with Pano connected to a fake Asterisk over real TCP (AMI_* configured as in production).
 */
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import type { AgentView, CallView } from '../../../server/contract/views.ts'
import type { HealthView } from '../../../server/http/routes/health.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import { FakeAmiServer, type FakeAmiServerOptions } from '../../fakes/fake-ami-server.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { eventually } from './bridge-support.ts'

let h: AuthHarness
let service: TelephonyService | undefined
let pbx: FakeAmiServer | undefined
const sessions = {} as Record<'admin' | 'supervisor', { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    deps: {
      telephony: () => service as TelephonyService,
      getPbxStatus: () => service?.getPbxStatus() ?? [],
    },
  })
  sessions.admin = await h.signIn('admin')
  sessions.supervisor = await h.signIn('supervisor')
}, 60_000)

afterEach(async () => {
  await service?.close()
  service = undefined
  await pbx?.close().catch(() => undefined)
  pbx = undefined
})

afterAll(async () => {
  await h.close()
})

type Fields = Array<[string, string]>
const QUEUE: Fields[] = [
  [
    ['Event', 'QueueParams'],
    ['Queue', 'cagri-merkezi'],
    ['Strategy', 'rrmemory'],
  ],
  [
    ['Event', 'QueueMember'],
    ['Queue', 'cagri-merkezi'],
    ['Name', 'Ayşe Yılmaz'],
    ['Location', 'PJSIP/1001'],
    ['StateInterface', 'PJSIP/1001'],
    ['Status', '1'],
    ['Paused', '0'],
    ['InCall', '0'],
  ],
]
const CHANNELS: Fields[] = [
  [
    ['Event', 'CoreShowChannel'],
    ['Channel', 'PJSIP/1001-00000001'],
    ['ChannelState', '6'],
    ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', '1001'],
    ['Uniqueid', '1795668590.1'],
    ['Linkedid', '1795668590.1'],
    ['Application', 'Playback'],
    ['Duration', '00:00:30'],
  ],
]
const EXTENSIONS: Fields[] = [
  [
    ['Event', 'ExtensionStatus'],
    ['Exten', '1001'],
    ['Context', 'ext-local'],
    ['Hint', 'PJSIP/1001'],
    ['Status', '0'],
  ],
]

async function startPano(options: FakeAmiServerOptions = {}, secret = 'pano-secret') {
  pbx = await FakeAmiServer.start({
    authFailDelayMs: 5,
    lists: {
      QueueStatus: { items: QUEUE },
      CoreShowChannels: { items: CHANNELS },
      ExtensionStateList: { items: EXTENSIONS },
      DeviceStateList: { items: [] },
    },
    ...options,
  })
  service = await createTelephonyService({
    config: loadConfig({
      DATABASE_URL: 'postgresql://unused/unused',
      SIMULATOR: 'off',
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(pbx.port),
      AMI_USERNAME: 'pano',
      AMI_SECRET: secret,
      AMI_AUTH: 'plain',
    }),
    prisma: h.prisma,
    logger: captureLogger().logger,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0, reconnectInitialMs: 20 },
  })
  const bridge = service.pbxs.get('main')?.bridge
  if (bridge === undefined) throw new Error('no bridge')
  return { bridge, pbx }
}

function as(role: 'admin' | 'supervisor', method: 'get' | 'post', path: string) {
  const start = method === 'get' ? request(h.app).get(path) : request(h.app).post(path)
  return start.set('cookie', sessions[role].cookie).set('x-csrf-token', sessions[role].csrfToken)
}
const health = async () => (await as('admin', 'get', '/api/v1/health')).body as HealthView
const agents = async () =>
  ((await as('supervisor', 'get', '/api/v1/agents')).body as { agents: AgentView[] }).agents
const calls = async () =>
  ((await as('supervisor', 'get', '/api/v1/calls?active=1')).body as { calls: CallView[] }).calls

describe('a PBX that goes down', () => {
  it('makes every view of it say stale, and health name the state and since when', async () => {
    const { bridge, pbx } = await startPano()
    await eventually('live', () => bridge.getStatus().phase === 'live')
    expect((await health()).pbx[0]).toMatchObject({ id: 'main', state: 'connected', degraded: [] })
    expect(await agents()).toEqual([expect.objectContaining({ name: 'Ayşe Yılmaz', stale: false })])
    expect(await calls()).toEqual([expect.objectContaining({ stale: false })])
    expect(service?.extensions()).toEqual([expect.objectContaining({ number: '1001', stale: false })])

    const before = Date.now()
    await pbx.close()
    await eventually('down', () => bridge.getStatus().phase !== 'live')

    expect(await agents()).toEqual([expect.objectContaining({ name: 'Ayşe Yılmaz', stale: true })])
    expect(await calls()).toEqual([expect.objectContaining({ stale: true })])
    expect(service?.extensions()).toEqual([expect.objectContaining({ number: '1001', stale: true })])
    const down = await health()
    expect(down.status).toBe('degraded')
    expect(down.pbx[0]).toMatchObject({ id: 'main', state: 'disconnected' })
    expect(down.pbx[0]?.since).toBeGreaterThanOrEqual(before)
    expect(down.pbx[0]?.forSec).toBeGreaterThanOrEqual(0)
    // Retries do not restart the clock: still disconnected since the loss.
    const reconnects = bridge.getStatus().counters.reconnects
    await eventually('a few retries', () => bridge.getStatus().counters.reconnects >= reconnects + 2)
    expect((await health()).pbx[0]).toMatchObject({ state: 'disconnected', since: down.pbx[0]?.since })
  })
})

describe('a refused AMI login', () => {
  it('shows auth_failed, is not hammered, and connects on the admin’s "Yeniden bağlan"', async () => {
    // manager.conf has another secret than Pano's AMI_SECRET.
    const { bridge, pbx } = await startPano({ secret: 'manager-conf-secret' })
    await eventually('refused', () => bridge.getStatus().health.state === 'auth_failed')
    const refused = await health()
    expect(refused.pbx[0]).toMatchObject({ id: 'main', state: 'auth_failed' })
    expect(refused.pbx[0]?.since).toBeTypeOf('number')
    expect(pbx.actionsNamed('Login')).toHaveLength(1)
    // The next try is minutes away, not a tight loop.
    expect(bridge.getStatus().retryAt).toBeGreaterThan(Date.now() + 60_000)

    // manager.conf is fixed to Pano's secret; the admin presses "Yeniden bağlan".
    pbx.handle('login', (action, session) => {
      session.send([
        ['Response', 'Success'],
        ['ActionID', action.get('ActionID') ?? ''],
        ['Message', 'Authentication accepted'],
      ])
    })
    expect((await as('supervisor', 'post', '/api/v1/pbx-setup/main/reconnect')).status).toBe(403)
    expect((await as('admin', 'post', '/api/v1/pbx-setup/yok/reconnect')).status).toBe(404)
    const res = await as('admin', 'post', '/api/v1/pbx-setup/main/reconnect')
    expect([res.status, res.body]).toEqual([202, { pbxId: 'main', reconnecting: true }])
    await eventually('connected', () => bridge.getStatus().phase === 'live')
    expect((await health()).pbx[0]).toMatchObject({ state: 'connected' })
    const audit = await h.prisma.auditLog.findFirst({ where: { action: 'pbx.reconnect' } })
    expect(audit).toMatchObject({ entity: 'Pbx', entityId: 'main' })
  })
})
