/**
 * The call recorder on PostgreSQL: one Call row per finished call however often it is handed over,
 * agent and citizen resolved, pause intervals stored once, and the missed-call worklist: one open row
 * per number with its count, short abandons left out, out-of-hours marked, answered callers dropped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { seedDatabase } from '../../../server/db/index.ts'
import { createCallRecorder, type CallRecorder } from '../../../server/services/calls/call-recorder.ts'
import { createHolidayTableCalendar } from '../../../server/services/tickets/calendar-source.ts'
import type { FinishedCall, PauseInterval } from '../../../telephony/index.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'

let db: TestDatabase
let recorder: CallRecorder
let citizenId: number

/** Thursday 26 Nov 2026, 10:00 Istanbul. */
const T0 = Date.parse('2026-11-26T07:00:00Z')
const AGENT = 'Local/1001@agents/n'
let seq = 0

function call(p: Partial<FinishedCall> & { outcome: FinishedCall['outcome'] }): FinishedCall {
  const enteredAt = p.enteredAt ?? new Date(T0 + seq * 60_000)
  const waitSec = p.waitSec ?? 30
  const answered = p.outcome === 'ANSWERED' || p.outcome === 'TRANSFERRED'
  seq++
  return {
    pbxId: 'main',
    callKey: `1795.${seq}`,
    linkedId: `1795.${seq}`,
    direction: 'INBOUND',
    queue: 'cagri-merkezi',
    callerNumber: '+905417006655',
    callerName: null,
    agentName: answered ? 'Ayşe Yılmaz' : null,
    agentInterface: answered ? AGENT : null,
    enteredAt,
    answeredAt: answered ? new Date(enteredAt.getTime() + waitSec * 1000) : null,
    endedAt: new Date(enteredAt.getTime() + waitSec * 1000 + (answered ? 60_000 : 0)),
    waitSec,
    talkSec: answered ? 60 : null,
    transferredTo: null,
    missedBy: [],
    ...p,
  }
}

const record = (finishedCalls: FinishedCall[], pauses: PauseInterval[] = []) =>
  recorder.record({ pbxId: 'main', finishedCalls, pauses })

const openCallbacks = () =>
  db.prisma.callback.findMany({
    where: { status: 'OPEN', reason: { in: ['ABANDONED', 'OUT_OF_HOURS'] } },
    orderBy: { id: 'asc' },
  })

beforeAll(async () => {
  db = await createTestDatabase()
  await seedDatabase(db.prisma, { demo: true })
  const citizen = await db.prisma.citizen.create({
    data: { fullName: 'Deniz Arslan', phones: { create: { e164: '+905417006655' } } },
  })
  citizenId = citizen.id
}, 60_000)

afterAll(async () => {
  await db.drop()
})

beforeEach(async () => {
  await db.prisma.callback.deleteMany({ where: { reason: { in: ['ABANDONED', 'OUT_OF_HOURS'] } } })
  recorder = createCallRecorder({
    prisma: db.prisma,
    logger: captureLogger().logger,
    shortAbandonSecOf: () => 5,
    calendar: createHolidayTableCalendar(db.prisma, { now: () => new Date() }, 0),
  })
})

describe('call records', () => {
  it('stores a call once however often it is handed over, with its agent user and citizen', async () => {
    const c = call({ outcome: 'ANSWERED', waitSec: 12.5 })
    await record([c])
    await record([c])
    await record([c, call({ outcome: 'ANSWERED' })])
    const rows = await db.prisma.call.findMany({ where: { callKey: { in: [c.callKey] } } })
    expect(rows).toHaveLength(1)
    const agent = await db.prisma.memberInterface.findUnique({ where: { interface: AGENT } })
    expect(rows[0]).toMatchObject({
      outcome: 'ANSWERED',
      waitSec: 12.5,
      talkSec: 60,
      agentUserId: agent?.userId,
      citizenId,
      callerNumber: '+905417006655',
    })
    expect(recorder.counters).toMatchObject({ callsInserted: 2, callsDuplicate: 2 })
  })

  it('stores a pause interval once', async () => {
    const p: PauseInterval = {
      pbxId: 'main',
      memberInterface: AGENT,
      memberName: 'Ayşe Yılmaz',
      reason: 'Mola',
      startedAt: new Date(T0),
      endedAt: new Date(T0 + 300_000),
    }
    await record([], [p])
    await record([], [p])
    expect(
      await db.prisma.pauseInterval.count({ where: { memberInterface: AGENT, startedAt: p.startedAt } }),
    ).toBe(1)
  })
})

