/**
 * "Geri aranacak" at wrap-up, against the PBX simulator and PostgreSQL: the agent picks a time; one
 * outside office hours, on a weekend, on a holiday or after 13:00 on an arife is refused with the
 * nearest time that would do; a good one becomes a call back that the missed-call worklist shows from
 * that time on, to the agent who promised it, or to every agent when it was left to the queue.
 * Simulated clock: Monday 2 March 2026, 10:00 in İzmir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScreenPop } from '../../../server/contract/agent-desk.ts'
import { ValidationError } from '../../../server/errors.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { missedCallsWorklist } from '../../../server/services/tickets/worklists.ts'
import { createDeskHarness, type DeskHarness } from './desk-harness.ts'

let h: DeskHarness
let agent1: { id: number; actor: Actor }
let agent2: { id: number; actor: Actor }
let mudur: { id: number; actor: Actor }
let codeId: number
let otherCodeId: number

beforeAll(async () => {
  h = await createDeskHarness()
  agent1 = await h.user('agent1')
  agent2 = await h.user('agent2')
  mudur = await h.user('mudur')
  codeId = (await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'geri-aranacak' } })).id
  otherCodeId = (await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'bilgi-verildi' } })).id
}, 60_000)
afterAll(async () => {
  await h?.close()
})

/** A call agent1 answers and the caller ends: its pop waiting for the wrap-up. */
async function finishedCall(number: string): Promise<ScreenPop> {
  h.sim.placeCall({
    queue: 'cagri-merkezi',
    callerNumber: number,
    ringMember: 'Local/1001@agents/n',
    answer: 1000,
    talkMs: 4000,
  })
  const e164 = `+9${number}`
  return h.advanceUntil(
    () =>
      h.pushed
        .filter((p) => p.room === `agent:${agent1.id}` && p.event === 'desk:pop')
        .map((p) => p.payload as ScreenPop)
        .filter((p) => p.callerNumber === e164 && p.phase === 'wrap-up')
        .at(-1),
    'the wrap-up',
  )
}

/** The worklist as `actor` sees it at an İzmir wall-clock time. */
function worklistAt(actor: Actor, istanbul: string) {
  const at = new Date(`${istanbul}+03:00`)
  return missedCallsWorklist({ ...h.services, clock: { now: () => at } }, actor)
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ValidationError)
  return JSON.stringify((e as ValidationError).details)
}

describe('geri aranacak at a chosen time', () => {
  it('refuses times outside office hours, weekends, holidays and arife afternoons, naming the nearest good time', async () => {
    const pop = await finishedCall('05321230001')
    const wrap = (at: string) =>
      h.desk.wrapUp(agent1.actor, pop.popId, {
        wrapUpCodeId: codeId,
        callback: { at: `${at}+03:00`, assignTo: 'me' },
      })
    expect(await refusal(wrap('2026-03-02T19:00:00'))).toMatch(
      /mesai dışında \(mesai 08:30–17:30\)\. En yakın uygun zaman: 3 Mart Salı 08:30/,
    )
    expect(await refusal(wrap('2026-03-07T11:00:00'))).toMatch(/Hafta sonu.*9 Mart Pazartesi 08:30/)
    expect(await refusal(wrap('2026-03-20T11:00:00'))).toMatch(/Ramazan Bayramı.*23 Mart Pazartesi 08:30/)
    expect(await refusal(wrap('2026-03-19T14:00:00'))).toMatch(/arife günü mesai 08:30–13:00/)
    expect(await refusal(wrap('2026-03-02T09:00:00'))).toMatch(/ileride/)
    // The code asks for a time, and no other code takes one.
    expect(await refusal(h.desk.wrapUp(agent1.actor, pop.popId, { wrapUpCodeId: codeId }))).toMatch(
      /zamanını seçin/,
    )
    expect(
      await refusal(
        h.desk.wrapUp(agent1.actor, pop.popId, {
          wrapUpCodeId: otherCodeId,
          callback: { at: '2026-03-03T11:00:00+03:00', assignTo: 'me' },
        }),
      ),
    ).toMatch(/yalnızca/)
    expect(await h.prisma.callback.count({ where: { reason: 'SCHEDULED' } })).toBe(0)
  }, 60_000)

  it('puts a call back promised by the agent on their own worklist from that time on', async () => {
    const pop = await finishedCall('05321230002')
    const done = await h.desk.wrapUp(agent1.actor, pop.popId, {
      wrapUpCodeId: codeId,
      note: 'Kira yardımı başvurusu soruldu',
      callback: { at: '2026-03-03T11:00:00+03:00', assignTo: 'me', note: 'Başvuru sonucunu söyle' },
    })
    expect(done.callback?.dueAt).toBe('2026-03-03T08:00:00.000Z')
    const row = await h.prisma.callback.findUniqueOrThrow({ where: { id: done.callback?.id ?? 0 } })
    expect(row).toMatchObject({
      reason: 'SCHEDULED',
      status: 'OPEN',
      phoneE164: '+905321230002',
      assignedUserId: agent1.id,
      queue: 'cagri-merkezi',
      note: 'Başvuru sonucunu söyle',
    })
    const has = (items: { phoneE164: string }[]) => items.some((i) => i.phoneE164 === '+905321230002')
    expect(has(await worklistAt(agent1.actor, '2026-03-03T10:59:00'))).toBe(false)
    const due = await worklistAt(agent1.actor, '2026-03-03T11:00:00')
    expect(due.find((i) => i.phoneE164 === '+905321230002')).toMatchObject({
      reasons: ['SCHEDULED'],
      scheduled: [
        { dueAt: '2026-03-03T08:00:00.000Z', assignedTo: 'Ayşe Yılmaz', note: 'Başvuru sonucunu söyle' },
      ],
    })
    // Another agent does not get it; the müdür sees it.
    expect(has(await worklistAt(agent2.actor, '2026-03-03T11:30:00'))).toBe(false)
    expect(has(await worklistAt(mudur.actor, '2026-03-03T11:30:00'))).toBe(true)
  }, 60_000)

  it('leaves a call back for the queue to every agent, and moves it when the wrap-up is saved again', async () => {
    const pop = await finishedCall('05321230003')
    const first = await h.desk.wrapUp(agent1.actor, pop.popId, {
      wrapUpCodeId: codeId,
      callback: { at: '2026-03-02T15:00:00+03:00', assignTo: 'queue' },
    })
    // Saved again later, as from the desk's list of calls: the pop has left the screen, so the call is
    // found by its stored record (written by the call recorder a moment after the call ends).
    await h.advanceUntil(
      async () => (await h.prisma.call.findFirst({ where: { callerNumber: '+905321230003' } })) ?? undefined,
      'the call stored',
    )
    const again = await h.desk.wrapUp(agent1.actor, pop.popId, {
      wrapUpCodeId: codeId,
      callback: { at: '2026-03-02T16:30:00+03:00', assignTo: 'queue' },
    })
    expect(again.callback?.id).toBe(first.callback?.id)
    expect(await h.prisma.callback.count({ where: { phoneE164: '+905321230003' } })).toBe(1)
    const has = (items: { phoneE164: string }[]) => items.some((i) => i.phoneE164 === '+905321230003')
    expect(has(await worklistAt(agent2.actor, '2026-03-02T16:00:00'))).toBe(false)
    expect(has(await worklistAt(agent2.actor, '2026-03-02T16:30:00'))).toBe(true)
    expect(has(await worklistAt(agent1.actor, '2026-03-02T16:30:00'))).toBe(true)
  }, 60_000)
})
