/**
 * One missed call, one owner, through the real app over HTTP with the PBX simulator
 * (server/services/callbacks/callback-owner.ts, docs/decisions/007-unit-callbacks-and-kvkk.md):
 * - a caller the santral transferred to Fen İşleri and who was gone before the unit answered is Fen
 *   İşleri's to call back: on the unit's "Geri aranacaklar" and the müdür's "Birim geri aramaları", never on
 *   the call centre's missed-call list (the agent's desk, the müdür's "Cevapsız çağrılar"), and no count
 *   there includes it;
 * - a caller who gave up in the 444 queue is the call centre's;
 * - whoever reaches the caller, the entry leaves every list it was on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MissedCallWorkItem } from '../../../server/contract/tickets.ts'
import type { UnitCallbackItem } from '../../../server/contract/unit-callbacks.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

/** Fen İşleri's extension in the demo plan; it never answers in this file. */
const FEN_EXTEN = '2001'

let live: LivePano
let fenExtensionId: number
const who: Record<string, { cookie: string; csrfToken: string }> = {}

beforeAll(async () => {
  // PBX time runs 4× faster (as in test/e2e/switchboard.spec.ts): an 8 s wait in the queue takes 2 s.
  live = await startLivePano({ sim: { speed: 4 } })
  for (const username of ['santral1', 'agent1', 'fen', 'mudur']) {
    const cookie = await live.cookieFor(username)
    const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
    who[username] = { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
  }
  fenExtensionId = (await live.pano.prisma.extension.findFirstOrThrow({ where: { number: FEN_EXTEN } })).id
  live.sim.setExtensionBehaviour(FEN_EXTEN, 'never-answer')
})
afterAll(async () => {
  await live?.close()
})

function session(username: string) {
  const s = who[username]
  if (s === undefined) throw new Error(`no session for ${username}`)
  return s
}

async function get<T>(username: string, path: string): Promise<T> {
  const res = await fetch(`${live.pano.url}/api/v1${path}`, { headers: { cookie: session(username).cookie } })
  expect(res.status, `GET ${path} as ${username}`).toBe(200)
  return (await res.json()) as T
}

async function post(username: string, path: string, body: unknown = {}) {
  const s = session(username)
  const res = await fetch(`${live.pano.url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as Record<string, unknown> }
}

const missedCalls = async (username: string) =>
  (await get<{ items: MissedCallWorkItem[] }>(username, '/worklists/missed-calls')).items
const unitCallbacks = async (username: string) =>
  (await get<{ items: UnitCallbackItem[] }>(username, '/worklists/unit-callbacks')).items

/** Polls an HTTP read until `pick` finds something in it. */
async function eventually<T, R>(read: () => Promise<T>, pick: (value: T) => R | undefined, what: string) {
  const deadline = Date.now() + 20_000
  for (;;) {
    const found = pick(await read())
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * The santral answers `number`, santral1 transfers it blind to Fen İşleri over HTTP, nobody there answers
 * and the caller is gone before the unit ever picks up (the simulator drops the caller when the Dial to the
 * extension times out, as the dialplan does: telephony/simulator/transfer-flow.ts). Resolves with the
 * unit's entry once it is listed and the santral call's own record is stored, so the call recorder has had
 * its say on the caller as well.
 */
async function lostOnTransferToFen(number: string, masked: string): Promise<UnitCallbackItem> {
  const placed = live.sim.placeCall({
    queue: 'santral',
    callerNumber: number,
    ringMember: 'Local/3001@operators/n',
    answer: 200,
    talkMs: 600_000,
  })
  const call = await until(
    () => live.telephony.calls().find((c) => c.callId === placed.linkedid),
    (c) => c !== undefined && c.answeredAt !== null,
    `santral1 talking to ${number}`,
  )
  if (call === undefined) throw new Error('unreachable')
  const transfer = await post('santral1', '/switchboard/transfers', {
    call: `${call.pbxId}/${call.callId}`,
    extensionId: fenExtensionId,
    kind: 'blind',
  })
  expect(transfer.status).toBe(200)
  const entry = await eventually(
    () => unitCallbacks('fen'),
    (items) => items.find((i) => i.phone === masked),
    `Fen İşleri’s callback for ${number}`,
  )
  await eventually(
    () => live.pano.prisma.call.findFirst({ where: { linkedId: placed.linkedid } }),
    (row) => row ?? undefined,
    'the santral call’s record',
  )
  return entry
}

describe('a caller lost on a transfer to a unit', () => {
  it('is the unit’s to call back, not on the call centre’s missed calls; reaching them clears every list', async () => {
    const entry = await lostOnTransferToFen('05321119902', '0532 *** ** 02')
    expect(entry).toMatchObject({ reason: 'TRANSFER_UNANSWERED', callCount: 1 })
    expect(entry.unit.name).toBe('Fen İşleri Müdürlüğü')

    // The agent's desk and the müdür's "Cevapsız çağrılar" do not list it; the müdür sees it once, as the unit's.
    expect((await missedCalls('agent1')).map((i) => i.phoneE164)).not.toContain('+905321119902')
    expect((await missedCalls('mudur')).map((i) => i.phoneE164)).not.toContain('+905321119902')
    const mudurView = (await unitCallbacks('mudur')).filter((i) => i.phoneE164 === '+905321119902')
    expect(mudurView.map((i) => i.id)).toEqual([entry.id])

    // Nor can the call centre record an attempt on it as if it were its own missed call.
    const foreign = await post('agent1', `/worklists/missed-calls/${entry.id}/attempts`, {
      outcome: 'ULASILAMADI',
    })
    expect(foreign.status).toBe(404)
    expect(await live.pano.prisma.callbackAttempt.count({ where: { callbackId: entry.id } })).toBe(0)

    // The unit reaches the caller: gone from the unit's list and the müdür's, still on no other.
    const reached = await post('fen', `/worklists/unit-callbacks/${entry.id}/attempts`, {
      outcome: 'ULASILDI',
    })
    expect(reached).toMatchObject({ status: 201, body: { closed: true } })
    expect((await unitCallbacks('fen')).map((i) => i.id)).not.toContain(entry.id)
    expect((await unitCallbacks('mudur')).map((i) => i.id)).not.toContain(entry.id)
    expect((await missedCalls('agent1')).map((i) => i.phoneE164)).not.toContain('+905321119902')
  })
})

describe('a caller who gave up in the 444 queue', () => {
  it('is the call centre’s, counted once; the call centre reaching them closes the unit’s entry too', async () => {
    const unitEntry = await lostOnTransferToFen('05321119901', '0532 *** ** 01')

    // Later the same caller tries 444 and gives up after 8 s, past the 5 s short-abandon limit.
    const abandoned = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321119901',
      ringMember: 'Local/1005@agents/n',
      answer: false,
      patienceMs: 8_000,
    })
    await eventually(
      () => live.pano.prisma.call.findFirst({ where: { linkedId: abandoned.linkedid } }),
      (row) => row ?? undefined,
      'the 444 call’s record',
    )
    const item = (await missedCalls('agent1')).find((i) => i.phoneE164 === '+905321119901')
    if (item === undefined) throw new Error('the 444 caller is not on the agent’s missed calls')
    // One missed call of the call centre's: the unit's entry is neither counted nor folded in.
    expect(item.callCount).toBe(1)
    expect(item.callbackIds).not.toContain(unitEntry.id)
    expect(item.reasons).not.toContain('TRANSFER_UNANSWERED')
    expect((await missedCalls('mudur')).find((i) => i.phoneE164 === '+905321119901')?.callCount).toBe(1)
    // The unit still has its own entry, and the 444 abandon is not on any unit's list.
    const mudurUnits = (await unitCallbacks('mudur')).filter((i) => i.phoneE164 === '+905321119901')
    expect(mudurUnits.map((i) => i.id)).toEqual([unitEntry.id])

    // The agent reaches the caller: the number leaves the call centre's list and the unit's alike.
    const reached = await post('agent1', `/worklists/missed-calls/${item.id}/attempts`, {
      outcome: 'ULASILDI',
    })
    expect(reached.status).toBe(201)
    expect(reached.body['closed']).toEqual(expect.arrayContaining([item.id, unitEntry.id]))
    expect((await missedCalls('agent1')).map((i) => i.phoneE164)).not.toContain('+905321119901')
    expect((await unitCallbacks('fen')).map((i) => i.id)).not.toContain(unitEntry.id)
    expect((await unitCallbacks('mudur')).map((i) => i.id)).not.toContain(unitEntry.id)
  })
})
