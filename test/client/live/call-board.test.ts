import { describe, expect, it } from 'vitest'
import type { CallView } from '../../../server/contract/views.ts'
import { ApiClient } from '../../../client/src/lib/api.ts'
import { callSeconds, callSummary, orderCalls } from '../../../client/src/lib/live/call-board.ts'
import { SPY_STARTED_TEXT, startSpy } from '../../../client/src/lib/spy.ts'

const AT = 1_800_000_000_000

function call(id: string, over: Partial<CallView>): CallView {
  return {
    pbxId: 'main',
    callId: id,
    startedAt: AT - 60_000,
    phase: 'talking',
    queue: 'cagri-merkezi',
    waitSec: null,
    answeredAt: null,
    answeredAtUnknown: false,
    agentName: null,
    agentInterface: null,
    parties: 2,
    stale: false,
    ...over,
  }
}

describe('the live calls board', () => {
  it('puts waiting callers first, the longest wait on top, then ringing, then the longest talking', () => {
    const calls = [
      call('talk-short', { answeredAt: AT - 10_000 }),
      call('wait-short', { phase: 'waiting', waitSec: 5, startedAt: AT - 5_000 }),
      call('talk-long', { answeredAt: AT - 300_000 }),
      call('ring', { phase: 'ringing', queue: null }),
      // Its IVR made it start earlier, but it has waited less in the queue.
      call('wait-long', { phase: 'waiting', waitSec: 90, startedAt: AT - 100_000 }),
      call('hold', { phase: 'on-hold', answeredAt: AT - 120_000 }),
      call('wait-ivr', { phase: 'waiting', waitSec: 40, startedAt: AT - 600_000 }),
    ]
    expect(orderCalls(calls).map((c) => c.callId)).toEqual([
      'wait-long',
      'wait-ivr',
      'wait-short',
      'ring',
      'talk-long',
      'hold',
      'talk-short',
    ])
    expect(callSummary(calls)).toBe('3 çağrı bekliyor · 1 çalıyor · 3 görüşmede')
    expect(callSummary(calls.filter((c) => c.phase !== 'waiting'))).toBe(
      'Bekleyen çağrı yok · 1 çalıyor · 3 görüşmede',
    )
  })

  it('ticks the wait from the view’s time and the talk from the answer, and never invents an unknown answer', () => {
    const waiting = call('w', { phase: 'waiting', waitSec: 42 })
    expect(callSeconds(waiting, AT, AT)).toBe(42)
    expect(callSeconds(waiting, AT, AT + 3_000)).toBe(45)
    const talking = call('t', { answeredAt: AT - 75_000 })
    expect(callSeconds(talking, AT, AT)).toBe(75)
    expect(callSeconds(talking, AT, AT + 5_000)).toBe(80)
    const resynced = call('r', { answeredAt: null, answeredAtUnknown: true })
    expect(callSeconds(resynced, AT, AT + 5_000)).toBeNull()
    expect(callSeconds(call('g', { phase: 'ringing', startedAt: AT - 4_000 }), AT, AT)).toBe(4)
  })
})

describe('starting a listen', () => {
  function recording(status: number, body: unknown) {
    const sent: unknown[] = []
    const api = new ApiClient({
      fetch: (_url, init) => {
        sent.push(JSON.parse(init?.body as string))
        return Promise.resolve(
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
        )
      },
    })
    return { api, sent }
  }

  it('sends only the agent, the mode and, from a live call, the call it must still be', async () => {
    const { api, sent } = recording(202, { id: 'x' })
    const agentRow = { pbxId: 'main', interface: 'Local/1004@agents/n', name: 'Emre Şahin', state: 'on-call' }
    expect(await startSpy(api, agentRow, 'listen')).toEqual({ ok: true, text: SPY_STARTED_TEXT })
    await startSpy(api, { pbxId: 'main', interface: 'Local/1004@agents/n', callId: '1700.12' }, 'barge')
    expect(sent).toEqual([
      { pbxId: 'main', interface: 'Local/1004@agents/n', mode: 'listen' },
      { pbxId: 'main', interface: 'Local/1004@agents/n', mode: 'barge', callId: '1700.12' },
    ])
  })

  it('shows the server’s Turkish reason when the agent is on another call by now', async () => {
    const { api } = recording(409, {
      error: { code: 'call_changed', kind: 'conflict', message: 'Temsilci artık bu çağrıda değil.' },
    })
    expect(
      await startSpy(api, { pbxId: 'main', interface: 'Local/1004@agents/n', callId: 'old' }, 'listen'),
    ).toEqual({
      ok: false,
      text: 'Temsilci artık bu çağrıda değil.',
    })
  })
})
