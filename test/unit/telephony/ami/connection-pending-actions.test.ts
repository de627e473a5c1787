import { describe, expect, it } from 'vitest'
import { AmiActionError, AmiDisconnectedError, AmiTimeoutError } from '../../../../telephony/ami/errors.ts'
import { AmiMessage } from '../../../../telephony/ami/message.ts'
import { backoffDelay } from '../../../../telephony/connection/backoff.ts'
import { isListEnd, PendingActions, type Timers } from '../../../../telephony/connection/pending-actions.ts'

/** Timers that fire only when the test says so. */
function manualTimers(): Timers & { fire(ms?: number): void; armed(): number[] } {
  let next = 1
  const timers = new Map<number, { fn: () => void; ms: number }>()
  return {
    setTimeout(fn, ms) {
      timers.set(next, { fn, ms })
      return next++
    },
    clearTimeout(h) {
      timers.delete(h as number)
    },
    fire(ms) {
      for (const [h, t] of [...timers]) {
        if (ms === undefined || t.ms === ms) {
          timers.delete(h)
          t.fn()
        }
      }
    },
    armed: () => [...timers.values()].map((t) => t.ms),
  }
}

const msg = (...fields: Array<[string, string]>) => AmiMessage.of(fields)

describe('PendingActions', () => {
  it('a response settles its action by ActionID; Error becomes AmiActionError', async () => {
    const p = new PendingActions(manualTimers())
    const a = p.expectResponse('x-1', 'QueuePause', 1000)
    const b = p.expectResponse('x-2', 'QueuePause', 1000)
    expect(p.route(msg(['Response', 'Error'], ['ActionID', 'x-2'], ['Message', 'Interface not found']))).toBe(
      true,
    )
    expect(
      p.route(
        msg(['Response', 'Success'], ['ActionID', 'x-1'], ['Message', 'Interface paused successfully']),
      ),
    ).toBe(true)
    const [ra, rb] = await Promise.all([a, b])
    expect(ra.ok && ra.value.get('Message')).toBe('Interface paused successfully')
    expect(!rb.ok && rb.error instanceof AmiActionError && rb.error.amiMessage).toBe('Interface not found')
    expect(p.size).toBe(0)
  })

  it('messages without a waiting ActionID are not claimed', () => {
    const p = new PendingActions(manualTimers())
    void p.expectResponse('x-1', 'Ping', 1000)
    expect(p.route(msg(['Event', 'Newstate']))).toBe(false)
    expect(p.route(msg(['Response', 'Success'], ['ActionID', 'other']))).toBe(false)
    expect(p.route(msg(['Event', 'Something'], ['ActionID', 'x-1']))).toBe(false)
  })

  it('old-style list without EventList ends at the …Complete event (panoramisk Asterisk 11 QueueStatus)', async () => {
    const p = new PendingActions(manualTimers())
    const list = p.expectList('q-1', 'QueueStatus', 1000)
    p.route(msg(['Response', 'Success'], ['ActionID', 'q-1'], ['Message', 'Queue status will follow']))
    p.route(msg(['Event', 'QueueParams'], ['ActionID', 'q-1']))
    p.route(msg(['Event', 'QueueMember'], ['ActionID', 'q-1']))
    p.route(msg(['Event', 'QueueStatusComplete'], ['ActionID', 'q-1']))
    const r = await list
    expect(r.ok && r.value.items.map((m) => m.get('Event'))).toEqual(['QueueParams', 'QueueMember'])
  })

  it('EventList: cancelled or an Error response fails the list; a timeout reports AmiTimeoutError', async () => {
    const timers = manualTimers()
    const p = new PendingActions(timers)
    const cancelled = p.expectList('a', 'Status', 1000)
    const refused = p.expectList('b', 'ExtensionStateList', 1000)
    const silent = p.expectList('c', 'QueueStatus', 777)
    p.route(msg(['Response', 'Success'], ['ActionID', 'a'], ['EventList', 'start']))
    p.route(msg(['Event', 'StatusComplete'], ['ActionID', 'a'], ['EventList', 'Cancelled']))
    p.route(msg(['Response', 'Error'], ['ActionID', 'b'], ['Message', 'No dialplan hints are available']))
    timers.fire(777)
    const [a, b, c] = await Promise.all([cancelled, refused, silent])
    expect(!a.ok && a.error).toBeInstanceOf(AmiActionError)
    expect(!b.ok && b.error instanceof AmiActionError && b.error.amiMessage).toBe(
      'No dialplan hints are available',
    )
    expect(!c.ok && c.error instanceof AmiTimeoutError && c.error.timeoutMs).toBe(777)
  })

  it('Originate: ack re-arms the timer for OriginateResponse, which settles the outcome', async () => {
    const timers = manualTimers()
    const p = new PendingActions(timers)
    const o = p.expectOriginate('o-1', 100, 40_000)
    expect(timers.armed()).toEqual([100])
    p.route(msg(['Response', 'Success'], ['ActionID', 'o-1'], ['Message', 'Originate successfully queued']))
    expect(timers.armed()).toEqual([40_000])
    expect(p.route(msg(['Event', 'Newchannel'], ['ActionID', 'o-1']))).toBe(false)
    p.route(
      msg(
        ['Event', 'OriginateResponse'],
        ['ActionID', 'o-1'],
        ['Response', 'Success'],
        ['Reason', '4'],
        ['Uniqueid', '1795668600.1'],
        ['Channel', 'PJSIP/1001-00000001'],
      ),
    )
    const r = await o
    expect(r.ok && r.value).toMatchObject({
      success: true,
      reason: 4,
      uniqueid: '1795668600.1',
      channel: 'PJSIP/1001-00000001',
    })
    expect(timers.armed()).toEqual([])
  })

  it('Originate that never gets OriginateResponse times out after the ack', async () => {
    const timers = manualTimers()
    const p = new PendingActions(timers)
    const o = p.expectOriginate('o-2', 100, 40_000)
    p.route(msg(['Response', 'Success'], ['ActionID', 'o-2']))
    timers.fire(40_000)
    const r = await o
    expect(!r.ok && r.error instanceof AmiTimeoutError && r.error.timeoutMs).toBe(40_000)
  })

  it('rejectAll settles every waiting action with the disconnect reason and forgets them', async () => {
    const timers = manualTimers()
    const p = new PendingActions(timers)
    const all = [
      p.expectResponse('1', 'Redirect', 10),
      p.expectList('2', 'QueueStatus', 10),
      p.expectOriginate('3', 10, 10),
    ]
    p.rejectAll('ping-timeout')
    for (const r of await Promise.all(all))
      expect(!r.ok && r.error instanceof AmiDisconnectedError && r.error.reason).toBe('ping-timeout')
    expect(p.size).toBe(0)
    expect(timers.armed()).toEqual([])
  })
})

describe('isListEnd', () => {
  it.each([
    [
      [
        ['Event', 'QueueStatusComplete'],
        ['EventList', 'Complete'],
      ],
      true,
    ],
    [
      [
        ['Event', 'DeviceStateListComplete'],
        ['EventList', 'COMPLETE'],
      ],
      true,
    ],
    [[['Event', 'QueueStatusComplete']], true],
    [[['Event', 'QueueMember']], false],
    [
      [
        ['Event', 'QueueMember'],
        ['EventList', 'start'],
      ],
      false,
    ],
  ] as Array<[Array<[string, string]>, boolean]>)('%j → %s', (fields, end) => {
    expect(isListEnd(AmiMessage.of(fields))).toBe(end)
  })
})

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap; jitter spans the upper half of each step', () => {
    const policy = { initialMs: 500, maxMs: 30_000 }
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, () => 0, policy))).toEqual([
      250, 500, 1000, 2000, 15_000,
    ])
    expect([0, 1, 10].map((n) => backoffDelay(n, () => 1, policy))).toEqual([500, 1000, 30_000])
    expect(backoffDelay(6, () => 0.5, policy)).toBe(22_500)
  })
})
