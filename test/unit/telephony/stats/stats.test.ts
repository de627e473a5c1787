import { describe, expect, it } from 'vitest'
import type { CallOutcome, FinishedCall } from '../../../../telephony/state/records.ts'
import { dayStartOf, formulaLabels, statsConfig } from '../../../../telephony/stats/config.ts'
import { computeStats, rebuildStats, statsOver, type LiveInputs } from '../../../../telephony/stats/report.ts'

const T = Date.parse('2026-11-26T07:00:00.000Z') // 10:00 in Istanbul
const at = (min: number) => T + min * 60_000

let seq = 0
function call(
  enteredMin: number,
  outcome: CallOutcome,
  waitSec: number,
  extra: Partial<FinishedCall> = {},
): FinishedCall {
  const answered = outcome === 'ANSWERED' || outcome === 'TRANSFERRED'
  const entered = at(enteredMin)
  const talk = answered ? 60 : null
  return {
    pbxId: 'main',
    callKey: `k${++seq}`,
    linkedId: `l${seq}`,
    direction: 'INBOUND',
    queue: 'cagri-merkezi',
    callerNumber: '+905321234567',
    callerName: null,
    agentName: answered ? 'Ayşe Yılmaz' : null,
    agentInterface: answered ? 'Local/1001@agents/n' : null,
    enteredAt: new Date(entered),
    answeredAt: answered ? new Date(entered + waitSec * 1000) : null,
    endedAt: new Date(entered + waitSec * 1000 + (talk ?? 0) * 1000),
    waitSec,
    talkSec: talk,
    outcome,
    transferredTo: outcome === 'TRANSFERRED' ? '2001' : null,
    missedBy: [],
    ...extra,
  }
}

const config = statsConfig({ queues: { 'cagri-merkezi': { wrapUpSec: 10 } } })

describe('queue metrics from finished calls', () => {
  const calls = [
    call(0, 'ANSWERED', 10), // within T
    call(1, 'ANSWERED', 30), // after T
    call(2, 'TRANSFERRED', 5), // within T, counted as answered too
    call(3, 'ABANDONED', 3), // short abandon: left out of SL and abandon rate
    call(4, 'ABANDONED', 15), // abandoned before T: not short, not after T
    call(5, 'ABANDONED', 40), // abandoned after T
    call(6, 'TIMEOUT', 120),
    call(7, 'EXIT_EMPTY', 2),
    call(8, 'EXIT_KEY', 9),
  ]
  const q = statsOver(calls, [], at(0), at(20), config).queues['cagri-merkezi']

  it('counts every outcome apart; answered includes transferred', () => {
    expect(q).toMatchObject({
      offered: 9,
      answered: 3,
      transferred: 1,
      abandoned: 3,
      shortAbandoned: 1,
      timedOut: 1,
      exitEmpty: 1,
      exitKey: 1,
    })
  })

  it('computes SL, ASA, AHT and abandon rate by the documented formulas', () => {
    // SL = 2 within 20 s ÷ (3 answered + 1 abandoned after 20 s)
    expect(q?.serviceLevelPct).toBe(50)
    // ASA = (10 + 30 + 5) ÷ 3
    expect(q?.asaSec).toBe(15)
    // AHT = (3 × 60 talk + 3 × 10 after-call work) ÷ 3
    expect(q?.ahtSec).toBe(70)
    // abandon rate = 2 not-short abandons ÷ (3 answered + 2)
    expect(q?.abandonRatePct).toBe(40)
  })

  it('counts a call answered while nobody watched the PBX as answered, out of SL, ASA, AHT and agents', () => {
    // Answered and ended during a takeover (state/resync-outcomes.ts): no answer time, no talk, no agent;
    // its waitSec is only a lower bound, so it must not move the averages.
    const unseen = call(9, 'ANSWERED', 2, {
      answeredAt: null,
      talkSec: null,
      agentName: null,
      agentInterface: null,
    })
    const w = statsOver([...calls, unseen], [], at(0), at(20), config)
    expect(w.queues['cagri-merkezi']).toMatchObject({
      offered: 10,
      answered: 4,
      serviceLevelPct: 50,
      asaSec: 15,
      ahtSec: 70,
      // answered counts it: 2 ÷ (4 + 2)
      abandonRatePct: 33.3,
    })
    expect(Object.values(w.agents).map((a) => a.answered)).toEqual([3])
  })

  it('shows the formula with the thresholds in use', () => {
    expect(formulaLabels(config).serviceLevel).toBe(
      'Servis seviyesi = 20 sn içinde cevaplanan ÷ (cevaplanan + 20 sn sonra terk); 5 sn ve daha kısa terkler hariç',
    )
    expect(formulaLabels(statsConfig({ serviceLevelSec: 30 })).serviceLevel).toContain(
      '30 sn içinde cevaplanan',
    )
  })

  it('uses a per-queue service-level threshold', () => {
    const santral = statsConfig({ queues: { santral: { serviceLevelSec: 30 } } })
    const w = statsOver([call(0, 'ANSWERED', 25, { queue: 'santral' })], [], at(0), at(5), santral)
    expect(w.queues['santral']?.serviceLevelPct).toBe(100)
  })

  it('gives null rather than a number when nothing was counted', () => {
    expect(
      statsOver([call(0, 'TIMEOUT', 120)], [], at(0), at(5), config).queues['cagri-merkezi'],
    ).toMatchObject({
      serviceLevelPct: null,
      asaSec: null,
      ahtSec: null,
      abandonRatePct: null,
    })
  })
})

