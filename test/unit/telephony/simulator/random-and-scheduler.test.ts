import { describe, expect, it } from 'vitest'
import { Prng } from '../../../../telephony/simulator/random.ts'
import { VirtualScheduler } from '../../../../telephony/simulator/scheduler.ts'

describe('Prng', () => {
  it('repeats a sequence for a seed', () => {
    const a = new Prng(9)
    const b = new Prng(9)
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
  })

  it('draws lognormal and exponential values with the requested means', () => {
    const p = new Prng(3)
    const n = 20_000
    let logSum = 0
    let expSum = 0
    for (let i = 0; i < n; i++) {
      logSum += p.lognormal(90, 60)
      expSum += p.exponential(30)
    }
    expect(logSum / n).toBeGreaterThan(85)
    expect(logSum / n).toBeLessThan(95)
    expect(expSum / n).toBeGreaterThan(28.5)
    expect(expSum / n).toBeLessThan(31.5)
  })

  it('keeps integers within bounds', () => {
    const p = new Prng(1)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(p.int(2, 4))
    expect([...seen].sort()).toEqual([2, 3, 4])
  })
})

describe('VirtualScheduler', () => {
  it('runs tasks in time order, same-time tasks in insertion order, and moves the clock', () => {
    const s = new VirtualScheduler(1000)
    const log: string[] = []
    s.after(50, () => log.push(`b@${s.now()}`))
    s.after(10, () => {
      log.push(`a@${s.now()}`)
      s.after(0, () => log.push(`a2@${s.now()}`))
    })
    s.after(50, () => log.push(`c@${s.now()}`))
    const cancelled = s.after(20, () => log.push('never'))
    cancelled.cancel()
    s.runFor(40)
    expect(log).toEqual(['a@1010', 'a2@1010'])
    expect(s.now()).toBe(1040)
    s.runFor(100)
    expect(log).toEqual(['a@1010', 'a2@1010', 'b@1050', 'c@1050'])
  })
})
