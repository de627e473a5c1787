/**
 * Every santral action is scoped (docs/design.md §2.8), through the real app over HTTP: an operator acts only on
 * the console's calls (a switchboard queue's, or one on their own line) — never on a call-centre agent's
 * call nor on a caller waiting in the call-centre queue — and not on a colleague's; a consult is
 * completed or taken back, and its alert dismissed, only by the operator who started it or a supervisor.
 * Every refusal leaves the call where it was: nothing reaches the PBX.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
const who: Record<string, { cookie: string; csrfToken: string }> = {}
let zabita: number
let fen: number

beforeAll(async () => {
  live = await startLivePano()
  for (const username of ['santral1', 'santral2', 'mudur']) {
    const cookie = await live.cookieFor(username)
    const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
    who[username] = { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
  }
  const ext = (number: string) => live.pano.prisma.extension.findFirstOrThrow({ where: { number } })
  zabita = (await ext('2002')).id
  fen = (await ext('2004')).id
})
afterAll(async () => {
  await live?.close()
})

async function post(username: string, path: string, body: unknown = {}) {
  const session = who[username]
  if (session === undefined) throw new Error(`no session for ${username}`)
  const res = await fetch(`${live.pano.url}/api/v1${path}`, {
    method: 'POST',
    headers: { ...session, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as Record<string, unknown> }
}

const codeOf = (r: { body: Record<string, unknown> }) =>
  (r.body['error'] as { code?: string } | undefined)?.code

/** The live call placed with this number, once `ready` holds for it. */
async function liveCall(number: string, ready: (phase: string, answered: boolean) => boolean) {
  const e164 = `+90${number.slice(1)}`
  const call = await until(
    () => live.telephony.calls().find((c) => c.callerNumber === e164),
    (c) => c !== undefined && ready(c.phase, c.answeredAt !== null),
    `the call from ${number}`,
  )
  if (call === undefined) throw new Error('unreachable')
  return { key: `${call.pbxId}/${call.callId}`, callId: call.callId }
}

async function consoleCall(callId: string) {
  const res = await fetch(`${live.pano.url}/api/v1/switchboard`, {
    headers: { cookie: who['mudur']?.cookie ?? '' },
  })
  return ((await res.json()) as SwitchboardSnapshot).calls.find((c) => c.callId === callId)
}

const blind = (call: string, extensionId = zabita) => ({ call, extensionId, kind: 'blind' })

describe('an operator moving calls that are not the switchboard’s', () => {
  it('is refused a call-centre agent’s call (403), and so is the müdür; the call stays', async () => {
    const placed = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321230001',
      ringMember: 'Local/1001@agents/n',
      answer: 200,
      talkMs: 600_000,
    })
    const call = await liveCall('05321230001', (_phase, answered) => answered)
    const actions = live.sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)
    for (const username of ['santral1', 'mudur']) {
      const res = await post(username, '/switchboard/transfers', blind(call.key))
      expect([username, res.status, codeOf(res)]).toEqual([username, 403, 'not_switchboard_call'])
    }
    const attended = await post('santral1', '/switchboard/transfers', {
      ...blind(call.key),
      kind: 'attended',
    })
    expect(attended.status).toBe(403)
    const after = live.sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)
    expect(after?.transfer).toEqual(actions?.transfer)
    expect(live.telephony.calls().find((c) => c.callId === call.callId)?.agentInterface).toBe(
      'Local/1001@agents/n',
    )
    live.sim.hangup(placed.channel)
  })

  it('is refused a caller waiting in the call-centre queue (no Redirect)', async () => {
    const placed = live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321230002', answer: false })
    const call = await liveCall('05321230002', (phase) => phase === 'waiting')
    const res = await post('santral1', '/switchboard/transfers', blind(call.key))
    expect([res.status, codeOf(res)]).toEqual([403, 'not_switchboard_call'])
    expect(live.telephony.calls().find((c) => c.callId === call.callId)?.queue).toBe('cagri-merkezi')
    live.sim.hangup(placed.channel)
  })
})

describe('an operator and a colleague’s call', () => {
  it('cannot move a call on another operator’s line; the müdür can', async () => {
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321230003',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 600_000,
    })
    const call = await liveCall('05321230003', (_phase, answered) => answered)
    await until(
      () => consoleCall(call.callId),
      () => true,
      'the console',
    )
    const res = await post('santral2', '/switchboard/transfers', blind(call.key))
    expect([res.status, codeOf(res)]).toEqual([403, 'not_your_call'])
    const byMudur = await post('mudur', '/switchboard/transfers', blind(call.key))
    expect(byMudur.status).toBe(200)
    live.sim.hangup(placed.channel)
  })
})

describe('a consult (attended transfer)', () => {
  it('is completed or taken back only by the operator who started it', async () => {
    live.sim.setExtensionBehaviour('2004', 'never-answer')
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321230004',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 600_000,
    })
    const call = await liveCall('05321230004', (_phase, answered) => answered)
    await until(
      () =>
        live.pano.switchboard
          ?.snapshot()
          .calls.find((c) => c.callId === call.callId && c.state === 'talking'),
      (c) => c !== undefined,
      'santral1 talking',
    )
    const started = await post('santral1', '/switchboard/transfers', {
      ...blind(call.key, fen),
      kind: 'attended',
    })
    expect(started.status).toBe(200)
    const id = (started.body['transfer'] as { id: number }).id

    for (const action of ['complete', 'return']) {
      const res = await post('santral2', `/switchboard/transfers/${id}/${action}`)
      expect([action, res.status, codeOf(res)]).toEqual([action, 403, 'not_your_transfer'])
      // santral2 never had the call: the refusal says whose it is.
      expect((res.body['error'] as { message: string }).message).toBe(
        'Bu çağrı başka bir operatörün: aktarımı Operatör Fatma Kaya başlattı; yalnızca o ya da müdür tamamlayabilir veya geri alabilir.',
      )
    }
    const stillOpen = live.pano.switchboard?.snapshot().calls.find((c) => c.callId === call.callId)
    expect(stillOpen?.consult).toMatchObject({ transferId: id })

    const back = await post('santral1', `/switchboard/transfers/${id}/return`)
    expect(back.status).toBe(200)
    live.sim.setExtensionBehaviour('2004', 'answer')
    live.sim.hangup(placed.channel)
  })

  it('lets a supervisor take back an operator’s consult', async () => {
    live.sim.setExtensionBehaviour('2004', 'never-answer')
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321230005',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 600_000,
    })
    const call = await liveCall('05321230005', (_phase, answered) => answered)
    await until(
      () =>
        live.pano.switchboard
          ?.snapshot()
          .calls.find((c) => c.callId === call.callId && c.state === 'talking'),
      (c) => c !== undefined,
      'santral1 talking',
    )
    const started = await post('santral1', '/switchboard/transfers', {
      ...blind(call.key, fen),
      kind: 'attended',
    })
    expect(started.status).toBe(200)
    const id = (started.body['transfer'] as { id: number }).id
    expect((await post('mudur', `/switchboard/transfers/${id}/return`)).status).toBe(200)
    live.sim.setExtensionBehaviour('2004', 'answer')
    live.sim.hangup(placed.channel)
  })
})
