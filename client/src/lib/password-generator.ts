/**
 * A temporary password an admin can read out or paste: random letters and digits from the browser's
 * CSPRNG (crypto.getRandomValues), in groups of four, without the look-alikes 0/O, 1/l/I. Sixteen
 * characters from 56 carry about 93 bits; the server's rules (server/domain/password-policy.ts: at least
 * 10 characters, not the username, not a common password) hold by construction, and the username is
 * checked anyway. Pure apart from the random source, which tests replace.
 */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
const GROUP = 4

export type RandomFill = (bytes: Uint8Array) => Uint8Array

const browserRandom: RandomFill = (bytes) => crypto.getRandomValues(bytes)

/**
 * `groups` groups of four characters joined by `-` (default 4: `kT7m-Qx3p-Wz9a-Hn4e`). Bytes at or above
 * the largest multiple of the alphabet's size are thrown away, so every character is equally likely.
 */
export function generatePassword(
  options: { groups?: number; username?: string; random?: RandomFill } = {},
): string {
  const groups = Math.max(3, options.groups ?? 4)
  const random = options.random ?? browserRandom
  const name = (options.username ?? '').trim().toLowerCase()
  for (let attempt = 0; attempt < 100; attempt++) {
    const chars = randomChars(groups * GROUP, random)
    const parts: string[] = []
    for (let i = 0; i < chars.length; i += GROUP) parts.push(chars.slice(i, i + GROUP))
    const password = parts.join('-')
    if (name.length < 2 || !password.toLowerCase().includes(name)) return password
  }
  throw new Error('the random source keeps producing the username')
}

function randomChars(count: number, random: RandomFill): string {
  const size = PASSWORD_ALPHABET.length
  const limit = 256 - (256 % size)
  let out = ''
  for (let round = 0; out.length < count; round++) {
    if (round === 1000) throw new Error('the random source gives no usable bytes')
    for (const byte of random(new Uint8Array(count * 2))) {
      if (byte >= limit) continue
      out += PASSWORD_ALPHABET[byte % size] ?? ''
      if (out.length === count) break
    }
  }
  return out
}
