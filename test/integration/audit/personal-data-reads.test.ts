/**
 * Every read of callers' numbers or a citizen's record is in the KVKK access log (docs/design.md §2.8,
 * docs/kvkk.md §3), through the real app over HTTP and socket.io: today's calls (`GET /calls`), the live
 * calls (`?active=1` and one row per subscribe of the socket `calls` view, none per delta), the
 * missed-call list, a citizen chosen for the call on the desk, and click-to-call (whose progress shows
 * the number). A list row names the calls it showed, so callers on no record are covered too; a caller
 * who is a citizen adds that citizen's own row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewSnapshot } from '../../../server/contract/events.ts'
import type { DeskState } from '../../../server/contract/agent-desk.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
const sessions: Record<string, { cookie: string; csrfToken: string; id: number }> = {}
let hatice: number

beforeAll(async () => {
  live = await startLivePano()
  for (const username of ['mudur', 'agent1']) {
    const cookie = await live.cookieFor(username)
    const me = (await (await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
      csrfToken: string
      id: number
    }
    sessions[username] = { cookie, csrfToken: me.csrfToken, id: me.id }
  }
  hatice = (await live.pano.prisma.citizen.findFirstOrThrow({ where: { fullName: 'Hatice Arslan' } })).id
})
afterAll(async () => {
  await live?.close()
})

function session(username: string) {
  const s = sessions[username]
  if (s === undefined) throw new Error(`no session for ${username}`)
  return s
}

async function call(username: string, method: string, path: string, body?: unknown) {
  const s = session(username)
  const res = await fetch(`${live.pano.url}/api/v1${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as unknown }
}

/** Polls an async read until `ok` holds. */
async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Rows written from now on: call `rows()` later. */
async function mark() {
  const last = await live.pano.prisma.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } })
  const from = last?.id ?? 0
  return () => live.pano.prisma.auditLog.findMany({ where: { id: { gt: from } }, orderBy: { id: 'asc' } })
}

type Detail = { via?: string; calls?: unknown[]; list?: string; count?: number }
const detailOf = (row: { detail: unknown }) => (row.detail ?? {}) as Detail

describe("today's calls", () => {
  it('GET /calls writes the list row naming every call shown, and a row for the citizen among them', async () => {
    for (const number of ['05321112233', '05329990101']) {
      const placed = live.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: number,
        answer: 100,
        talkMs: 200,
      })
      await until(
        () => live.telephony.calls().some((c) => c.callId === placed.linkedid),
        (seen) => !seen,
        'the call to end',
      )
    }
    await poll(
      () =>
        live.pano.prisma.call.count({ where: { callerNumber: { in: ['+905321112233', '+905329990101'] } } }),
      (n) => n === 2,
      'both calls stored',
    )
    const rows = await mark()
    const res = await call('mudur', 'GET', '/calls?pageSize=500')
    expect(res.status).toBe(200)
    const items = (res.body as { items: { id: number; callerNumber: string | null }[] }).items
    const written = await rows()
    const list = written.filter((r) => r.action === 'call.list')
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ entity: 'CallList', entityId: 'finished', actorId: session('mudur').id })
    expect(new Set(detailOf(list[0] ?? { detail: null }).calls)).toEqual(new Set(items.map((i) => i.id)))
    const citizens = written.filter((r) => r.entity === 'Citizen')
    expect(citizens.map((r) => [r.action, r.entityId, detailOf(r).list])).toEqual([
      ['citizen.list', String(hatice), 'calls:finished'],
    ])
  })
})

