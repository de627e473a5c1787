/**
 * The directorate's nudge (server/services/directorate-nudge.ts): a burst of changes makes one nudge
 * carrying only the time, local listeners hear every change, and after close nothing is sent (a
 * shutting-down server's Redis client may already be gone).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDirectorateNudge } from '../../../../server/services/directorate-nudge.ts'

afterEach(() => {
  vi.useRealTimers()
})

function recordingSink() {
  const sent: { room: string; event: string; payload: unknown }[] = []
  return {
    sent,
    emit: (room: string, event: string, payload: unknown) => void sent.push({ room, event, payload }),
  }
}

describe('the directorate nudge', () => {
  it('sends one nudge per burst to the directorate room, with the time only', () => {
    vi.useFakeTimers()
    const nudge = createDirectorateNudge('tickets:changed', { delayMs: 150, now: () => 42 })
    const sink = recordingSink()
    nudge.attachSink(sink)
    let heard = 0
    nudge.onChange(() => heard++)
    nudge.changed()
    nudge.changed()
    nudge.changed()
    expect(heard).toBe(3)
    vi.advanceTimersByTime(150)
    expect(sink.sent).toEqual([{ room: 'directorate', event: 'tickets:changed', payload: { at: 42 } }])
  })

  it('sends nothing once closed, not even a nudge that was waiting', () => {
    vi.useFakeTimers()
    const nudge = createDirectorateNudge('inbox:changed', { delayMs: 150 })
    const sink = recordingSink()
    nudge.attachSink(sink)
    nudge.changed()
    nudge.close()
    nudge.changed()
    vi.advanceTimersByTime(1000)
    expect(sink.sent).toEqual([])
  })
})
