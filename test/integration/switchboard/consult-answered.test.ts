/**
 * A consult (attended transfer) the unit answers late, through the real app over HTTP and the
 * operator's console socket, against the PBX simulator: the operator is alerted that the unit does not
 * answer; once it answers, that alert is taken off their console (the consult is there to be
 * completed), not left standing until the transfer is completed.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardSnapshot,
  type TransferAlertView,
} from '../../../server/contract/switchboard.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { createPbxSimulator, DEMO_PBX_ID, type PbxSimulator } from '../../../telephony/index.ts'
import { followSimulator } from '../../support/simulator-telephony.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'

let db: TestDatabase
let sim: PbxSimulator
let pano: RunningPano
const sockets: TestSocket[] = []
let santral1: { cookie: string; csrfToken: string; socket: Socket }
const heard: Array<{ event: string; payload: unknown }> = []

beforeAll(async () => {
  db = await createTestDatabase()
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 5, noise: 'none' })
  pano = await startPano(
    loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', SIMULATOR: 'off' }),
    {
      database: { prisma: db.prisma, kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
      seedDemo: true,
      clientDir: null,
      print: () => {},
      startTelephony: followSimulator(sim),
      // The unit below answers after 5 s: the operator is alerted before that.
      switchboard: { alertAfterMs: 2000 },
    },
  )
  const res = await fetch(`${pano.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'santral1', password: 'demo' }),
  })
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('pano_session='))
      ?.split(';')[0] ?? ''
  const me = await fetch(`${pano.url}/api/v1/auth/me`, { headers: { cookie } })
  const { csrfToken } = (await me.json()) as { csrfToken: string }
  const socket: Socket = await openTestSocket(pano.url, { cookie }, sockets)
  for (const event of [SWITCHBOARD_EVENTS.alert, SWITCHBOARD_EVENTS.alertCleared])
    socket.on(event, (payload: unknown) => heard.push({ event, payload }))
  santral1 = { cookie, csrfToken, socket }
})

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await pano?.close()
  await sim?.close()
  await db?.drop()
})

async function consoleNow(): Promise<SwitchboardSnapshot> {
  const res = await fetch(`${pano.url}/api/v1/switchboard`, { headers: { cookie: santral1.cookie } })
  return (await res.json()) as SwitchboardSnapshot
}

/** Polls the console (HTTP) until `pick` finds something in it. */
async function eventually<R>(pick: (s: SwitchboardSnapshot) => R | undefined, what: string): Promise<R> {
  for (const deadline = Date.now() + 20_000; ;) {
    const found = pick(await consoleNow())
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function post(path: string, body: unknown = {}) {
  const res = await fetch(`${pano.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      cookie: santral1.cookie,
      'x-csrf-token': santral1.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const sync = () =>
  new Promise<{ ok: boolean; data?: SwitchboardSnapshot }>((resolve) =>
    santral1.socket.emit(SWITCHBOARD_EVENTS.sync, resolve),
  )

describe('a consult the unit answers after the operator was alerted', () => {
  it('takes the alert off the operator’s console once the unit answers', async () => {
    sim.setExtensionBehaviour('2004', 'answer', { answerAfterMs: 5000 })
    const park = await db.prisma.extension.findFirstOrThrow({ where: { number: '2004' } })
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05321230404',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 600_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually(
      (s) => s.calls.find((c) => c.key === key && c.state === 'talking'),
      'santral1 talking to the caller',
    )

    const started = await post('/switchboard/transfers', {
      call: key,
      extensionId: park.id,
      kind: 'attended',
    })
    expect(started.status).toBe(200)
    const transferId = (started.body['transfer'] as { id: number }).id

    const alert = await until(
      () => heard.find((h) => h.event === SWITCHBOARD_EVENTS.alert),
      (h) => h !== undefined,
      'the alert that the unit does not answer',
    )
    expect(alert?.payload).toMatchObject({
      transferId,
      message: 'Park ve Bahçeler Müdürlüğü 2 saniyedir cevap vermiyor.',
    })

    // The unit answers: the consult waits to be completed, and the alert about it is gone.
    await eventually(
      (s) => s.calls.find((c) => c.key === key && c.consult?.answered === true),
      'the unit answering the consult',
    )
    await until(
      () => heard.find((h) => h.event === SWITCHBOARD_EVENTS.alertCleared),
      (h) => h !== undefined,
      'the alert taken off the console',
    )
    expect(heard.find((h) => h.event === SWITCHBOARD_EVENTS.alertCleared)?.payload).toEqual({ transferId })
    const synced = await sync()
    expect(synced.data?.alerts.filter((a: TransferAlertView) => a.transferId === transferId)).toEqual([])
    expect(synced.data?.calls.find((c) => c.key === key)?.consult).toMatchObject({
      transferId,
      answered: true,
    })

    expect((await post(`/switchboard/transfers/${transferId}/complete`)).status).toBe(200)
    sim.hangup(placed.channel)
  })
})
