/**
 * Listen / whisper / barge over the whole app (real PostgreSQL, the PBX simulator over AMI/TCP): the
 * müdür's request becomes one Originate to the müdür's own extension running ChanSpy on the agent's
 * channel, with q, qw or qB and E as the simulator received them on the wire; the spy ends with the
 * call; every use is audited (start with who, whose call and mode; end with how long); the agent's desk
 * is told while the directorate announces it; every other role is refused before anything reaches
 * the PBX. Started from a live call (Panolar › Canlı çağrılar), the request names the call as the
 * `calls` view showed it: listened to while the agent is still on it, refused with 409 once the agent
 * is on another call, before any audit row or Originate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveViewData } from '../../../server/contract/events.ts'
import type { DeskListened, SpySessionView } from '../../../server/contract/supervision.ts'
import type { CallView } from '../../../server/contract/views.ts'
import { startLivePano, type LivePano, type TestSocket } from '../realtime/live-harness.ts'

let live: LivePano
const sessions = new Map<string, { cookie: string; csrfToken: string }>()
const AGENT = { username: 'agent4', interface: 'Local/1004@agents/n', member: 'Emre Şahin' }

async function signIn(username: string) {
  const cookie = await live.cookieFor(username)
  const me = (await (await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
  }
  sessions.set(username, { cookie, csrfToken: me.csrfToken })
}

async function api(username: string, method: string, path: string, body?: unknown) {
  const s = sessions.get(username)
  if (s === undefined) throw new Error(`${username} not signed in`)
  const res = await fetch(`${live.pano.url}/api/v1${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) }
}

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const v = await read()
    if (ok(v)) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const sessionOf = (row: { detail: unknown }) => (row.detail as { session?: string } | null)?.session

/**
 * The spy audit rows once the session's end row is there: the list shows a session as ended from memory
 * while the end row is being written (server/services/supervision/spy-service.ts), so a read straight
 * after "ended" may come before the row.
 */
async function spyAuditRows(where: { entityId?: string }, sessionId: string) {
  return eventually(
    () =>
      live.pano.prisma.auditLog.findMany({
        where: { action: { startsWith: 'supervision.spy' }, ...where },
        orderBy: { id: 'asc' },
      }),
    (rows) => rows.some((r) => r.action === 'supervision.spy-end' && sessionOf(r) === sessionId),
    'the end of the spy audited',
  )
}

/** A caller the agent has answered; resolves with the caller's channel and the agent's channel. */
async function answeredCall(number: string) {
  const placed = live.sim.placeCall({
    queue: 'cagri-merkezi',
    callerNumber: number,
    ringMember: AGENT.member,
    answer: 300,
    talkMs: 120_000,
  })
  await eventually(
    () => live.telephony.agents().find((a) => a.interface === AGENT.interface)?.state,
    (s) => s === 'on-call',
    'the agent on the call',
  )
  const agentChannel = live.sim.channels().find((c) => /^Local\/1004@agents-[0-9a-f]+;1$/.test(c))
  if (agentChannel === undefined) throw new Error('no agent channel')
  return { caller: placed.channel, agentChannel }
}

/** The agent's call being talked, as the müdür's `calls` view (the live calls tab) shows it. */
async function shownCall(): Promise<CallView> {
  const socket = await live.socket({ cookie: sessions.get('mudur')?.cookie ?? '' })
  try {
    const shown = await eventually(
      async () => {
        const answer = await socket.emitWithAck('view:subscribe', { view: 'calls' })
        if (!answer.ok) throw new Error(answer.error.message)
        return (answer.data.data as LiveViewData['calls']).calls.find(
          (c) => c.agentInterface === AGENT.interface && c.phase === 'talking',
        )
      },
      (c) => c !== undefined,
      'the call in the live calls view',
    )
    if (shown === undefined) throw new Error('no call shown')
    return shown
  } finally {
    socket.disconnect()
  }
}

/** What reached the PBX and the audit log so far, to show a refusal added nothing. */
async function sentSoFar() {
  const truth = live.sim.groundTruth()
  return {
    originates: truth.originates.length,
    spies: truth.spies.length,
    audits: await live.pano.prisma.auditLog.count({ where: { action: { startsWith: 'supervision.spy' } } }),
  }
}

/** The desk events are typed on the client's socket, not on the realtime views' test socket. */
function listen(socket: TestSocket, into: DeskListened[]): void {
  ;(socket.on as (event: string, listener: (l: DeskListened) => void) => unknown)('desk:listened', (l) =>
    into.push(l),
  )
}

