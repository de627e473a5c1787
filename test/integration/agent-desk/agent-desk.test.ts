import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OriginateProgress, ScreenPop } from '../../../server/contract/agent-desk.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { createDeskHarness, type DeskHarness } from './desk-harness.ts'

let h: DeskHarness
let agent1: { id: number; actor: Actor }

beforeAll(async () => {
  h = await createDeskHarness()
  agent1 = await h.user('agent1')
})
afterAll(async () => {
  await h?.close()
})

const AGENT1 = 'Local/1001@agents/n'

const popOf = (number: string, phase?: ScreenPop['phase']) => () =>
  h.pushed
    .filter((p) => p.room === `agent:${agent1.id}` && p.event === 'desk:pop')
    .map((p) => p.payload as ScreenPop)
    .filter((p) => p.callerNumber === number && (phase === undefined || p.phase === phase))
    .at(-1)

const progressOf = (id: string, state: OriginateProgress['state']) => () =>
  h.pushed
    .filter((p) => p.room === `agent:${agent1.id}` && p.event === 'desk:originate')
    .map((p) => p.payload as OriginateProgress)
    .find((p) => p.id === id && p.state === state)

describe('ticket and wrap-up from the call on screen', () => {
  it('links a ticket opened during the call to the Call row once it is stored, and saves the wrap-up on it', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05334445566',
      ringMember: AGENT1,
      answer: 1000,
      talkMs: 6000,
    })
    const talking = await h.advanceUntil(popOf('+905334445566', 'talking'), 'görüşmede')
    const fen = await h.prisma.unit.findUniqueOrThrow({ where: { code: 'fen-isleri' } })
    const created = await h.desk.createTicketFromPop(agent1.actor, talking.popId, {
      type: 'ISTEK',
      subject: 'Yol çökmesi',
      description: 'Mavişehir sahil yolunda çökme var.',
      unitId: fen.id,
    })
    expect(created.linked).toBe(false)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { id: created.ticket.id } })
    expect(ticket).toMatchObject({ channel: 'CAGRI_MERKEZI', unitId: fen.id, status: 'BIRIME_HAVALE' })
    expect(ticket.citizenId).toBe(talking.citizenId)

    await h.advanceUntil(popOf('+905334445566', 'wrap-up'), 'wrap-up')
    const link = await h.advanceUntil(
      () =>
        h.prisma.callTicket.findFirst({ where: { ticketId: created.ticket.id } }).then((r) => r ?? undefined),
      'the call link',
    )
    const call = await h.prisma.call.findUniqueOrThrow({ where: { id: link.callId } })
    expect(call).toMatchObject({ callKey: talking.callKey, callerNumber: '+905334445566' })
    const history = await h.prisma.ticketEvent.findMany({
      where: { ticketId: created.ticket.id },
      orderBy: { id: 'asc' },
    })
    expect(history.map((e) => e.kind)).toEqual(['CREATED', 'ROUTED', 'CALL_LINKED'])

    const code = await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'talep-olusturuldu' } })
    const saved = await h.desk.wrapUp(agent1.actor, talking.popId, {
      wrapUpCodeId: code.id,
      note: ' yol ekibine iletildi ',
    })
    expect(saved.callId).toBe(call.id)
    expect(await h.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      wrapUpCodeId: code.id,
      wrapUpNote: 'yol ekibine iletildi',
    })
    expect(h.desk.pops?.getPop(talking.popId)).toBeUndefined()
  })

  it('puts a wrap-up saved the moment the call ends, and the ticket opened during it, on the Call row at once', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05334440011',
      ringMember: AGENT1,
      answer: 1000,
      talkMs: 3000,
    })
    const talking = await h.advanceUntil(popOf('+905334440011', 'talking'), 'görüşmede')
    const created = await h.desk.createTicketFromPop(agent1.actor, talking.popId, {
      type: 'ISTEK',
      subject: 'Sokak lambası yanmıyor',
      description: 'Bostanlı’da iki sokak lambası yanmıyor.',
    })
    await h.advanceUntil(popOf('+905334440011', 'wrap-up'), 'wrap-up')
    // The recorder still gathers the call for its next write (server/services/calls/record-batching.ts).
    const code = await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'talep-olusturuldu' } })
    const saved = await h.desk.wrapUp(agent1.actor, talking.popId, { wrapUpCodeId: code.id })
    expect(saved.callId).not.toBeNull()
    expect(await h.prisma.call.findUniqueOrThrow({ where: { id: saved.callId ?? 0 } })).toMatchObject({
      callKey: talking.callKey,
      wrapUpCodeId: code.id,
    })
    expect(await h.prisma.callTicket.findFirst({ where: { ticketId: created.ticket.id } })).toMatchObject({
      callId: saved.callId,
    })
  })

  it('refuses a pop that is on another agent’s screen and an unknown wrap-up code', async () => {
    const agent2 = await h.user('agent2')
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05051234567',
      ringMember: AGENT1,
      answer: 500,
      talkMs: 2000,
    })
    const pop = await h.advanceUntil(popOf('+905051234567', 'talking'), 'görüşmede')
    await expect(h.desk.wrapUp(agent2.actor, pop.popId, { wrapUpCodeId: 1 })).rejects.toMatchObject({
      status: 403,
    })
    await expect(h.desk.wrapUp(agent1.actor, pop.popId, { wrapUpCodeId: 99_999 })).rejects.toMatchObject({
      status: 400,
    })
    await h.advanceUntil(popOf('+905051234567', 'wrap-up'), 'the end')
  })

  it('shows the agent’s own numbers for today', async () => {
    const state = await h.desk.state(agent1.actor)
    expect(state.today?.answered).toBeGreaterThanOrEqual(2)
    expect(state.today?.talkSec).toBeGreaterThan(0)
    expect(state.member).toMatchObject({ interface: AGENT1, paused: false })
    expect(state.pauseReasons.map((r) => r.code)).toContain('Mola')
    expect(state.pauseReasons.map((r) => r.code)).not.toContain('Auto-Pause')
  })
})

