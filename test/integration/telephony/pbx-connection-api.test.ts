/**
 * A PBX that goes away, refuses the login or misbehaves, as the people and the monitors see it over
 * HTTP, with Pano connected to a fake Asterisk over real TCP (AMI_* configured as in production).
 */
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import type { AgentView, CallView, QueueCounts } from '../../../server/contract/views.ts'
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

async function startPano(
  options: FakeAmiServerOptions = {},
  beforeConnect: (pbx: FakeAmiServer) => void = () => undefined,
) {
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
  beforeConnect(pbx)
  service = await createTelephonyService({
    config: loadConfig({
      DATABASE_URL: 'postgresql://unused/unused',
      SIMULATOR: 'off',
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(pbx.port),
      AMI_USERNAME: 'pano',
      AMI_SECRET: 'pano-secret',
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

/** `n` well-formed QueueCallerJoin events, each a different caller, as one write. */
function joinFlood(n: number): string {
  const parts: string[] = []
  for (let i = 1; i <= n; i++) {
    const hex = i.toString(16).padStart(8, '0')
    parts.push(
      `Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-${hex}\r\n` +
        `ChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: 0532${String(i).padStart(7, '0')}\r\n` +
        `CallerIDName: <unknown>\r\nContext: from-trunk\r\nExten: 4441575\r\nPriority: 3\r\n` +
        `Uniqueid: 1795668590.${i}\r\nLinkedid: 1795668590.${i}\r\nQueue: cagri-merkezi\r\n` +
        `Position: ${i}\r\nCount: ${i}\r\n\r\n`,
    )
  }
  return parts.join('')
}

describe('a PBX that floods', () => {
  it('100,000 joins during a resync: health answers while they are applied, the state stays capped', async () => {
    const FLOOD = 100_000
    let release = () => undefined as void
    const { bridge } = await startPano({}, (pbx) =>
      pbx.handle('QueueStatus', (action, session) => {
        const id: [string, string] = ['ActionID', action.get('ActionID') ?? '']
        session.send([
          ['Response', 'Success'],
          id,
          ['EventList', 'start'],
          ['Message', 'Queue status will follow'],
        ])
        for (const item of QUEUE) session.send([...item, id])
        session.write(joinFlood(FLOOD))
        release = () =>
          session.send([
            ['Event', 'QueueStatusComplete'],
            id,
            ['EventList', 'Complete'],
            ['ListItems', String(QUEUE.length)],
          ])
      }),
    )
    // Every join has arrived and is held back until the lists are in (FullyBooted too).
    await eventually('flood held', () => bridge.getStatus().backlog >= FLOOD, 60_000)

    // The list completes: the held joins are applied now. Once their application has begun, a health
    // request is answered while they are still being applied (the flood does not block the event loop;
    // applied in one go, nothing, this test included, would run until all were applied).
    release()
    await eventually('applying', () => bridge.getStatus().backlog < FLOOD, 60_000)
    const during = await health()
    expect(during.pbx[0]?.backlog).toBeGreaterThan(0)
    expect(during.pbx[0]?.state).toBe('resyncing')
    expect(bridge.getStatus().phase).toBe('resyncing')

    await eventually('flood applied', () => bridge.getStatus().phase === 'live', 60_000)
    const after = await health()
    // Today's statistics miss the dropped callers: health says so while it matters.
    expect(after.pbx[0]).toMatchObject({ state: 'connected', backlog: 0, degraded: ['entries-dropped'] })
    expect(after.status).toBe('degraded')
    const dropped = after.pbx[0]?.droppedEntries
    expect(bridge.state.queueCalls.size).toBeLessThanOrEqual(5_000)
    expect(bridge.state.channels.size).toBeLessThanOrEqual(20_000)
    expect(dropped?.queueCalls).toBe(FLOOD - bridge.state.queueCalls.size)
    expect(dropped?.channels).toBeGreaterThan(0)
    const metrics = await as('admin', 'get', '/metrics')
    expect(metrics.text).toContain('pano_state_dropped_entries_total{pbx="main"}')
  }, 120_000)
})

/** A live queue-caller event of `uniqueId` (Asterisk's field set, trimmed). */
function callerEvent(event: string, uniqueId: string, extra: Fields = []): Fields {
  return [
    ['Event', event],
    ['Channel', `PJSIP/trunk-${uniqueId}`],
    ['ChannelState', '6'],
    ['CallerIDNum', '05321234567'],
    ['Uniqueid', uniqueId],
    ['Linkedid', uniqueId],
    ['Queue', 'cagri-merkezi'],
    ...extra,
  ]
}

describe('a caller who moves while Pano reads the lists', () => {
  it('leaving with a key during the resync is counted and recorded once, as a key exit', async () => {
    const caller = '1795668600.7'
    const { bridge, pbx } = await startPano({
      lists: {
        // The second QueueStatus (after the reconnect below) no longer lists the caller: they pressed a
        // key and left while it was being sent, and those live events arrive among its items.
        QueueStatus: {
          items: QUEUE,
          between: (index, session) => {
            if (index !== 1 || pbx?.actionsNamed('QueueStatus').length !== 2) return
            session.send(
              callerEvent('QueueCallerLeave', caller, [
                ['Position', '1'],
                ['Count', '0'],
              ]),
            )
            session.send([
              ['Event', 'Newexten'],
              ['Channel', `PJSIP/trunk-${caller}`],
              ['Uniqueid', caller],
              ['Linkedid', caller],
              ['Context', 'ivr-menu'],
              ['Extension', '1'],
              ['Application', 'Goto'],
            ])
          },
        },
        CoreShowChannels: { items: CHANNELS },
        ExtensionStateList: { items: EXTENSIONS },
        DeviceStateList: { items: [] },
      },
    })
    await eventually('live', () => bridge.getStatus().phase === 'live')
    pbx.broadcast(
      callerEvent('QueueCallerJoin', caller, [
        ['Position', '1'],
        ['Count', '1'],
      ]),
    )
    const today = async () => {
      const body = (await as('supervisor', 'get', '/api/v1/queues')).body as {
        queues: Array<{ name: string; waiting: number; windows: { today: QueueCounts } }>
      }
      return body.queues.find((q) => q.name === 'cagri-merkezi')
    }
    await expect.poll(async () => (await today())?.waiting).toBe(1)

    pbx.dropAll()
    await eventually('reconnected', () => pbx.actionsNamed('QueueStatus').length === 2)
    await eventually('live again', () => bridge.getStatus().phase === 'live')
    await expect.poll(async () => (await today())?.windows.today.exitKey).toBe(1)
    expect((await today())?.windows.today).toMatchObject({
      offered: 1,
      exitKey: 1,
      abandoned: 0,
      waitingNow: 0,
    })
    const stored = async () =>
      ((await as('supervisor', 'get', '/api/v1/calls')).body as { items: Array<{ outcome: string }> }).items
    await expect.poll(stored).toEqual([expect.objectContaining({ outcome: 'EXIT_KEY' })])
  })
})

describe('callers who leave while the PBX is not seen', () => {
  it('one answered and one abandoned by its counters: neither is guessed; both are stored UNKNOWN, counted, and called back', async () => {
    const counters = (completed: number, abandoned: number): Fields[] => [
      [...(QUEUE[0] ?? []), ['Completed', String(completed)], ['Abandoned', String(abandoned)]],
      ...QUEUE.slice(1),
    ]
    const { bridge, pbx } = await startPano({
      lists: {
        // After the reconnect below the PBX has completed one call and lost one more than before.
        QueueStatus: {
          get items() {
            return (pbx?.actionsNamed('QueueStatus').length ?? 0) < 2 ? counters(10, 3) : counters(11, 4)
          },
        },
        CoreShowChannels: { items: CHANNELS },
        ExtensionStateList: { items: EXTENSIONS },
        DeviceStateList: { items: [] },
      },
    })
    await eventually('live', () => bridge.getStatus().phase === 'live')
    const callers = ['1795668700.1', '1795668700.2']
    for (const [i, caller] of callers.entries())
      pbx.broadcast(
        callerEvent('QueueCallerJoin', caller, [
          ['Position', String(i + 1)],
          ['Count', String(i + 1)],
        ]),
      )
    const waiting = async () =>
      ((await as('supervisor', 'get', '/api/v1/queues')).body as { queues: Array<{ waiting: number }> })
        .queues[0]?.waiting
    await expect.poll(waiting).toBe(2)
    const figures = async () => {
      const q = ((await as('supervisor', 'get', '/api/v1/queues')).body as { queues: QueueCounts[] })
        .queues[0]
      return { offered: q?.offered, answered: q?.answered, abandoned: q?.abandoned }
    }
    const figuresBefore = await figures()
    expect((await health()).pbx[0]?.droppedEntries).toEqual({ channels: 0, queueCalls: 0, outcomeUnknown: 0 })

    pbx.dropAll()
    await eventually('reconnected', () => pbx.actionsNamed('QueueStatus').length === 2)
    await eventually('live again', () => bridge.getStatus().phase === 'live')
    expect(await waiting()).toBe(0)
    const after = await health()
    expect(after.pbx[0]?.droppedEntries).toEqual({ channels: 0, queueCalls: 0, outcomeUnknown: 2 })
    // Counted, not a fault of the connection: health stays ok.
    expect(after.pbx[0]?.degraded).toEqual([])
    const metrics = await as('admin', 'get', '/metrics')
    expect(metrics.text).toContain('pano_resync_callers_outcome_unknown_total{pbx="main"} 2')
    // Stored once each with what Pano saw, outside the figures: answered or not, nobody can tell.
    const stored = async () =>
      (
        (await as('supervisor', 'get', '/api/v1/calls')).body as {
          items: { linkedId: string; outcome: string; answeredAt: string | null; talkSec: number | null }[]
        }
      ).items.filter((c) => callers.includes(c.linkedId))
    await expect.poll(async () => (await stored()).length).toBe(2)
    for (const c of await stored())
      expect(c).toMatchObject({ outcome: 'UNKNOWN', answeredAt: null, talkSec: null })
    // Offered (the board does not fall back), neither answered nor abandoned: nobody can tell which.
    expect(await figures()).toEqual(figuresBefore)
    // The number goes on the call-back list once, with both calls, saying why.
    const missed = (
      (await as('supervisor', 'get', '/api/v1/worklists/missed-calls')).body as {
        items: { phoneE164: string; callCount: number; reasons: string[] }[]
      }
    ).items.filter((i) => i.phoneE164 === '+905321234567')
    expect(missed).toEqual([expect.objectContaining({ callCount: 2, reasons: ['OUTCOME_UNKNOWN'] })])
  })
})

describe('a PBX that sends garbage', () => {
  it('counts dropped oversize messages and is degraded by a flood of unreadable events', async () => {
    const { bridge, pbx } = await startPano()
    await eventually('live', () => bridge.getStatus().phase === 'live')
    // One message over the 1 MiB cap, then a normal one: the first is dropped and counted, once.
    pbx.replay(Buffer.from(`Event: UserEvent\r\nData: ${'x'.repeat(1_200_000)}\r\n\r\n`, 'latin1'), 64 * 1024)
    pbx.broadcast([
      ['Event', 'Newstate'],
      ['Channel', 'PJSIP/1001-00000001'],
      ['Uniqueid', '1795668590.1'],
      ['Linkedid', '1795668590.1'],
      ['ChannelState', '6'],
    ])
    await bridge.flush()
    const oversize = await health()
    expect(oversize.pbx[0]).toMatchObject({ droppedFrames: 1, degraded: [] })
    expect(oversize.status).toBe('ok')

    for (let i = 0; i < 60; i++)
      pbx.broadcast([
        ['Event', 'Hangup'],
        ['Channel', `PJSIP/x-${i}`],
      ])
    await bridge.flush()
    const flooded = await health()
    expect(flooded.pbx[0]).toMatchObject({
      state: 'connected',
      degraded: ['decode-errors'],
      decodeErrors: 60,
    })
    expect(flooded.status).toBe('degraded')
  })
})
