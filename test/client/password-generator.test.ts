import { describe, expect, it } from 'vitest'
import { PASSWORD_ALPHABET, generatePassword } from '../../client/src/lib/password-generator.ts'
import { passwordProblems } from '../../server/domain/password-policy.ts'

/** A random source that hands out the given bytes, then repeats the last one. */
function bytes(...values: number[]) {
  let at = 0
  return (buffer: Uint8Array) => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = values[Math.min(at++, values.length - 1)] ?? 0
    return buffer
  }
}

describe('generatePassword', () => {
  it('makes four groups of four from the alphabet without look-alikes, and the server accepts it', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword({ username: 'ayse.yilmaz' })
      expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
      expect(password).not.toMatch(/[0O1lI]/)
      expect(passwordProblems(password, 'ayse.yilmaz')).toEqual([])
    }
  })

  it('throws bytes above the last whole multiple of the alphabet away, so no character is favoured', () => {
    const size = PASSWORD_ALPHABET.length
    const limit = 256 - (256 % size)
    // limit and 255 are skipped; 0 and size (both the first character) and 1 are used.
    const password = generatePassword({
      groups: 3,
      random: bytes(limit, 255, 0, size, 1, ...new Array<number>(20).fill(2)),
    })
    expect(password.slice(0, 3)).toBe(`${PASSWORD_ALPHABET[0]}${PASSWORD_ALPHABET[0]}${PASSWORD_ALPHABET[1]}`)
  })

  it('draws again when the result would contain the username', () => {
    const a = PASSWORD_ALPHABET.indexOf('a')
    const b = PASSWORD_ALPHABET.indexOf('b')
    // First draw: all "a" (contains "aa"); the second: all "b".
    let call = 0
    const random = (buffer: Uint8Array) => buffer.fill(call++ === 0 ? a : b)
    expect(generatePassword({ groups: 3, username: 'aa', random })).toBe('bbbb-bbbb-bbbb')
  })

  it('gives up rather than loop on a broken random source', () => {
    expect(() => generatePassword({ random: (buffer) => buffer.fill(255) })).toThrow()
  })
})