describe('a wrap-up left too long', () => {
  it('leaves the screen after 10 minutes for the list of calls waiting for a code, where it can still be coded', async () => {
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05067778899',
      ringMember: AGENT1,
      answer: 500,
      talkMs: 2000,
    })
    const ended = await h.advanceUntil(popOf('+905067778899', 'wrap-up'), 'the end of the call')
    expect(h.desk.pops?.popsOf(agent1.id).map((p) => p.popId)).toContain(ended.popId)
    // On screen it is not in the list yet.
    expect((await h.desk.uncodedCalls(agent1.actor)).map((c) => c.popId)).not.toContain(ended.popId)

    await h.advance(11 * 60_000)
    // The next change on the agents moves it off the screen (another call here).
    h.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05067770000',
      ringMember: AGENT1,
      answer: 500,
      talkMs: 1000,
    })
    const retracted = await h.advanceUntil(
      () =>
        h.pushed.find(
          (p) =>
            p.room === `agent:${agent1.id}` &&
            p.event === 'desk:pop-retract' &&
            (p.payload as { popId: string; reason: string }).popId === ended.popId,
        ),
      'the wrap-up to leave the screen',
    )
    expect(retracted.payload).toEqual({ popId: ended.popId, reason: 'wrap-up-expired' })
    expect(h.desk.pops?.popsOf(agent1.id).map((p) => p.popId)).not.toContain(ended.popId)

    const listed = await h.waitFor(
      async () => (await h.desk.uncodedCalls(agent1.actor)).find((c) => c.popId === ended.popId),
      'the call in the list',
    )
    expect(listed).toMatchObject({ callerDisplay: '0506 777 88 99', queueLabel: '444 1 575 Çağrı Merkezi' })
    const code = await h.prisma.wrapUpCode.findUniqueOrThrow({ where: { code: 'talep-olusturuldu' } })
    await h.desk.wrapUp(agent1.actor, ended.popId, { wrapUpCodeId: code.id })
    expect(await h.prisma.call.findUniqueOrThrow({ where: { id: listed.callId } })).toMatchObject({
      wrapUpCodeId: code.id,
    })
    expect((await h.desk.uncodedCalls(agent1.actor)).map((c) => c.popId)).not.toContain(ended.popId)
    // Another agent's list never shows it.
    const agent2 = await h.user('agent2')
    expect((await h.desk.uncodedCalls(agent2.actor)).map((c) => c.popId)).not.toContain(ended.popId)
  })
})

