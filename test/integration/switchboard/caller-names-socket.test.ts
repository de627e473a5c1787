/**
 * The name on a santral call card is the citizen record as it stands when the number calls: a caller
 * registered after their first call is named on the next one, and once the KVKK officer erases the
 * person, their number calls in without a name again (server/services/switchboard/caller-names.ts).
 * Through the real app: the operator's socket, the agent's and the officer's HTTP requests.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardCallView,
  type SwitchboardUpdate,
} from '../../../server/contract/switchboard.ts'
import type { CreateCitizenResponse } from '../../../server/contract/citizens.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
let santral1: Socket
const sessions: Record<string, { cookie: string; csrfToken: string }> = {}
/** The cards of each update the operator's console received, in order. */
const cards: SwitchboardCallView[][] = []

beforeAll(async () => {
  live = await startLivePano()
  for (const username of ['agent1', 'kvkk']) {
    const cookie = await live.cookieFor(username)
    const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
    sessions[username] = { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
  }
  santral1 = await live.socket({ cookie: await live.cookieFor('santral1') })
  santral1.on(SWITCHBOARD_EVENTS.update, (u: SwitchboardUpdate) => {
    if (u.parts.calls !== undefined) cards.push(u.parts.calls)
  })
})
afterAll(async () => {
  await live?.close()
})

async function post(username: string, path: string, body: unknown): Promise<Response> {
  const s = sessions[username]
  if (s === undefined) throw new Error(`no session for ${username}`)
  return fetch(`${live.pano.url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/**
 * Places a santral call from `callerNumber` that the operator answers, waits until the console shows it
 * talking (and, when `name` is given, naming the caller), hangs it up and waits until the card is gone.
 * Returns the names the card carried while it was up.
 */
async function callAndHangUp(callerNumber: string, name?: string): Promise<Array<string | null>> {
  const placed = live.sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: 'Local/3001@operators/n',
    answer: 300,
    talkMs: 600_000,
  })
  const cardsOfCall = () =>
    cards.flatMap((calls) => calls.filter((c) => c.callId === placed.linkedid && c.state === 'talking'))
  await until(
    cardsOfCall,
    (cs) => cs.some((c) => name === undefined || c.citizenName === name),
    `the call from ${callerNumber} talking${name === undefined ? '' : ` as ${name}`}`,
  )
  // The lookup runs in the background: give a name that would come a moment to arrive.
  await new Promise((r) => setTimeout(r, 300))
  const names = cardsOfCall().map((c) => c.citizenName)
  live.sim.hangup(placed.channel)
  await until(
    () => cards.at(-1) ?? [],
    (calls) => !calls.some((c) => c.callId === placed.linkedid),
    `the call from ${callerNumber} to leave the console`,
  )
  return names
}

describe('the caller’s name on the santral console', () => {
  it('names a caller registered after their first call on the next one, and no longer once erased', async () => {
    expect(await callAndHangUp('05327776655')).toEqual(expect.not.arrayContaining([expect.any(String)]))

    const created = await post('agent1', '/citizens', {
      fullName: 'Derya Aksoy',
      phones: [{ number: '0532 777 66 55' }],
    })
    expect(created.status).toBe(201)
    const { id } = ((await created.json()) as CreateCitizenResponse).citizen
    expect(await callAndHangUp('05327776655', 'Derya Aksoy')).toContain('Derya Aksoy')

    const erased = await post('kvkk', `/kvkk/citizens/${id}/erase`, {
      reason: '05.12.2026 tarihli, 2026/31 sayılı KVKK başvurusu üzerine',
    })
    expect(erased.status).toBe(200)
    const names = await callAndHangUp('05327776655')
    expect(names.length).toBeGreaterThan(0)
    expect(names).not.toContain('Derya Aksoy')
  })
})
