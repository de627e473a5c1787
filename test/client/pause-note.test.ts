import { describe, expect, it } from 'vitest'
import { pauseNote, pauseText } from '../../client/src/lib/live/board-format.ts'

const reasons = [{ code: 'Mola', label: 'Kısa mola' }]

describe('an agent paused while talking reads as both', () => {
  it('writes the pause after the call, as Asterisk does ("in call, paused")', () => {
    expect(pauseNote({ state: 'on-call', pauseReason: 'Mola', autoPaused: false }, reasons)).toBe(
      ', mola: Kısa mola',
    )
  })
  it('keeps the reason beside Molada for an agent paused without a call', () => {
    expect(pauseNote({ state: 'paused', pauseReason: 'Yemek', autoPaused: false }, reasons)).toBe('· Yemek')
    expect(pauseNote({ state: 'paused', pauseReason: '', autoPaused: false }, reasons)).toBe('· nedensiz')
  })
  it('says nothing for an agent not paused', () => {
    expect(pauseNote({ state: 'on-call', pauseReason: null, autoPaused: false }, reasons)).toBeNull()
  })
})

describe('the TV card words the pause as the agent board does', () => {
  it('puts the call first and the pause after it, or the reason alone beside Molada', () => {
    expect(pauseText({ state: 'on-call', pauseReason: 'Mola', autoPaused: false }, reasons)).toBe(
      'mola: Kısa mola',
    )
    expect(pauseText({ state: 'paused', pauseReason: 'Mola', autoPaused: false }, reasons)).toBe('Kısa mola')
    expect(pauseText({ state: 'on-call', pauseReason: 'autopause', autoPaused: true }, reasons)).toBe(
      'mola: Otomatik mola (kaçırılan çağrı)',
    )
    expect(pauseText({ state: 'available', pauseReason: null, autoPaused: false }, reasons)).toBeNull()
  })
})