describe('pause and unpause', () => {
  it('pauses with a reason through the PBX and unpauses', async () => {
    const paused = await h.desk.pause(agent1.actor, 'Mola')
    expect(paused.message).toMatch(/paused/i)
    const member = await h.advanceUntil(
      () => (h.desk.pops?.memberOf(agent1.id)?.paused === true ? h.desk.pops.memberOf(agent1.id) : undefined),
      'the pause',
    )
    expect(member?.pausedReason).toBe('Mola')
    await h.desk.unpause(agent1.actor)
    await h.advanceUntil(
      () => (h.desk.pops?.memberOf(agent1.id)?.paused === false ? true : undefined),
      'the unpause',
    )
  })

  it('refuses an unknown reason, and shows the PBX’s refusal for an interface it does not know', async () => {
    await expect(h.desk.pause(agent1.actor, 'Kahve')).rejects.toMatchObject({ status: 400 })
    const ghost = await h.prisma.user.create({
      data: {
        username: 'ghost',
        displayName: 'Kayıp Temsilci',
        role: 'AGENT',
        passwordHash: 'x',
        memberInterfaces: { create: [{ interface: 'Local/1999@agents/n' }] },
      },
    })
    const actor: Actor = { userId: ghost.id, role: 'agent', unitId: null, ip: null }
    await expect(h.desk.pause(actor, 'Mola')).rejects.toMatchObject({
      status: 502,
      code: 'pbx_refused',
      message: expect.stringContaining('Interface not found') as unknown,
    })
    const noQueue = await h.prisma.user.create({
      data: { username: 'nomember', displayName: 'Kuyruksuz', role: 'AGENT', passwordHash: 'x' },
    })
    await expect(
      h.desk.pause({ userId: noQueue.id, role: 'agent', unitId: null, ip: null }, 'Mola'),
    ).rejects.toMatchObject({ status: 409, code: 'no_member_interface' })
  })
})

describe('click-to-call', () => {
  it('rings the agent, then the citizen of an answered ticket, and links the outbound call to the ticket', async () => {
    const ticket = await h.prisma.ticket.findFirstOrThrow({
      where: { citizen: { fullName: 'Hatice Arslan' } },
    })
    const started = await h.desk.calls.start(agent1.actor, {
      target: { kind: 'ticket', ticketId: ticket.id },
    })
    expect(started).toMatchObject({ state: 'calling', phoneDisplay: '0532 111 22 33' })
    const done = await h.advanceUntil(progressOf(started.id, 'connected'), 'bağlandı')
    expect(h.sim.groundTruth().originates.at(-1)).toMatchObject({
      number: '05321112233',
      channel: 'Local/1001@agents',
    })
    expect(done.callId).not.toBeNull()
    const call = await h.prisma.call.findUniqueOrThrow({ where: { id: done.callId ?? 0 } })
    expect(call).toMatchObject({
      direction: 'OUTBOUND',
      callerNumber: '+905321112233',
      agentUserId: agent1.id,
      outcome: 'ANSWERED',
    })
    expect(await h.prisma.callTicket.count({ where: { ticketId: ticket.id, callId: call.id } })).toBe(1)
  })

  it('reports "ulaşılamadı" with the reason when the agent’s own phone is busy', async () => {
    h.sim.setExtensionBehaviour('1001', 'busy')
    const callback = await h.prisma.callback.create({
      data: {
        phoneE164: '+905427778899',
        reason: 'ABANDONED',
        dueAt: new Date(h.sim.now()),
        firstCallAt: new Date(h.sim.now()),
        lastCallAt: new Date(h.sim.now()),
      },
    })
    const started = await h.desk.calls.start(agent1.actor, {
      target: { kind: 'callback', callbackId: callback.id },
    })
    const failed = await h.advanceUntil(progressOf(started.id, 'failed'), 'ulaşılamadı')
    expect(failed.detail).toBe('Dahili hattınız meşgul.')
    const call = await h.prisma.call.findUniqueOrThrow({ where: { id: failed.callId ?? 0 } })
    expect(call.outcome).toBe('NO_ANSWER')
    h.sim.setExtensionBehaviour('1001', 'answer')
  })

  it('dials only numbers on the record, and needs the agent’s extension', async () => {
    const ticket = await h.prisma.ticket.findFirstOrThrow({
      where: { citizen: { fullName: 'Hatice Arslan' } },
    })
    await expect(
      h.desk.calls.start(agent1.actor, {
        target: { kind: 'ticket', ticketId: ticket.id },
        phone: '0532 000 00 00',
      }),
    ).rejects.toMatchObject({ status: 400 })
    // The admin has no phone of their own (the demo müdür has one, for listening in).
    const admin = await h.user('admin')
    await expect(
      h.desk.calls.start(admin.actor, { target: { kind: 'ticket', ticketId: ticket.id } }),
    ).rejects.toMatchObject({ status: 409, code: 'no_extension' })
    const fen = await h.user('fen')
    await expect(
      h.desk.calls.start(fen.actor, { target: { kind: 'ticket', ticketId: ticket.id } }),
    ).rejects.toMatchObject({ status: 403 })
  })
})
