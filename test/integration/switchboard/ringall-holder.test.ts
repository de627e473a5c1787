/**
 * A santral call that rings both operators at once (the santral queue rings all), through the real app
 * connected over TCP to a fake Asterisk that sends the events Asterisk sends: while it rings it is
 * nobody's, so the second operator's console gets it as theirs to take (no holder, both phones named as
 * ringing) and may move it on; once the second operator answers (AgentConnect), it is theirs on every
 * console, and the first operator may no longer move it.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardCallView,
  type SwitchboardSnapshot,
} from '../../../server/contract/switchboard.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { DEMO_PBX_ID } from '../../../telephony/index.ts'
import { FakeAmiServer } from '../../fakes/fake-ami-server.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'

type Fields = Array<readonly [string, string]>

const CALLER = {
  channel: 'PJSIP/trunk-00000011',
  uniqueId: '1795669000.11',
  context: 'santral-in',
  exten: 's',
}
const LINKED = CALLER.uniqueId
const CALL_KEY = `${DEMO_PBX_ID}/${LINKED}`
const NUMBER = '05321234567'

interface Leg {
  channel: string
  uniqueId: string
  context: string
  exten: string
}
const line = (ext: '3001' | '3002', n: number, side: 1 | 2): Leg => ({
  channel: `Local/${ext}@operators-0000000${n};${side}`,
  uniqueId: `1795669000.${n * 10 + side}`,
  context: 'operators',
  exten: ext,
})
const ONE = line('3001', 2, 1)
const TWO = line('3002', 3, 1)

/** A channel snapshot as Asterisk writes it (`Dest` prefix for the other side of an agent event). */
function snapshot(leg: Leg, state: 'Ring' | 'Ringing' | 'Up', prefix = ''): Fields {
  const code = { Ring: '4', Ringing: '5', Up: '6' }[state]
  return [
    [`${prefix}Channel`, leg.channel],
    [`${prefix}ChannelState`, code],
    [`${prefix}ChannelStateDesc`, state],
    [`${prefix}CallerIDNum`, NUMBER],
    [`${prefix}CallerIDName`, '<unknown>'],
    [`${prefix}ConnectedLineNum`, NUMBER],
    [`${prefix}ConnectedLineName`, '<unknown>'],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, leg.context],
    [`${prefix}Exten`, leg.exten],
    [`${prefix}Priority`, '1'],
    [`${prefix}Uniqueid`, leg.uniqueId],
    [`${prefix}Linkedid`, LINKED],
  ]
}
const event = (name: string, privilege: string, ...parts: Fields[]): Fields => [
  ['Event', name],
  ['Privilege', `${privilege},all`],
  ...parts.flat(),
]
const member = (ext: '3001' | '3002', name: string): Fields => [
  ['Queue', 'santral'],
  ['Interface', `Local/${ext}@operators/n`],
  ['MemberName', name],
]
const FATMA = 'Operatör Fatma Kaya'
const ALI = 'Operatör Ali Demir'

/** What the PBX reports at connect: the santral queue with both operators free, nothing else. */
const QUEUE_STATUS: Fields[] = [
  [
    ['Event', 'QueueParams'],
    ['Queue', 'santral'],
    ['Strategy', 'ringall'],
    ['Calls', '0'],
  ],
  ...(
    [
      ['3001', FATMA],
      ['3002', ALI],
    ] as const
  ).map(([ext, name]): Fields => [
    ['Event', 'QueueMember'],
    ['Queue', 'santral'],
    ['Name', name],
    ['Location', `Local/${ext}@operators/n`],
    ['StateInterface', `PJSIP/${ext}`],
    ['Membership', 'static'],
    ['Status', '1'],
    ['Paused', '0'],
    ['InCall', '0'],
  ]),
]

let db: TestDatabase
let pbx: FakeAmiServer
let pano: RunningPano
const sockets: TestSocket[] = []
const users = {} as Record<
  'santral1' | 'santral2',
  { id: number; socket: Socket; cookie: string; csrfToken: string }
>