async function mySessions(): Promise<SpySessionView[]> {
  return ((await api('mudur', 'GET', '/supervision/spy')).body as { items: SpySessionView[] }).items
}

beforeAll(async () => {
  live = await startLivePano()
  for (const u of ['mudur', 'admin', 'agent4', 'santral1', 'fen']) await signIn(u)
}, 60_000)
afterAll(async () => {
  await live?.close()
})

describe('listen, whisper and barge', () => {
  const modes = [
    ['listen', 'qE'],
    ['whisper', 'qwE'],
    ['barge', 'qBE'],
  ] as const

  it.each(modes)(
    '%s: an Originate to the müdür’s phone runs ChanSpy(<agent channel>,%s) and ends with the call',
    async (mode, options) => {
      const agentSocket = await live.socket({ cookie: sessions.get('agent4')?.cookie ?? '' })
      const told: DeskListened[] = []
      listen(agentSocket, told)
      const { caller, agentChannel } = await answeredCall(`+90532111${mode.length}233`)
      const spiesBefore = live.sim.groundTruth().spies.length

      const started = await api('mudur', 'POST', '/supervision/spy', { interface: AGENT.interface, mode })
      expect(started.status).toBe(202)
      const session = started.body as SpySessionView
      expect(session).toMatchObject({
        mode,
        state: 'calling',
        agentName: AGENT.member,
        queue: 'cagri-merkezi',
      })

      const spy = await eventually(
        () => live.sim.groundTruth().spies[spiesBefore],
        (s) => s !== undefined,
        'the ChanSpy originate',
      )
      // What the simulator read off the AMI socket.
      expect(spy?.data).toBe(`${agentChannel},${options}`)
      expect(spy?.spiedChannel).toBe(agentChannel)
      const originate = live.sim.groundTruth().originates.find((o) => o.channel === 'Local/1009@agents')
      expect(originate?.agentLeg).toBe('answered')
      await eventually(mySessions, (l) => l.find((s) => s.id === session.id)?.state === 'active', 'active')
      await eventually(
        () => told,
        (t) => t.some((l) => l.active && l.mode === mode),
        'the agent told',
      )

      expect(live.sim.hangup(caller)).toBe(true)
      const ended = await eventually(
        mySessions,
        (l) => l.find((s) => s.id === session.id)?.state === 'ended',
        'the spy ended',
      )
      expect(live.sim.groundTruth().spies[spiesBefore]?.endedBy).toBe('spied-hangup')
      expect(ended.find((s) => s.id === session.id)?.durationSec).toBeGreaterThanOrEqual(0)
      await eventually(
        () => told,
        (t) => t.at(-1)?.active === false,
        'the agent told it is over',
      )

      const own = (await spyAuditRows({}, session.id)).filter((r) => sessionOf(r) === session.id)
      const mudur = await live.pano.prisma.user.findUniqueOrThrow({ where: { username: 'mudur' } })
      const agent = await live.pano.prisma.user.findUniqueOrThrow({ where: { username: 'agent4' } })
      expect(own.map((r) => r.action)).toEqual(['supervision.spy-start', 'supervision.spy-end'])
      expect(own[0]).toMatchObject({
        actorId: mudur.id,
        actorRole: 'supervisor',
        entity: 'QueueCall',
        detail: { mode, agentUserId: agent.id, agentInterface: AGENT.interface, channel: agentChannel },
      })
      expect(own[1]?.detail).toMatchObject({ outcome: 'ended', mode })
      expect(typeof (own[1]?.detail as { durationSec?: unknown }).durationSec).toBe('number')
      agentSocket.disconnect()
    },
    60_000,
  )
})

describe('an operator on the santral console', () => {
  it('is told on their own socket when the müdür listens to their switchboard call, and when it ends', async () => {
    const operatorSocket = await live.socket({ cookie: sessions.get('santral1')?.cookie ?? '' })
    const told: DeskListened[] = []
    listen(operatorSocket, told)
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '+905321117788',
      ringMember: 'Local/3001@operators/n',
      answer: 300,
      talkMs: 120_000,
    })
    await eventually(
      () => live.telephony.agents().find((a) => a.interface === 'Local/3001@operators/n')?.state,
      (s) => s === 'on-call',
      'the operator on the call',
    )
    const started = await api('mudur', 'POST', '/supervision/spy', {
      interface: 'Local/3001@operators/n',
      mode: 'listen',
    })
    expect(started.status).toBe(202)
    const active = await eventually(
      () => told,
      (t) => t.some((l) => l.active),
      'the operator told',
    )
    expect(active.find((l) => l.active)?.mode).toBe('listen')
    expect(live.sim.hangup(placed.channel)).toBe(true)
    await eventually(
      () => told,
      (t) => t.at(-1)?.active === false,
      'the operator told it is over',
    )
    operatorSocket.disconnect()
  }, 60_000)
})

