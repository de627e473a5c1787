import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PopRetracted, ScreenPop } from '../../../server/contract/agent-desk.ts'
import { createDeskHarness, type DeskHarness } from '../agent-desk/desk-harness.ts'

let h: DeskHarness
let agent1: { id: number }
let agent2: { id: number }

beforeAll(async () => {
  h = await createDeskHarness()
  agent1 = await h.user('agent1')
  agent2 = await h.user('agent2')
})
afterAll(async () => {
  await h?.close()
})

const AGENT1 = 'Local/1001@agents/n'

function popsIn(room: string): ScreenPop[] {
  return h.pushed.filter((p) => p.room === room && p.event === 'desk:pop').map((p) => p.payload as ScreenPop)
}

function lastPop(userId: number, callerNumber: string, match?: (pop: ScreenPop) => boolean) {
  return () =>
    popsIn(`agent:${userId}`)
      .filter((p) => p.callerNumber === callerNumber)
      .filter((p) => match === undefined || match(p))
      .at(-1)
}

describe('screen pop', () => {
  it('pops the known caller with their open ticket on the rung agent only, audits the read, then follows the call', async () => {
    const before = h.pushed.length
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321112233',
      ringMember: AGENT1,
      answer: 3000,
      talkMs: 4000,
    })
    await h.advance(500)
    const pop = await h.waitFor(
      lastPop(agent1.id, '+905321112233', (p) => p.match !== 'pending'),
      'the pop',
    )
    expect(pop).toMatchObject({
      phase: 'ringing',
      match: 'single',
      queue: 'cagri-merkezi',
      queueLabel: '444 1 575 Çağrı Merkezi',
      callerDisplay: '0532 111 22 33',
    })
    expect(pop.candidates).toHaveLength(1)
    expect(pop.candidates[0]).toMatchObject({ fullName: 'Hatice Arslan', mahalle: 'Bostanlı' })
    expect(pop.candidates[0]?.openTickets.map((t) => t.subject)).toEqual(['Çöp konteyneri boşaltılmadı'])
    expect(['ok', 'due-soon', 'due-today', 'overdue']).toContain(pop.candidates[0]?.openTickets[0]?.deadline)
    expect(pop.citizenId).toBe(pop.candidates[0]?.id)
    expect(pop.waitedSec).toBeGreaterThanOrEqual(0)

    // Every agent's own room may get its own member state; the call goes to agent1's room only.
    const rooms = new Set(
      h.pushed
        .slice(before)
        .filter((p) => p.event !== 'desk:member')
        .map((p) => p.room),
    )
    expect([...rooms]).toEqual([`agent:${agent1.id}`])
    expect(popsIn(`agent:${agent2.id}`)).toEqual([])

    const audit = await h.prisma.auditLog.findMany({
      where: { action: 'citizen.screen-pop', entityId: String(pop.candidates[0]?.id) },
    })
    expect(audit.map((a) => a.actorId)).toEqual([agent1.id])

    await h.advanceUntil(
      lastPop(agent1.id, '+905321112233', (p) => p.phase === 'talking'),
      'görüşmede',
    )
    const ended = await h.advanceUntil(
      lastPop(agent1.id, '+905321112233', (p) => p.phase === 'wrap-up'),
      'wrap-up',
    )
    expect(ended.answeredAt).not.toBeNull()
    expect(ended.endedAt).not.toBeNull()
  })

  it('says "kayıtlı değil" for an unknown number', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '0555 999 00 11',
      ringMember: AGENT1,
      answer: 1000,
      talkMs: 1000,
    })
    const pop = await h.advanceUntil(
      lastPop(agent1.id, '+905559990011', (p) => p.match !== 'pending'),
      'the pop',
    )
    expect(pop.match).toBe('none')
    expect(pop.candidates).toEqual([])
    await h.advanceUntil(
      lastPop(agent1.id, '+905559990011', (p) => p.phase === 'wrap-up'),
      'the end',
    )
  })

  it('shows a +90 number libphonenumber does not know as a Turkish number', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '+905119031180',
      ringMember: AGENT1,
      answer: 1000,
      talkMs: 1000,
    })
    const pop = await h.advanceUntil(
      lastPop(agent1.id, '+905119031180', (p) => p.match !== 'pending'),
      'the pop',
    )
    expect(pop).toMatchObject({ match: 'none', callerDisplay: '0511 903 11 80' })
    await h.advanceUntil(
      lastPop(agent1.id, '+905119031180', (p) => p.phase === 'wrap-up'),
      'the end',
    )
  })

  it('lists every record holding a shared number to choose from', async () => {
    const shared = await h.prisma.citizen.create({
      data: { fullName: 'Kemal Aktaş', mahalle: 'Nergiz', phones: { create: [{ e164: '+905069876543' }] } },
    })
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '+90 506 987 65 43',
      ringMember: AGENT1,
      answer: 1000,
      talkMs: 1000,
    })
    const pop = await h.advanceUntil(
      lastPop(agent1.id, '+905069876543', (p) => p.match !== 'pending'),
      'the pop',
    )
    expect(pop.match).toBe('several')
    expect(pop.candidates.map((c) => c.fullName).sort()).toEqual(['Kemal Aktaş', 'Selin Aktaş'])
    expect(pop.citizenId).toBeNull()
    const chosen = await h.desk.selectCitizen((await h.user('agent1')).actor, pop.popId, shared.id)
    expect(chosen?.citizenId).toBe(shared.id)
    await h.advanceUntil(
      lastPop(agent1.id, '+905069876543', (p) => p.phase === 'wrap-up'),
      'the end',
    )
  })

  it('takes the pop back when the agent does not answer', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05427778899',
      ringMember: AGENT1,
      answer: false,
      patienceMs: 25_000,
    })
    const pop = await h.advanceUntil(lastPop(agent1.id, '+905427778899'), 'the pop')
    const retract = await h.advanceUntil(
      () =>
        h.pushed
          .filter((p) => p.event === 'desk:pop-retract')
          .map((p) => ({ room: p.room, ...(p.payload as PopRetracted) }))
          .find((r) => r.popId === pop.popId),
      'the retraction',
    )
    expect(retract).toEqual({ room: `agent:${agent1.id}`, popId: pop.popId, reason: 'no-answer' })
  })
})
