/**
 * Transfers an operator makes from their own phone (the PBX's blind or attended transfer, seen as
 * BlindTransfer/AttendedTransfer, never through the console) in the per-unit transfer figures, through
 * the real app over HTTP: the santral console's table and the reports' "Santral aktarımları" count them
 * under the unit of the extension they went to, as "Telefondan" (their outcome is not followed, so the
 * answer rate leaves them out), and a transfer made from the console is counted once, not again as one
 * made from the phone. The console's "Son aktarımlar" lists them too (part `phoneTransfers`), with the
 * line, unit, caller and time, newest first, and a console transfer there once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportView } from '../../../server/contract/reports.ts'
import type { SwitchboardSnapshot, UnitTransferStatsView } from '../../../server/contract/switchboard.ts'
import { isPhoneTransferRecord } from '../../../server/services/switchboard/transfer-store.ts'
import { DEMO_PBX_ID } from '../../../telephony/index.ts'
import { get as getAs, post, signIn, type PanoAddress, type Session } from '../../support/node-http.ts'
import { startLivePano, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
let pano: PanoAddress
const who: Record<string, Session> = {}

beforeAll(async () => {
  live = await startLivePano()
  pano = { name: 'pano', url: live.pano.url }
  for (const username of ['santral1', 'mudur']) who[username] = await signIn(pano, username)
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

async function eventually<R>(read: () => Promise<R | undefined>, what: string): Promise<R> {
  for (const deadline = Date.now() + 20_000; ;) {
    const found = await read()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The console's row for a unit once `ready` holds for it. */
function unitRow(unitName: string, ready: (s: UnitTransferStatsView) => boolean) {
  return eventually(async () => {
    const s = (await get<SwitchboardSnapshot>('santral1', '/switchboard')).stats.find(
      (x) => x.unitName === unitName,
    )
    return s !== undefined && ready(s) ? s : undefined
  }, `the console's figures for ${unitName}`)
}

const ZABITA = 'Zabıta Müdürlüğü'
const PARK = 'Park ve Bahçeler Müdürlüğü'

/** A santral call santral1 answers, then transfers from their own phone after `afterMs`. */
function phoneTransfer(callerNumber: string, kind: 'blind' | 'attended', exten: string) {
  return live.sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: 'Local/3001@operators/n',
    answer: 200,
    talkMs: 60_000,
    transfer: { kind, exten, afterMs: 500 },
  })
}