describe('missed-call worklist feed', () => {
  it('keeps one open row per number, counting each unserved try, and ignores short abandons', async () => {
    const first = call({ outcome: 'ABANDONED', waitSec: 40 })
    await record([first])
    await record([first]) // replayed: not a second try
    await record([call({ outcome: 'ABANDONED', waitSec: 3 })]) // short abandon
    const last = call({ outcome: 'TIMEOUT', waitSec: 120 })
    await record([last])
    const open = await openCallbacks()
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({
      phoneE164: '+905417006655',
      reason: 'ABANDONED',
      callCount: 2,
      citizenId,
      firstCallAt: first.endedAt,
      lastCallAt: last.endedAt,
    })
  })

  it('marks a caller who rang outside office hours', async () => {
    const night = call({
      outcome: 'ABANDONED',
      waitSec: 30,
      callerNumber: '+905447778899',
      enteredAt: new Date(Date.parse('2026-11-26T20:00:00Z')), // 23:00 Istanbul
    })
    await record([night])
    const open = await openCallbacks()
    expect(open.map((o) => [o.phoneE164, o.reason, o.citizenId])).toEqual([
      ['+905447778899', 'OUT_OF_HOURS', null],
    ])
    // Due within office time: the next morning's opening (08:30 Istanbul = 05:30Z) plus two hours.
    expect(open[0]?.dueAt.toISOString()).toBe('2026-11-27T07:30:00.000Z')
  })

  it('never makes a missed call fall due on a holiday: the callback waits for the next working day', async () => {
    // Friday 27 Nov 2026 made a holiday by the admin: the night caller of Thursday is due on Monday.
    await db.prisma.holiday.create({
      data: { date: new Date('2026-11-27T00:00:00Z'), name: 'İdari izin', kind: 'FULL' },
    })
    try {
      await record([
        call({
          outcome: 'ABANDONED',
          waitSec: 30,
          callerNumber: '+905447778800',
          enteredAt: new Date(Date.parse('2026-11-26T20:00:00Z')),
        }),
        // Friday 11:00 Istanbul: inside office hours, but a holiday, so not an ABANDONED-in-hours call.
        call({
          outcome: 'ABANDONED',
          waitSec: 30,
          callerNumber: '+905447778801',
          enteredAt: new Date(Date.parse('2026-11-27T08:00:00Z')),
        }),
      ])
      const open = await openCallbacks()
      expect(open.map((o) => [o.phoneE164, o.reason, o.dueAt.toISOString()])).toEqual([
        ['+905447778800', 'OUT_OF_HOURS', '2026-11-30T07:30:00.000Z'],
        ['+905447778801', 'OUT_OF_HOURS', '2026-11-30T07:30:00.000Z'],
      ])
    } finally {
      await db.prisma.holiday.delete({ where: { date: new Date('2026-11-27T00:00:00Z') } })
    }
  })

  it('drops a caller off the list once a later call of theirs is answered', async () => {
    await record([call({ outcome: 'ABANDONED', waitSec: 40 })])
    await record([call({ outcome: 'EXIT_EMPTY', waitSec: 8 })])
    expect((await openCallbacks()).map((o) => o.callCount)).toEqual([2])
    const answered = call({ outcome: 'ANSWERED', waitSec: 5 })
    await record([answered])
    expect(await openCallbacks()).toEqual([])
    const done = await db.prisma.callback.findMany({ where: { phoneE164: '+905417006655', status: 'DONE' } })
    expect(done.map((d) => d.closedAt?.getTime())).toEqual([answered.answeredAt?.getTime()])
  })

  it('drops a caller off the list when a later call was answered while Pano could not see it', async () => {
    await record([call({ outcome: 'ABANDONED', waitSec: 40 })])
    // Answered and ended in a takeover (telephony/state/resync-outcomes.ts): no answer time, no talk.
    const unseen = call({
      outcome: 'ANSWERED',
      answeredAt: null,
      talkSec: null,
      agentName: null,
      agentInterface: null,
    })
    await record([unseen])
    expect(await openCallbacks()).toEqual([])
    const done = await db.prisma.callback.findMany({ where: { phoneE164: '+905417006655', status: 'DONE' } })
    expect(done.map((d) => d.closedAt?.getTime())).toEqual([unseen.endedAt.getTime()])
  })

  it('in one batch, a missed call put on the list and a later answered one take the caller off again', async () => {
    const other = '+905417006656'
    const missed = call({ outcome: 'ABANDONED', waitSec: 40 })
    const otherMissed = call({ outcome: 'TIMEOUT', waitSec: 300, callerNumber: other })
    const answered = call({ outcome: 'ANSWERED', waitSec: 5 })
    await record([answered, otherMissed, missed])
    expect((await openCallbacks()).map((o) => o.phoneE164)).toEqual([other])
    const done = await db.prisma.callback.findMany({ where: { phoneE164: '+905417006655', status: 'DONE' } })
    expect(done.map((d) => d.closedAt?.getTime())).toEqual([answered.answeredAt?.getTime()])
  })

  it('leaves withheld and internal numbers off the list', async () => {
    await record([call({ outcome: 'ABANDONED', waitSec: 60, callerNumber: null })])
    await record([call({ outcome: 'ABANDONED', waitSec: 60, callerNumber: '1002' })])
    expect(await openCallbacks()).toEqual([])
  })
})