describe('who may', () => {
  it('refuses every other role before anything reaches the PBX, and a call not going on', async () => {
    const { caller } = await answeredCall('+905329998877')
    const before = live.sim.groundTruth()
    const audits = await live.pano.prisma.auditLog.count({ where: { action: 'supervision.spy-start' } })
    for (const user of ['admin', 'agent4', 'santral1', 'fen']) {
      const r = await api(user, 'POST', '/supervision/spy', { interface: AGENT.interface, mode: 'listen' })
      expect(r.status, user).toBe(403)
    }
    const idle = await api('mudur', 'POST', '/supervision/spy', {
      interface: 'Local/1002@agents/n',
      mode: 'listen',
    })
    expect(idle).toMatchObject({ status: 409, body: { error: { code: 'not_on_call' } } })
    const bad = await api('mudur', 'POST', '/supervision/spy', { interface: AGENT.interface, mode: 'spy' })
    expect(bad.status).toBe(400)
    const after = live.sim.groundTruth()
    expect(after.originates.length).toBe(before.originates.length)
    expect(after.spies.length).toBe(before.spies.length)
    expect(await live.pano.prisma.auditLog.count({ where: { action: 'supervision.spy-start' } })).toBe(audits)
    live.sim.hangup(caller)
  }, 30_000)

  it('does not tell the agent when the directorate turns the notice off', async () => {
    expect((await api('admin', 'PUT', '/supervision/settings', { announceToAgent: false })).status).toBe(200)
    const agentSocket = await live.socket({ cookie: sessions.get('agent4')?.cookie ?? '' })
    const told: DeskListened[] = []
    listen(agentSocket, told)
    const { caller } = await answeredCall('+905327776655')
    const started = await api('mudur', 'POST', '/supervision/spy', {
      interface: AGENT.interface,
      mode: 'listen',
    })
    const id = (started.body as SpySessionView).id
    await eventually(mySessions, (l) => l.find((s) => s.id === id)?.state === 'active', 'active')
    // The müdür hangs up from Pano: the spy leg goes, the call goes on.
    expect((await api('mudur', 'POST', `/supervision/spy/${id}/stop`)).status).toBe(204)
    await eventually(mySessions, (l) => l.find((s) => s.id === id)?.state === 'ended', 'ended')
    expect(live.telephony.agents().find((a) => a.interface === AGENT.interface)?.state).toBe('on-call')
    expect(told).toEqual([])
    const row = await live.pano.prisma.auditLog.findFirstOrThrow({
      where: { action: 'supervision.spy-start', detail: { path: ['session'], equals: id } },
    })
    expect(row.detail).toMatchObject({ announced: false })
    live.sim.hangup(caller)
    agentSocket.disconnect()
    await api('admin', 'PUT', '/supervision/settings', { announceToAgent: true })
  }, 30_000)
})

