/**
 * "Arayan birim cevap vermeden kapattı", through the real app over HTTP and the operator's socket: the
 * operator transfers a santral call to a unit that does not pick up, and the caller hangs up while the
 * unit's phone still rings. The PBX (simulator) ends the dial at once as Asterisk does (DialEnd CANCEL,
 * the unit's ringing channel hangs up before the caller's channel ends). The console records the
 * transfer as the caller hanging up (not as the unit not answering), the operator who made it is told
 * so with the callback noted, and the unit finds the caller on its callback list.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardSnapshot,
  type TransferAlertView,
  type TransferView,
} from '../../../server/contract/switchboard.ts'
import type { UnitCallbackList } from '../../../server/contract/unit-callbacks.ts'
import { DEMO_PBX_ID } from '../../../telephony/index.ts'
import { get as getAs, post, signIn, type PanoAddress, type Session } from '../../support/node-http.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
let operatorSocket: Socket
const alerts: TransferAlertView[] = []
let pano: PanoAddress
const who: Record<string, Session> = {}
let fenExtension: number
let fenUnit: number

beforeAll(async () => {
  live = await startLivePano()
  pano = { name: 'pano', url: live.pano.url }
  for (const username of ['santral1', 'mudur']) who[username] = await signIn(pano, username)
  operatorSocket = await live.socket({ cookie: sessionOf('santral1').cookie })
  operatorSocket.on(SWITCHBOARD_EVENTS.alert, (a: TransferAlertView) => alerts.push(a))
  fenExtension = (await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2001' } })).id
  fenUnit = (await live.pano.prisma.unit.findUniqueOrThrow({ where: { code: 'fen-isleri' } })).id
  // Fen İşleri's phone rings and nobody picks it up.
  live.sim.setExtensionBehaviour('2001', 'never-answer')
})
afterAll(async () => {
  await live?.close()
})

/** The session `username` signed in with before the tests. */
function sessionOf(username: string): Session {
  const session = who[username]
  if (session === undefined) throw new Error(`${username} is not signed in`)
  return session
}

function get<T>(username: string, path: string): Promise<T> {
  return getAs<T>(pano, path, sessionOf(username))
}

/** Polls `path` as `username` until `pick` finds something in its answer. */
async function eventually<T, R>(
  username: string,
  path: string,
  pick: (body: T) => R | undefined,
  what: string,
) {
  for (const deadline = Date.now() + 25_000; ;) {
    const found = pick(await get<T>(username, path))
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function transferTo2001(key: string): Promise<TransferView> {
  const res = await post(pano, '/switchboard/transfers', sessionOf('santral1'), {
    call: key,
    extensionId: fenExtension,
    kind: 'blind',
  })
  const body = (await res.json()) as { message: string; transfer: TransferView }
  expect([res.status, body.message]).toEqual([200, 'Çağrı Fen İşleri Müdürlüğü (2001) dahilisine aktarıldı.'])
  return body.transfer
}

/** Waits until the console shows the call being transferred to 2001 (the unit's phone rings). */
async function ringingAtUnit(key: string): Promise<void> {
  await eventually<SwitchboardSnapshot, true>(
    'santral1',
    '/switchboard',
    (s) => (s.calls.some((c) => c.key === key && c.state === 'transferring') ? true : undefined),
    'the call ringing at Fen İşleri',
  )
  expect(live.sim.channels().some((ch) => ch.startsWith('PJSIP/2001-'))).toBe(true)
}

/** The transfer as the console lists it once it is decided and its callback noted. */
async function decided(id: number): Promise<TransferView> {
  return eventually<SwitchboardSnapshot, TransferView>(
    'santral1',
    '/switchboard',
    (s) => s.transfers.find((t) => t.id === id && t.outcome !== 'PENDING' && t.callbackId !== null),
    'the transfer decided',
  )
}

async function checkCallerHungUp(transfer: TransferView, e164: string): Promise<void> {
  const ended = await decided(transfer.id)
  expect(ended).toMatchObject({ outcome: 'CALLER_HUNG_UP', unitName: 'Fen İşleri Müdürlüğü' })

  const alert = await until(
    () => alerts.filter((a) => a.transferId === transfer.id).at(-1),
    (a) => a !== undefined && a.message.includes('kapattı'),
    'the operator’s alert',
  )
  expect(alert?.message).toBe(
    'Fen İşleri Müdürlüğü birimine aktarılan arayan, birim cevap vermeden kapattı. ' +
      'Arayan kaybedildi; birim için geri arama kaydı açıldı.',
  )
  // The unit never let the call go: the operator was never told it did not answer.
  expect(alerts.filter((a) => a.transferId === transfer.id).map((a) => a.message)).toEqual([alert?.message])

  const list = await get<UnitCallbackList>('mudur', `/worklists/unit-callbacks?unitId=${fenUnit}`)
  expect(list.items.find((c) => c.id === ended.callbackId)).toMatchObject({
    unit: { id: fenUnit, name: 'Fen İşleri Müdürlüğü' },
    reason: 'TRANSFER_UNANSWERED',
    phoneE164: e164,
    callCount: 1,
  })
  const fen = (await get<SwitchboardSnapshot>('santral1', '/switchboard')).stats.find(
    (s) => s.unitName === 'Fen İşleri Müdürlüğü',
  )
  expect(fen?.callerHungUp).toBeGreaterThanOrEqual(1)
  expect(fen?.notAnswered).toBe(0)
}

describe('the caller hangs up while the unit still rings', () => {
  it('a call moved on while it still rang the operators', async () => {
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321117001',
      ringMember: 'Local/3001@operators/n',
      answer: false,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually<SwitchboardSnapshot, true>(
      'santral1',
      '/switchboard',
      (s) =>
        s.calls.some((c) => c.key === key && c.state === 'ringing' && c.transferable) ? true : undefined,
      'the call ringing santral1',
    )
    const transfer = await transferTo2001(key)
    await ringingAtUnit(key)

    live.sim.hangup(placed.channel)
    await checkCallerHungUp(transfer, '+905321117001')
  })

  it('a call the operator answered, then transferred', async () => {
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321117002',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 600_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually<SwitchboardSnapshot, true>(
      'santral1',
      '/switchboard',
      (s) =>
        s.calls.some((c) => c.key === key && c.state === 'talking' && c.transferable) ? true : undefined,
      'santral1 talking to the caller',
    )
    const transfer = await transferTo2001(key)
    await ringingAtUnit(key)

    live.sim.hangup(placed.channel)
    await checkCallerHungUp(transfer, '+905321117002')
  })
})