describe('windows', () => {
  it('starts today at 00:00 Europe/Istanbul (21:00 UTC)', () => {
    expect(new Date(dayStartOf(T, config)).toISOString()).toBe('2026-11-25T21:00:00.000Z')
    const lateYesterday = call(0, 'ANSWERED', 5, {
      enteredAt: new Date('2026-11-25T20:59:00Z'),
      endedAt: new Date('2026-11-25T21:01:00Z'),
    })
    const justToday = call(0, 'ANSWERED', 5, {
      enteredAt: new Date('2026-11-25T21:00:30Z'),
      endedAt: new Date('2026-11-25T21:02:00Z'),
    })
    const r = rebuildStats([lateYesterday, justToday], [], Date.parse('2026-11-25T21:05:00Z'), config)
    expect(r.today.pbx.offered).toBe(1)
    expect(r.last15.pbx.offered).toBe(2)
  })

  it('keeps the last 15 and 60 minutes and a 5-minute trend', () => {
    const calls = [
      call(-70, 'ANSWERED', 5),
      call(-50, 'ABANDONED', 30),
      call(-10, 'ANSWERED', 5),
      call(-1, 'ANSWERED', 5),
    ]
    const r = rebuildStats(calls, [], at(0), config)
    expect([r.last15.pbx.offered, r.last60.pbx.offered, r.today.pbx.offered]).toEqual([2, 3, 4])
    expect(r.trend).toHaveLength(12)
    expect(r.trend.map((s) => s.pbx.offered)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0])
    expect(r.trend.at(-1)?.from).toBe(at(0))
  })

  it('spreads pause time over the windows and adds a pause still going on', () => {
    const pause = {
      pbxId: 'main',
      memberInterface: 'Local/1001@agents/n',
      memberName: 'Ayşe Yılmaz',
      reason: 'Mola',
      startedAt: new Date(at(-40)),
      endedAt: new Date(at(-10)),
    }
    const live: LiveInputs = {
      queues: [],
      agents: [{ interface: 'Local/1001@agents/n', name: 'Ayşe Yılmaz', loggedInSince: at(-120) }],
      openPauses: [{ interface: 'Local/1001@agents/n', name: 'Ayşe Yılmaz', reason: 'Yemek', since: at(-5) }],
      calls: [],
    }
    const r = rebuildStats([call(-30, 'ANSWERED', 5)], [pause], at(0), config, live)
    const a = r.last15.agents['Local/1001@agents/n']
    expect(a?.pausedByReasonSec).toEqual({ Mola: 5 * 60, Yemek: 5 * 60 })
    expect(r.today.agents['Local/1001@agents/n']?.pausedByReasonSec).toEqual({ Mola: 30 * 60, Yemek: 5 * 60 })
    // Occupancy in the last hour: (60 s talk + 10 s after-call work) ÷ (60 min logged in − 35 min paused)
    expect(r.last60.agents['Local/1001@agents/n']?.occupancyPct).toBeCloseTo((70 / (25 * 60)) * 100, 1)
  })

  it('keeps memory bounded however many calls finish', () => {
    const calls = Array.from({ length: 5000 }, (_, i) => call(-5000 + i, 'ANSWERED', 5))
    const r = rebuildStats(calls, [], at(0), config)
    expect(r.last60.pbx.offered).toBe(60)
  })
})

describe('live and rebuilt statistics', () => {
  it('are identical for the same records whatever order the records come in', () => {
    const calls = [
      call(-50, 'ANSWERED', 12),
      call(-40, 'ABANDONED', 4),
      call(-20, 'TRANSFERRED', 30),
      call(-3, 'TIMEOUT', 60),
    ]
    const one = rebuildStats(calls, [], at(0), config)
    const two = rebuildStats([...calls].reverse(), [], at(0), config)
    expect(two).toEqual(one)
    expect(computeStats).toBeTypeOf('function')
  })
})
