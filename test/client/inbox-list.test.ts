import { afterEach, describe, expect, it, vi } from 'vitest'
import { debounce, inboxQueryString, senderText, waitedText } from '../../client/src/lib/inbox-list.ts'

const NOW = Date.parse('2026-12-05T12:00:00Z')
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString()

describe('Gelen kutusu in words', () => {
  it.each([
    [0.5, 'şimdi'],
    [4, '4 dk'],
    [60, '1 sa'],
    [125, '2 sa 5 dk'],
    [24 * 60, '1 gün'],
    [50 * 60 + 30, '2 gün 2 sa'],
  ])('waited %s min → %s', (minutes, text) => {
    expect(waitedText(ago(minutes), NOW)).toBe(text)
  })

  it('asks only for what differs from the defaults', () => {
    const base = { channel: null, claimed: 'all', state: 'waiting', offset: 0, limit: 50 } as const
    expect(inboxQueryString(base)).toBe('?limit=50')
    expect(
      inboxQueryString({ ...base, channel: 'WHATSAPP', claimed: 'mine', state: 'done', offset: 50 }),
    ).toBe('?channel=WHATSAPP&claimed=mine&state=done&offset=50&limit=50')
  })

  it('names the sender, else the address or the number', () => {
    expect(senderText({ sender: { name: 'Ayşe Y.', email: 'a@example.org', phone: null } })).toBe('Ayşe Y.')
    expect(senderText({ sender: { name: ' ', email: 'a@example.org', phone: null } })).toBe('a@example.org')
    expect(senderText({ sender: { name: null, email: null, phone: '+905321112233' } })).toBe('0532 111 22 33')
    expect(senderText({ sender: { name: null, email: null, phone: null } })).toBe('Gönderen belirtilmemiş')
  })
})

describe('a burst of nudges', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reads the list once after the last one, and not at all once cancelled', () => {
    vi.useFakeTimers()
    const reload = vi.fn()
    const later = debounce(reload, 400)
    later.call()
    vi.advanceTimersByTime(300)
    later.call()
    later.call()
    vi.advanceTimersByTime(399)
    expect(reload).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(reload).toHaveBeenCalledTimes(1)
    later.call()
    later.cancel()
    vi.advanceTimersByTime(1_000)
    expect(reload).toHaveBeenCalledTimes(1)
  })
})
