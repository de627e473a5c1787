/**
 * The santral console against the PBX simulator over TCP (through a recording proxy): live calls, the
 * transfer actions as the PBX receives them, their follow-up into Transfer rows, alerts and callbacks,
 * and a PBX refusal that leaves the call with the operator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferAlertView } from '../../../server/contract/switchboard.ts'
import { AppError } from '../../../server/errors.ts'
import { ALERT_EVENT, createSwitchboardHarness, type SwitchboardHarness } from './switchboard-harness.ts'

let h: SwitchboardHarness

beforeAll(async () => {
  h = await createSwitchboardHarness()
})
afterAll(async () => {
  await h?.close()
})

const rowOf = (id: number) => h.prisma.transfer.findUniqueOrThrow({ where: { id } })

describe('live calls', () => {
  it('shows a switchboard call waiting, then talking with the operator who holds it', async () => {
    const placed = h.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321110001',
      ringMember: 'Local/3001@operators/n',
      answer: 3000,
      talkMs: 20_000,
    })
    const waiting = await h.advanceUntil(
      () => h.sb.snapshot().calls.find((c) => c.callId === placed.linkedid),
      'the call on the console',
    )
    expect(['waiting', 'ringing']).toContain(waiting.state)
    expect(waiting.callerNumber).toBe('+905321110001')
    expect(waiting.queue).toBe('santral')
    const talking = await h.advanceUntil(
      () => h.sb.snapshot().calls.find((c) => c.callId === placed.linkedid && c.state === 'talking'),
      'the operator answering',
    )
    expect(talking.holder).toBe('Operatör Fatma Kaya')
    expect(talking.transferable).toBe(true)
    expect(talking.since).toBeLessThan(talking.answeredAt ?? 0)
  })
})

describe('blind transfer', () => {
  it('sends BlindTransfer on the operator channel to 2002@departments and records the answer', async () => {
    const call = await h.answeredCall('05321110002')
    const result = await h.sb.transfer(await h.actor('santral1'), {
      call: call.key,
      extensionId: await h.extensionId('2002'),
      kind: 'blind',
    })
    expect(result.message).toContain('Zabıta')
    expect(result.pbxMessage).toBe('Transfer succeeded')
    const sent = h.proxy.actions('BlindTransfer').at(-1)
    expect(sent?.get('Channel')).toMatch(/^Local\/3001@operators-[0-9a-f]+;1$/)
    expect(sent?.get('Exten')).toBe('2002')
    expect(sent?.get('Context')).toBe('departments')

    const id = result.transfer?.id ?? 0
    await h.advanceUntil(
      async () => ((await rowOf(id)).outcome === 'ANSWERED' ? true : undefined),
      'answered',
    )
    expect(h.sim.channels().some((c) => c.startsWith('PJSIP/2002-'))).toBe(true)
    const truth = h.sim.groundTruth().calls.find((c) => c.linkedid === call.callId)
    expect(truth?.transfer).toMatchObject({ kind: 'blind', target: '2002', answered: true })
    const row = await rowOf(id)
    expect(row).toMatchObject({ kind: 'BLIND', targetExten: '2002', callerNumber: '+905321110002' })
    expect(row.answeredAt).not.toBeNull()
    const zabita = h.sb.snapshot().stats.find((s) => s.unitName === 'Zabıta Müdürlüğü')
    expect(zabita).toMatchObject({ transfers: 1, answered: 1, answerRatePct: 100 })
  })

  it('reports a transfer the unit never answers, alerts the operator and opens a callback for the unit', async () => {
    h.sim.setExtensionBehaviour('2001', 'never-answer')
    const call = await h.answeredCall('05321110003')
    const result = await h.sb.transfer(await h.actor('santral1'), {
      call: call.key,
      extensionId: await h.extensionId('2001'),
      kind: 'blind',
    })
    const id = result.transfer?.id ?? 0
    await h.advanceUntil(
      async () => ((await rowOf(id)).outcome === 'NOT_ANSWERED' ? true : undefined),
      'not answered',
    )
    await h.sb.whenIdle()
    const alerts = h.emitted.filter((e) => e.event === ALERT_EVENT).map((e) => e.payload as TransferAlertView)
    expect(alerts.some((a) => a.transferId === id && a.message.includes('Fen İşleri'))).toBe(true)
    const fen = await h.prisma.unit.findUniqueOrThrow({ where: { code: 'fen-isleri' } })
    const callback = await h.prisma.callback.findFirst({
      where: { phoneE164: '+905321110003', reason: 'TRANSFER_UNANSWERED', status: 'OPEN' },
    })
    expect(callback?.unitId).toBe(fen.id)
    expect(h.sb.snapshot().transfers.find((t) => t.id === id)).toMatchObject({
      outcome: 'NOT_ANSWERED',
      callbackId: callback?.id,
    })
    h.sim.setExtensionBehaviour('2001', 'answer')
  })

  it('shows the PBX refusal and leaves the call with the operator', async () => {
    const call = await h.answeredCall('05321110004')
    h.proxy.refuse = (a) => (a.get('Action') === 'BlindTransfer' ? 'Transfer failed' : null)
    try {
      const error = await h.sb
        .transfer(await h.actor('santral1'), {
          call: call.key,
          extensionId: await h.extensionId('2003'),
          kind: 'blind',
        })
        .then(
          () => null,
          (e: unknown) => e,
        )
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).message).toContain('Transfer failed')
    } finally {
      h.proxy.refuse = null
    }
    await h.advance(500)
    const after = h.sb.snapshot().calls.find((c) => c.callId === call.callId)
    expect(after).toMatchObject({ state: 'talking', holder: 'Operatör Fatma Kaya', transferable: true })
    expect(h.sim.channels().some((c) => c.startsWith('PJSIP/2003-'))).toBe(false)
    const failed = await h.prisma.transfer.findFirstOrThrow({ where: { linkedId: call.callId } })
    expect(failed.outcome).toBe('FAILED')
    h.sim.hangup(call.channel)
    await h.advance(1000)
  })

  it('refuses a call key with CR/LF before anything reaches the PBX', async () => {
    const call = await h.answeredCall('05321110005')
    const before = h.proxy.bytes().length
    await expect(
      h.sb.transfer(await h.actor('santral1'), {
        call: `${call.key}\r\nAction: Hangup`,
        extensionId: await h.extensionId('2001'),
        kind: 'blind',
      }),
    ).rejects.toMatchObject({ status: 400 })
    await h.advance(250)
    expect(h.proxy.bytes().slice(before)).not.toMatch(/Hangup|BlindTransfer/)
    expect(h.sb.snapshot().calls.find((c) => c.callId === call.callId)?.state).toBe('talking')
    h.sim.hangup(call.channel)
    await h.advance(1000)
  })
})

describe('attended transfer', () => {
  it('consults the unit, then completes: Atxfer, Hangup of the consult leg, caller bridged to the unit', async () => {
    const call = await h.answeredCall('05321110006')
    const result = await h.sb.transfer(await h.actor('santral1'), {
      call: call.key,
      extensionId: await h.extensionId('2004'),
      kind: 'attended',
    })
    const atxfer = h.proxy.actions('Atxfer').at(-1)
    expect(atxfer?.get('Exten')).toBe('2004')
    expect(atxfer?.get('Channel')).toMatch(/^Local\/3001@operators-[0-9a-f]+;1$/)
    const id = result.transfer?.id ?? 0
    await h.advanceUntil(
      () =>
        h.sb.snapshot().calls.find((c) => c.callId === call.callId)?.consult?.answered ? true : undefined,
      'the unit answering the consult',
    )
    await expect(h.sb.completeConsult(await h.actor('santral1'), id)).resolves.toMatchObject({ ok: true })
    expect(h.proxy.actions('Hangup').at(-1)?.get('Channel')).toBe(atxfer?.get('Channel'))
    await h.advanceUntil(
      async () => ((await rowOf(id)).outcome === 'ANSWERED' ? true : undefined),
      'answered',
    )
  })

  it('returns the consulted call to the operator with CancelAtxfer', async () => {
    h.sim.setExtensionBehaviour('2005', 'never-answer')
    const call = await h.answeredCall('05321110007')
    const result = await h.sb.transfer(await h.actor('santral1'), {
      call: call.key,
      extensionId: await h.extensionId('2005'),
      kind: 'attended',
    })
    const id = result.transfer?.id ?? 0
    await h.advance(2000)
    await expect(h.sb.returnTransfer(await h.actor('santral1'), id)).resolves.toMatchObject({ ok: true })
    expect(h.proxy.actions('CancelAtxfer').at(-1)?.get('Channel')).toMatch(/^Local\/3001@operators-/)
    await h.sb.whenIdle()
    expect((await rowOf(id)).outcome).toBe('RETURNED')
    // The consult leg going was the return itself: nobody was told the unit did not answer.
    expect(h.sb.snapshot().transfers.find((t) => t.id === id)).toMatchObject({
      outcome: 'RETURNED',
      alerted: false,
    })
    const back = await h.advanceUntil(
      () => h.sb.snapshot().calls.find((c) => c.callId === call.callId && c.state === 'talking'),
      'the caller back with the operator',
    )
    expect(back.holder).toBe('Operatör Fatma Kaya')
    h.sim.setExtensionBehaviour('2005', 'answer')
    h.sim.hangup(call.channel)
  })
})