describe('from a live call', () => {
  it('listens to the call picked in the live calls while the agent is still on it', async () => {
    const { caller, agentChannel } = await answeredCall('+905321230001')
    const shown = await shownCall()
    const spiesBefore = live.sim.groundTruth().spies.length

    const started = await api('mudur', 'POST', '/supervision/spy', {
      pbxId: shown.pbxId,
      interface: shown.agentInterface,
      mode: 'whisper',
      callId: shown.callId,
    })
    expect(started.status).toBe(202)
    const session = started.body as SpySessionView
    expect(session).toMatchObject({ mode: 'whisper', callId: shown.callId, agentName: AGENT.member })

    const spy = await eventually(
      () => live.sim.groundTruth().spies[spiesBefore],
      (s) => s !== undefined,
      'the ChanSpy originate',
    )
    // What the simulator read off the AMI socket: ChanSpy on the agent's side of that call.
    expect(spy?.data).toBe(`${agentChannel},qwE`)
    expect(spy?.spiedChannel).toBe(agentChannel)
    expect(live.sim.groundTruth().originates.at(-1)?.channel).toBe('Local/1009@agents')

    live.sim.hangup(caller)
    await eventually(mySessions, (l) => l.find((s) => s.id === session.id)?.state === 'ended', 'ended')
    const rows = await spyAuditRows({ entityId: `${shown.pbxId}/${shown.callId}` }, session.id)
    // Both rows name the call the müdür picked.
    expect(rows.map((r) => r.action)).toEqual(['supervision.spy-start', 'supervision.spy-end'])
    expect(rows[0]?.detail).toMatchObject({ session: session.id, mode: 'whisper', channel: agentChannel })
  }, 60_000)

  it('refuses with 409 before the PBX when the agent has ended that call or moved on to another', async () => {
    const first = await answeredCall('+905321230002')
    const old = await shownCall()
    live.sim.hangup(first.caller)
    await eventually(
      () => live.telephony.agents().find((a) => a.interface === AGENT.interface)?.state,
      (s) => s !== 'on-call',
      'the first call over',
    )
    const before = await sentSoFar()
    const ended = await api('mudur', 'POST', '/supervision/spy', {
      pbxId: old.pbxId,
      interface: AGENT.interface,
      mode: 'listen',
      callId: old.callId,
    })
    expect(ended).toMatchObject({ status: 409, body: { error: { code: 'not_on_call' } } })

    const second = await answeredCall('+905321230003')
    const now = await shownCall()
    expect(now.callId).not.toBe(old.callId)
    const moved = await api('mudur', 'POST', '/supervision/spy', {
      pbxId: old.pbxId,
      interface: AGENT.interface,
      mode: 'listen',
      callId: old.callId,
    })
    expect(moved).toMatchObject({
      status: 409,
      body: { error: { code: 'call_changed', message: 'Temsilci artık bu çağrıda değil.' } },
    })
    expect(await sentSoFar()).toEqual(before)
    live.sim.hangup(second.caller)
  }, 60_000)
})

describe('the müdür’s own listening leg', () => {
  it('is named pano-spy-<session> on the wire and left out of the live calls and the call records', async () => {
    await eventually(
      () => live.telephony.agents().find((a) => a.interface === AGENT.interface)?.state,
      (s) => s !== 'on-call',
      'the agent off the last call',
    )
    const { caller } = await answeredCall('+905321230004')
    const started = await api('mudur', 'POST', '/supervision/spy', {
      interface: AGENT.interface,
      mode: 'listen',
    })
    expect(started.status).toBe(202)
    const session = started.body as SpySessionView
    await eventually(mySessions, (l) => l.find((s) => s.id === session.id)?.state === 'active', 'active')

    // What the simulator read off the AMI socket: the leg's channels are named after the session.
    const leg = `pano-spy-${session.id}`
    expect(live.sim.groundTruth().originates.at(-1)).toMatchObject({
      channel: 'Local/1009@agents',
      channelId: leg,
      otherChannelId: `${leg}-2`,
      agentLeg: 'answered',
    })
    // Pano holds both halves, linked under the ChannelId, from the PBX's own events.
    const state = [...live.telephony.pbxs.values()][0]?.bridge.state
    const legChannels = [...(state?.channels.values() ?? [])].filter((c) => c.callId === leg)
    expect(legChannels.map((c) => c.uniqueId).sort()).toEqual([leg, `${leg}-2`])

    // GET /api/v1/calls?active=1 and the müdür's `calls` view: the agent's call, not the müdür's leg.
    const overHttp = (await api('mudur', 'GET', '/calls?active=1')).body as { calls: CallView[] }
    const socket = await live.socket({ cookie: sessions.get('mudur')?.cookie ?? '' })
    const answer = await socket.emitWithAck('view:subscribe', { view: 'calls' })
    socket.disconnect()
    if (!answer.ok) throw new Error(answer.error.message)
    const overSocket = (answer.data.data as LiveViewData['calls']).calls
    for (const calls of [overHttp.calls, overSocket]) {
      expect(calls.filter((c) => c.agentInterface === AGENT.interface && c.phase === 'talking')).toHaveLength(
        1,
      )
      expect(calls.filter((c) => c.callId.startsWith('pano-spy-'))).toEqual([])
      expect(calls.filter((c) => c.callerName === 'Pano dinleme' || c.queue === null)).toEqual([])
    }

    live.sim.hangup(caller)
    await eventually(mySessions, (l) => l.find((s) => s.id === session.id)?.state === 'ended', 'ended')
    // Once the agent's call is stored, the leg has had its chance to become a Call row: it has none.
    const stored = await eventually(
      () => live.pano.prisma.call.findMany({ where: { callerNumber: '+905321230004' } }),
      (rows) => rows.length > 0,
      'the agent’s call stored',
    )
    expect(stored.map((c) => c.agentInterface)).toEqual([AGENT.interface])
    expect(await live.pano.prisma.call.count({ where: { linkedId: { startsWith: 'pano-spy-' } } })).toBe(0)
  }, 60_000)
})
