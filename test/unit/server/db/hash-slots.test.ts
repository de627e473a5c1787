import { describe, expect, it } from 'vitest'
import { createHashSlots, ServerBusyError } from '../../../../server/db/hash-slots.ts'

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('password hashing slots', () => {
  it('runs at most `limit` at once, queues `maxWaiting` more and refuses the rest with 503', async () => {
    const slots = createHashSlots(2, 3)
    const g = gate()
    let peak = 0
    let now = 0
    const task = async () => {
      now++
      peak = Math.max(peak, now)
      await g.opened
      now--
      return 'ok'
    }
    const settled = Promise.allSettled(Array.from({ length: 8 }, () => slots.run(task)))
    await Promise.resolve()
    expect(slots.running()).toBe(2)
    expect(slots.waiting()).toBe(3)
    g.open()
    const results = await settled
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
    const refused = results.filter((r) => r.status === 'rejected')
    expect(refused).toHaveLength(3)
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ServerBusyError)
      expect(r.reason).toMatchObject({ status: 503, code: 'server_busy' })
    }
    expect(peak).toBe(2)
    expect(slots.running()).toBe(0)
    expect(slots.waiting()).toBe(0)
  })

  it('frees the slot when a task fails', async () => {
    const slots = createHashSlots(1, 0)
    await expect(slots.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed')
    await expect(slots.run(() => Promise.resolve(1))).resolves.toBe(1)
  })
})
