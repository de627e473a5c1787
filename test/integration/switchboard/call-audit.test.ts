/**
 * KVKK on the santral console (docs/design.md §2.8): a live call that shows a demo citizen's name writes ONE
 * `citizen.switchboard-call` AuditLog row per operator it is shown to, however many updates carry the
 * name; a sync or GET by another user is that user's own read; an unknown caller writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWITCHBOARD_EVENTS, type SwitchboardUpdate } from '../../../server/contract/switchboard.ts'
import type { Actor as AuditActor } from '../../../server/services/audit/actor.ts'
import { createSwitchboardHarness, type SwitchboardHarness } from './switchboard-harness.ts'

let h: SwitchboardHarness
let santral1: AuditActor
let santral2: AuditActor
let mudur: AuditActor

beforeAll(async () => {
  h = await createSwitchboardHarness()
  santral1 = await h.viewer('santral1')
  santral2 = await h.viewer('santral2')
  mudur = await h.viewer('mudur')
})
afterAll(async () => {
  await h?.close()
})

/** The console reads of this call: actor id → number of rows. */
async function readsOfCall(callKey: string): Promise<Map<number, number>> {
  await h.sb.whenIdle()
  const rows = await h.prisma.auditLog.findMany({ where: { action: 'citizen.switchboard-call' } })
  const counts = new Map<number, number>()
  for (const r of rows) {
    if ((r.detail as { call?: unknown } | null)?.call !== callKey) continue
    counts.set(r.actorId ?? -1, (counts.get(r.actorId ?? -1) ?? 0) + 1)
  }
  return counts
}

/** The updates sent to the room that showed this call with a citizen's name. */
function updatesNaming(callKey: string, name: string): number {
  return h.emitted.filter(
    (e) =>
      e.event === SWITCHBOARD_EVENTS.update &&
      (e.payload as SwitchboardUpdate).parts.calls?.some((c) => c.key === callKey && c.citizenName === name),
  ).length
}

describe('switchboard calls × the KVKK access log', () => {
  it('writes one read per operator in the room for a known citizen, not one per update', async () => {
    h.viewers.splice(0, h.viewers.length, santral1, santral2)
    const hatice = await h.prisma.citizen.findFirstOrThrow({ where: { fullName: 'Hatice Arslan' } })
    const call = await h.answeredCall('05321112233')
    // The call moves on (ringing → talking, later a hangup): several deltas carry the name.
    await h.advanceUntil(
      () => (updatesNaming(call.key, 'Hatice Arslan') >= 2 ? true : undefined),
      'two updates naming the citizen',
    )
    expect(h.sb.snapshot().calls.find((c) => c.key === call.key)?.citizenName).toBe('Hatice Arslan')

    const reads = await readsOfCall(call.key)
    expect(Object.fromEntries(reads)).toEqual({ [santral1.userId]: 1, [santral2.userId]: 1 })
    const row = await h.prisma.auditLog.findFirstOrThrow({
      where: { action: 'citizen.switchboard-call', actorId: santral1.userId },
    })
    expect(row).toMatchObject({ entity: 'Citizen', entityId: String(hatice.id), actorRole: 'operator' })

    // Syncs by the same operators: still one row each.
    h.sb.snapshot(santral1)
    h.sb.snapshot(santral2)
    expect(Object.fromEntries(await readsOfCall(call.key))).toEqual({
      [santral1.userId]: 1,
      [santral2.userId]: 1,
    })

    // The müdür opens the console (sync or GET): the müdür's own read, once.
    h.sb.snapshot(mudur)
    h.sb.snapshot(mudur)
    expect(Object.fromEntries(await readsOfCall(call.key))).toEqual({
      [santral1.userId]: 1,
      [santral2.userId]: 1,
      [mudur.userId]: 1,
    })
    h.sim.hangup(call.channel)
    await h.advanceUntil(
      () => (h.sb.snapshot().calls.some((c) => c.key === call.key) ? undefined : true),
      'the call to leave the console',
    )
  })

  it('counts the same citizen calling again as a new read on the new call', async () => {
    h.viewers.splice(0, h.viewers.length, santral1)
    const call = await h.answeredCall('05321112233')
    await h.advanceUntil(
      () => (updatesNaming(call.key, 'Hatice Arslan') >= 1 ? true : undefined),
      'an update naming the citizen',
    )
    expect(Object.fromEntries(await readsOfCall(call.key))).toEqual({ [santral1.userId]: 1 })
    h.sim.hangup(call.channel)
    await h.advanceUntil(
      () => (h.sb.snapshot().calls.some((c) => c.key === call.key) ? undefined : true),
      'the call to leave the console',
    )
  })

  it('writes nothing for a caller who is no citizen on record', async () => {
    h.viewers.splice(0, h.viewers.length, santral1, santral2)
    const call = await h.answeredCall('05329990011')
    await h.advance(5_000)
    h.sb.snapshot(mudur)
    const view = h.sb.snapshot().calls.find((c) => c.key === call.key)
    expect(view).toMatchObject({ callerNumber: '+905329990011', citizenName: null })
    expect(h.emitted.some((e) => e.event === SWITCHBOARD_EVENTS.update)).toBe(true)
    expect((await readsOfCall(call.key)).size).toBe(0)
    h.sim.hangup(call.channel)
  })
})
