import { describe, expect, it } from 'vitest'
import { decodeAmiEvent, type TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { AmiMessage } from '../../../../telephony/ami/message.ts'
import { createTelephonyState, takeRecords } from '../../../../telephony/state/model.ts'
import { reduce, tick } from '../../../../telephony/state/reduce.ts'
import type { FinishedCall } from '../../../../telephony/state/records.ts'
import { applySnapshot, beginResync } from '../../../../telephony/state/resync.ts'
import { selectQueues } from '../../../../telephony/state/select.ts'
import { createPbxEngine, type PbxEngine } from '../../../../telephony/simulator/engine.ts'
import {
  coreShowChannels,
  deviceStateList,
  extensionStateList,
  queueStatus,
} from '../../../../telephony/simulator/lists.ts'

function decoded(fields: ReadonlyArray<readonly [string, string]>): TelephonyEvent | undefined {
  const msg = AmiMessage.of(fields)
  if (msg.kind !== 'event') return undefined
  const e = decodeAmiEvent(msg)
  return e.type === 'unknown' || e.type === 'decodeError' ? undefined : e
}

describe('resync against the simulator after missing events', () => {
  it('matches a connection that never dropped once the lists are applied', () => {
    const reference = createTelephonyState({ pbxId: 'sim', wrapUpSec: { 'cagri-merkezi': 5 } })
    const dropped = createTelephonyState({ pbxId: 'sim', wrapUpSec: { 'cagri-merkezi': 5 } })
    let offline = false
    const holder: { engine?: PbxEngine } = {}
    const engine = createPbxEngine(
      {
        clock: 'virtual',
        seed: 7,
        scenario: {
          ratePerMinute: 6,
          durationMs: 30 * 60_000,
          pauses: { perAgentPerHour: 4, reasons: ['Mola'], meanSec: 60 },
        },
      },
      (ev) => {
        const e = decoded(ev.fields)
        if (e === undefined) return
        const now = holder.engine?.pbx.now ?? 0
        reduce(reference, e, now)
        if (!offline) reduce(dropped, e, now)
      },
    )
    holder.engine = engine
    engine.virtual?.runFor(10 * 60_000)
    offline = true // the AMI connection is lost for 40 s: events go missing
    engine.virtual?.runFor(40_000)
    offline = false
    const now = engine.pbx.now
    beginResync(dropped, now)
    const lists = [
      ...coreShowChannels(engine.pbx, 'r1'),
      ...queueStatus(engine.pbx, engine.queues, 'r2'),
      ...deviceStateList(engine.pbx, 'r3'),
      ...extensionStateList(engine.pbx, 'r4'),
    ]
    const items = lists.map(decoded).filter((e): e is TelephonyEvent => e !== undefined)
    expect(items.some((e) => e.type === 'CoreShowChannel')).toBe(true)
    applySnapshot(dropped, items, now)

    const view = (s: typeof reference) =>
      selectQueues(s, now).map((q) => ({
        queue: q.name,
        waiting: q.waiting.map((w) => w.uniqueId).sort(),
        members: q.members.map((m) => [m.interface, m.paused, m.pausedReason]).sort(),
      }))
    expect(view(dropped)).toEqual(view(reference))
    expect([...dropped.channels.keys()].sort()).toEqual([...reference.channels.keys()].sort())
    // The device list and live traffic do not name the same devices; those both know agree.
    const shared = [...reference.devices.keys()].filter((d) => dropped.devices.has(d))
    expect(shared.length).toBeGreaterThan(3)
    for (const d of shared) expect([d, dropped.devices.get(d)]).toEqual([d, reference.devices.get(d)])

    // From here on both see the same events: calls that start after the resync are recorded alike.
    const before = new Set([...reference.queueCalls.keys(), ...dropped.queueCalls.keys()])
    takeRecords(reference)
    takeRecords(dropped)
    engine.virtual?.runFor(10 * 60_000)
    tick(reference, engine.pbx.now)
    tick(dropped, engine.pbx.now)
    const fresh = (calls: FinishedCall[]) =>
      calls.filter((c) => !before.has(c.callKey)).sort((a, b) => a.callKey.localeCompare(b.callKey))
    const ref = fresh(takeRecords(reference).finishedCalls)
    expect(ref.length).toBeGreaterThan(20)
    expect(fresh(takeRecords(dropped).finishedCalls)).toEqual(ref)
  })
})