describe('live calls', () => {
  it('GET /calls?active=1 and each socket subscribe write one list row; deltas write none', async () => {
    const first = live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321112233', answer: false })
    await until(
      () => live.telephony.calls().some((c) => c.callId === first.linkedid),
      (seen) => seen,
      'the caller waiting',
    )
    let rows = await mark()
    expect((await call('mudur', 'GET', '/calls?active=1')).status).toBe(200)
    let written = await rows()
    expect(written.filter((r) => r.action === 'call.list').map((r) => [r.entityId, detailOf(r).via])).toEqual(
      [['live', 'http']],
    )
    expect(written.filter((r) => r.action === 'citizen.list').map((r) => r.entityId)).toEqual([
      String(hatice),
    ])

    rows = await mark()
    const socket = await live.socket({ cookie: session('mudur').cookie })
    const deltas: unknown[] = []
    socket.on('calls:changed', (d) => deltas.push(d))
    const answer: Ack<ViewSnapshot> = await socket.emitWithAck('view:subscribe', { view: 'calls' })
    expect(answer.ok).toBe(true)
    const second = live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05329990202', answer: false })
    await until(
      () => deltas.length,
      (n) => n > 0,
      'a delta with the new caller',
    )
    written = await rows()
    const lists = written.filter((r) => r.action === 'call.list')
    expect(lists.map((r) => [r.entityId, detailOf(r).via, detailOf(r).count])).toEqual([
      ['live', 'socket', 1],
    ])
    const shown = live.telephony.calls().find((c) => c.callerNumber === '+905321112233')
    expect(detailOf(lists[0] ?? { detail: null }).calls).toEqual([`${shown?.pbxId}/${shown?.callId}`])
    const again = await socket.emitWithAck('view:subscribe', { view: 'calls' })
    expect(again.ok).toBe(true)
    expect((await rows()).filter((r) => r.action === 'call.list')).toHaveLength(2)
    live.sim.hangup(first.channel)
    live.sim.hangup(second.channel)
  })
})

describe('the missed-call list', () => {
  it('writes the list row even when no caller is a citizen', async () => {
    await live.pano.prisma.callback.create({
      data: {
        phoneE164: '+905329990303',
        reason: 'ABANDONED',
        firstCallAt: new Date(),
        lastCallAt: new Date(),
        dueAt: new Date(Date.now() + 3_600_000),
      },
    })
    const rows = await mark()
    expect((await call('agent1', 'GET', '/worklists/missed-calls')).status).toBe(200)
    const list = (await rows()).filter((r) => r.action === 'call.list')
    expect(list.map((r) => [r.entityId, r.actorId])).toEqual([['missed', session('agent1').id]])
    expect(detailOf(list[0] ?? { detail: null }).count).toBeGreaterThan(0)
  })
})

describe('the desk', () => {
  it('writes a read when the agent chooses a citizen for the call on screen', async () => {
    const placed = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05329990404',
      ringMember: 'Local/1001@agents/n',
      answer: 100,
      talkMs: 600_000,
    })
    const state = await poll(
      async () => (await call('agent1', 'GET', '/desk/me')).body as DeskState,
      (st) => st.pops.some((p) => p.linkedId === placed.linkedid),
      'the pop',
    )
    const popId = state.pops.find((p) => p.linkedId === placed.linkedid)?.popId
    expect(popId).toBeDefined()
    const rows = await mark()
    const res = await call('agent1', 'POST', `/desk/pops/${encodeURIComponent(popId ?? '')}/citizen`, {
      citizenId: hatice,
    })
    expect(res.status).toBe(200)
    const written = (await rows()).filter((r) => r.action === 'citizen.desk-select')
    expect(written.map((r) => [r.entity, r.entityId, r.actorId])).toEqual([
      ['Citizen', String(hatice), session('agent1').id],
    ])
    live.sim.hangup(placed.channel)
  })

  it('writes a read for click-to-call, whose progress shows the number', async () => {
    const cb = await live.pano.prisma.callback.create({
      data: {
        phoneE164: '+905329990505',
        reason: 'ABANDONED',
        firstCallAt: new Date(),
        lastCallAt: new Date(),
        dueAt: new Date(Date.now() + 3_600_000),
      },
    })
    const rows = await mark()
    const res = await call('agent1', 'POST', '/desk/originate', {
      target: { kind: 'callback', callbackId: cb.id },
    })
    expect(res.status).toBe(202)
    const written = (await rows()).filter((r) => r.action === 'citizen.click-to-call')
    expect(written.map((r) => [r.entity, r.entityId, r.actorId])).toEqual([
      ['Callback', String(cb.id), session('agent1').id],
    ])
    await live.pano.switchboard?.whenIdle()
  })
})