beforeAll(async () => {
  db = await createTestDatabase()
  pbx = await FakeAmiServer.start({
    authFailDelayMs: 5,
    lists: {
      QueueStatus: { items: QUEUE_STATUS },
      CoreShowChannels: { items: [] },
      ExtensionStateList: { items: [] },
      DeviceStateList: { items: [] },
    },
  })
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
    AMI_PBXS: JSON.stringify([
      {
        id: DEMO_PBX_ID,
        host: '127.0.0.1',
        port: pbx.port,
        username: 'pano',
        secret: 'pano-secret',
        auth: 'plain',
      },
    ]),
  })
  pano = await startPano(config, {
    database: { prisma: db.prisma, kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
    seedDemo: true,
    clientDir: null,
    print: () => {},
  })
  await until(
    () => pano.switchboard?.snapshot().stale,
    (stale) => stale === false,
    'the PBX followed live',
    15_000,
  )
  for (const username of ['santral1', 'santral2'] as const) {
    const res = await fetch(`${pano.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    })
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('pano_session='))
      ?.split(';')[0]
    if (cookie === undefined) throw new Error(`sign-in as ${username}: ${res.status}`)
    const me = await fetch(`${pano.url}/api/v1/auth/me`, { headers: { cookie } })
    const { id, csrfToken } = (await me.json()) as { id: number; csrfToken: string }
    users[username] = { id, cookie, csrfToken, socket: await openTestSocket(pano.url, { cookie }, sockets) }
  }
})

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await pano?.close()
  await pbx?.close()
  await db?.drop()
})

/** What an operator's console is sent when it opens (or syncs): the call, as they would see it. */
async function consoleCall(username: 'santral1' | 'santral2'): Promise<SwitchboardCallView | undefined> {
  const ack = await new Promise<{ ok: boolean; data?: SwitchboardSnapshot }>((resolve) =>
    users[username].socket.emit(SWITCHBOARD_EVENTS.sync, resolve),
  )
  if (!ack.ok || ack.data === undefined) throw new Error(`${username}'s console refused`)
  return ack.data.calls.find((c) => c.key === CALL_KEY)
}

/** Syncs `username`'s console until the call is there as `ready` wants it. */
async function consoleOf(
  username: 'santral1' | 'santral2',
  ready: (c: SwitchboardCallView) => boolean,
): Promise<SwitchboardCallView> {
  for (const deadline = Date.now() + 10_000; ;) {
    const c = await consoleCall(username)
    if (c !== undefined && ready(c)) return c
    if (Date.now() > deadline) throw new Error(`${username}'s console never showed the call as expected`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('a santral call ringing both operators', () => {
  it('is nobody’s while it rings, and the second operator’s once they answer', async () => {
    pbx.broadcast(event('Newchannel', 'call', snapshot(CALLER, 'Up')))
    pbx.broadcast(
      event('QueueCallerJoin', 'agent', snapshot(CALLER, 'Up'), [
        ['Queue', 'santral'],
        ['Position', '1'],
        ['Count', '1'],
      ]),
    )
    for (const [leg, ext, name] of [
      [ONE, '3001', FATMA],
      [TWO, '3002', ALI],
    ] as const) {
      const other = { ...leg, channel: leg.channel.replace(';1', ';2'), uniqueId: `${leg.uniqueId}0` }
      pbx.broadcast(event('Newchannel', 'call', snapshot(leg, 'Ring')))
      pbx.broadcast(event('Newchannel', 'call', snapshot(other, 'Ring')))
      pbx.broadcast(
        event(
          'AgentCalled',
          'agent',
          snapshot(CALLER, 'Up'),
          snapshot(leg, 'Ring', 'Dest'),
          member(ext, name),
        ),
      )
    }

    // santral2's console: the call rings, nobody has it, it rings at both operators, and can be moved on.
    const ringing = await consoleOf('santral2', (c) => c.state === 'ringing' && c.ringingAt.length === 2)
    expect(ringing).toMatchObject({
      holder: null,
      holderUserId: null,
      transferable: true,
      ringingAt: [
        { userId: users.santral1.id, name: FATMA },
        { userId: users.santral2.id, name: ALI },
      ],
    })
    expect(await consoleCall('santral1')).toMatchObject({ holder: null, holderUserId: null })

    // santral2 answers: Asterisk stops ringing santral1 and connects the caller with santral2's line.
    pbx.broadcast([
      ...event('Hangup', 'call', snapshot(ONE, 'Ringing')),
      ['Cause', '26'],
      ['Cause-txt', 'Answered elsewhere'],
    ])
    pbx.broadcast(
      event('QueueCallerLeave', 'agent', snapshot(CALLER, 'Up'), [
        ['Queue', 'santral'],
        ['Position', '1'],
        ['Count', '0'],
      ]),
    )
    pbx.broadcast(
      event(
        'AgentConnect',
        'agent',
        snapshot(CALLER, 'Up'),
        snapshot(TWO, 'Up', 'Dest'),
        member('3002', ALI),
        [
          ['HoldTime', '4'],
          ['RingTime', '4'],
        ],
      ),
    )
    const bridge: Fields = [
      ['BridgeUniqueid', 'b6a1f7c2-0000-4000-8000-000000000011'],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', '0'],
    ]
    pbx.broadcast(event('BridgeCreate', 'call', bridge))
    pbx.broadcast(event('BridgeEnter', 'call', bridge, snapshot(TWO, 'Up')))
    pbx.broadcast(event('BridgeEnter', 'call', bridge, snapshot(CALLER, 'Up')))

    const answered = await consoleOf('santral2', (c) => c.state === 'talking')
    expect(answered).toMatchObject({ holder: ALI, holderUserId: users.santral2.id, ringingAt: [] })
    expect(await consoleCall('santral1')).toMatchObject({ holder: ALI, holderUserId: users.santral2.id })

    // Now it is santral2's: santral1 is refused moving it, before anything reaches the PBX.
    const zabita = await db.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    const refused = await fetch(`${pano.url}/api/v1/switchboard/transfers`, {
      method: 'POST',
      headers: {
        cookie: users.santral1.cookie,
        'x-csrf-token': users.santral1.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ call: CALL_KEY, extensionId: zabita.id, kind: 'blind' }),
    })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_your_call')
    expect(pbx.actionsNamed('Redirect')).toEqual([])
    expect(pbx.actionsNamed('BlindTransfer')).toEqual([])
  })
})
