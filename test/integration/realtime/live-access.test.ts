/**
 * The live call list gives every role over the socket exactly what HTTP gives it (docs/design.md §2.8): the roles
 * `GET /api/v1/calls?active=1` refuses are refused the `calls` view (operators too: the santral console
 * is where they see the switchboard's calls), the roles it serves get the same calls with the same
 * numbers. And a pause reason comes from the PauseReason table only, for a supervisor pausing an agent
 * and for an agent pausing themselves: free text is a 400 at the `reason` field, and nothing reaches
 * the PBX, the boards or the TVs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewSnapshot } from '../../../server/contract/events.ts'
import type { CallView } from '../../../server/contract/views.ts'
import { startLivePano, until, type LivePano } from './live-harness.ts'

let live: LivePano
const sessions: Record<string, { cookie: string; csrfToken: string }> = {}
const USERS = ['agent1', 'santral1', 'fen', 'mudur', 'admin'] as const

beforeAll(async () => {
  live = await startLivePano()
  for (const username of [...USERS, 'agent4']) {
    const cookie = await live.cookieFor(username)
    const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
    sessions[username] = { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
  }
})
afterAll(async () => {
  await live?.close()
})

function session(username: string) {
  const s = sessions[username]
  if (s === undefined) throw new Error(`no session for ${username}`)
  return s
}

async function post(username: string, path: string, body: unknown) {
  const s = session(username)
  const res = await fetch(`${live.pano.url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('the socket calls view and GET /calls?active=1', () => {
  it('serve the same roles, and the same calls with the same numbers', async () => {
    const placed = [
      live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321240001', answer: false }),
      live.sim.placeCall({ queue: 'santral', callerNumber: '05321240002', answer: false }),
    ]
    await until(
      () => live.telephony.calls(),
      (calls) => calls.filter((c) => c.callerNumber?.startsWith('+9053212400') === true).length === 2,
      'both callers waiting',
    )
    for (const username of USERS) {
      const http = await fetch(`${live.pano.url}/api/v1/calls?active=1`, {
        headers: { cookie: session(username).cookie },
      })
      const socket = await live.socket({ cookie: session(username).cookie })
      const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view: 'calls' })
      expect([username, answer.ok]).toEqual([username, http.status === 200])
      if (http.status !== 200) {
        expect([username, http.status]).toEqual([username, 403])
        expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } })
        continue
      }
      const overHttp = ((await http.json()) as { calls: CallView[] }).calls
      const overSocket = answer.ok ? (answer.data.data as { calls: CallView[] }).calls : []
      const shape = (calls: CallView[]) =>
        calls.map((c) => `${c.pbxId}/${c.callId} ${c.callerNumber ?? '-'}`).sort()
      expect([username, shape(overSocket)]).toEqual([username, shape(overHttp)])
      expect(shape(overSocket).join(' ')).toContain('+905321240001')
    }
    for (const p of placed) live.sim.hangup(p.channel)
  })
})

describe('pause reasons', () => {
  const AGENT = 'Local/1001@agents/n'
  const pausedReason = () => live.telephony.agents().find((a) => a.interface === AGENT)?.pauseReason

  it('refuse a supervisor’s free text with 400 at the reason field, before the PBX', async () => {
    const before = pausedReason()
    for (const reason of ['Müdür odasına gelsin!', 'mola ', 'Auto-Pause']) {
      const res = await post('mudur', '/agents/pause', { interface: AGENT, paused: true, reason })
      expect([reason, res.status]).toEqual([reason, 400])
      const issue = (res.body['error'] as { details: { issues: { path: string; message: string }[] } })
        .details.issues[0]
      expect(issue?.path).toBe('reason')
      expect(issue?.message).toMatch(/listedeki nedenlerden/)
    }
    const none = await post('mudur', '/agents/pause', { interface: AGENT, paused: true })
    expect(none.status).toBe(400)
    expect(pausedReason()).toBe(before)
  })

  it('let a supervisor pause with a reason from the list', async () => {
    const res = await post('mudur', '/agents/pause', { interface: AGENT, paused: true, reason: 'Toplantı' })
    expect(res.status).toBe(200)
    await until(pausedReason, (r) => r === 'Toplantı', 'the pause on the board')
    const back = await post('mudur', '/agents/pause', { interface: AGENT, paused: false, reason: 'serbest' })
    expect(back.status).toBe(200)
    await until(pausedReason, (r) => r === null || r === '', 'the agent back')
  })

  it('refuse an agent’s own pause with free text the same way', async () => {
    const res = await post('agent4', '/desk/pause', { reason: 'Yöneticiye not: maaşlar geç' })
    expect(res.status).toBe(400)
    const issues = (res.body['error'] as { details: { issues: { path: string; message: string }[] } }).details
      .issues
    expect(issues.map((i) => i.path)).toEqual(['reason'])
    expect(issues[0]?.message).toMatch(/serbest metin/)
    const ok = await post('agent4', '/desk/pause', { reason: 'Mola' })
    expect(ok.status).toBe(200)
    expect((await post('agent4', '/desk/unpause', {})).status).toBe(200)
  })
})

describe('a session under a forced password change', () => {
  it('gets no pushes and no live data over the socket until the password is changed', async () => {
    const agent5 = await live.pano.prisma.user.update({
      where: { username: 'agent5' },
      data: { mustChangePassword: true },
    })
    const socket = await live.socket({ cookie: await live.cookieFor('agent5') })
    const emit = (event: string, ...args: unknown[]) =>
      (socket.emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>).call(socket, event, ...args)
    for (const [event, args] of [
      ['desk:sync', []],
      ['switchboard:sync', []],
      ['view:subscribe', [{ view: 'calls' }]],
    ] as const) {
      expect([event, await emit(event, ...args)]).toEqual([
        event,
        { ok: false, error: expect.objectContaining({ code: 'forbidden' }) as unknown },
      ])
    }
    expect(await live.pano.realtime.io.in(`agent:${agent5.id}`).fetchSockets()).toEqual([])
    expect(socket.connected).toBe(true)
  })
})