describe('transfers made from the operator’s phone', () => {
  it('count per unit on the console, apart from the console’s own, and add up', async () => {
    phoneTransfer('05321118001', 'blind', '2002')
    const blind = await unitRow(ZABITA, (s) => s.fromPhone === 1)
    expect(blind).toMatchObject({
      transfers: 1,
      fromPhone: 1,
      answered: 0,
      notAnswered: 0,
      callerHungUp: 0,
      answerRatePct: null,
    })

    phoneTransfer('05321118002', 'attended', '2004')
    const attended = await unitRow(PARK, (s) => s.fromPhone === 1)
    expect(attended).toMatchObject({ transfers: 1, fromPhone: 1, answerRatePct: null })

    // The same unit from the console: one transfer more, answered, and still one from the phone.
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321118003',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 60_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually(async () => {
      const s = await get<SwitchboardSnapshot>('santral1', '/switchboard')
      return s.calls.some((c) => c.key === key && c.state === 'talking') ? true : undefined
    }, 'santral1 talking to the third caller')
    const zabita = await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    const res = await post(pano, '/switchboard/transfers', sessionOf('santral1'), {
      call: key,
      extensionId: zabita.id,
      kind: 'blind',
    })
    expect(res.status).toBe(200)
    const both = await unitRow(ZABITA, (s) => s.answered === 1)
    // Once its call record is written too, the console's transfer is still counted once.
    await eventually(
      async () =>
        (await live.pano.prisma.call.count({
          where: { linkedId: placed.linkedid, outcome: 'TRANSFERRED' },
        })) > 0
          ? true
          : undefined,
      'the transferred call stored',
    )
    await live.pano.switchboard?.whenIdle()
    const after = (await get<SwitchboardSnapshot>('santral1', '/switchboard')).stats.find(
      (x) => x.unitName === ZABITA,
    )
    for (const row of [both, after]) {
      expect(row).toMatchObject({ transfers: 2, fromPhone: 1, answered: 1, answerRatePct: 100 })
      const s = row as UnitTransferStatsView
      expect(
        s.answered + s.notAnswered + s.callerHungUp + s.returned + s.failed + s.pending + s.fromPhone,
      ).toBe(s.transfers)
    }

    // The reports' per-unit table counts them the same way.
    const view = await get<ReportView>('mudur', '/reports')
    const table = view.tables.find((t) => t.id === 'aktarimlar')
    expect(table?.columns.map((c) => c.label)).toContain('Telefondan')
    expect(table?.rows.find((r) => r['unit'] === ZABITA)).toMatchObject({
      transfers: 2,
      answered: 1,
      fromPhone: 1,
      answerRatePct: 100,
    })
    expect(table?.rows.find((r) => r['unit'] === PARK)).toMatchObject({ transfers: 1, fromPhone: 1 })
    expect(table?.total).toMatchObject({ transfers: 3, fromPhone: 2 })
  })

  it('lists those made from the operator’s phone, newest first, and a console transfer once', async () => {
    // The test above left its own phone transfers in today's list: these come on top of them.
    const snapshot = () => get<SwitchboardSnapshot>('santral1', '/switchboard')
    const earlier = (await snapshot()).phoneTransfers.length
    const first = phoneTransfer('05321118101', 'blind', '2002')
    const listed = await eventually(async () => {
      const s = await snapshot()
      return s.phoneTransfers.length === earlier + 1 ? s.phoneTransfers : undefined
    }, 'the first phone transfer listed')
    const zabitaLine = await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    expect(listed[0]).toMatchObject({
      pbxId: DEMO_PBX_ID,
      callId: first.linkedid,
      targetExten: '2002',
      targetLabel: zabitaLine.label,
      unitName: ZABITA,
      callerNumber: '+905321118101',
    })
    expect(typeof listed[0]?.at).toBe('number')
    expect(typeof listed[0]?.key).toBe('string')

    const second = phoneTransfer('05321118102', 'attended', '2004')
    const both = await eventually(async () => {
      const s = await snapshot()
      return s.phoneTransfers.length === earlier + 2 ? s.phoneTransfers : undefined
    }, 'the second phone transfer listed')
    expect(both.slice(0, 2).map((t) => [t.callId, t.unitName])).toEqual([
      [second.linkedid, PARK],
      [first.linkedid, ZABITA],
    ])
    expect((both[0]?.at ?? 0) >= (both[1]?.at ?? 0)).toBe(true)

    // From the console: listed as the console's transfer, and not again once its call record is stored.
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321118103',
      ringMember: 'Local/3001@operators/n',
      answer: 200,
      talkMs: 60_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually(async () => {
      const s = await snapshot()
      return s.calls.some((c) => c.key === key && c.state === 'talking') ? true : undefined
    }, 'santral1 talking to the third caller')
    const res = await post(pano, '/switchboard/transfers', sessionOf('santral1'), {
      call: key,
      extensionId: zabitaLine.id,
      kind: 'blind',
    })
    expect(res.status).toBe(200)
    const record = await eventually(
      () =>
        live.pano.prisma.call
          .findFirst({ where: { linkedId: placed.linkedid, outcome: 'TRANSFERRED' } })
          .then((r) => r ?? undefined),
      'the transferred call stored',
    )
    // Its record reads like one made from a phone: only the console's row keeps it out of the list.
    expect(isPhoneTransferRecord(record)).toBe(true)
    await live.pano.switchboard?.whenIdle()
    const after = await eventually(async () => {
      const s = await snapshot()
      return s.transfers.some((t) => t.callId === placed.linkedid && t.outcome === 'ANSWERED') ? s : undefined
    }, 'the console transfer answered')
    expect(after.transfers.filter((t) => t.callId === placed.linkedid)).toHaveLength(1)
    expect(after.phoneTransfers.slice(0, 2).map((t) => t.callId)).toEqual([second.linkedid, first.linkedid])
    expect(after.phoneTransfers).toHaveLength(earlier + 2)
  })
})
