/**
 * The code a citizen looks an application up with at /basvuru/durum (docs/intake.md §5): ten characters
 * from an alphabet without look-alikes (no 0/O, 1/I/L), about 49 bits, shown once as `ABCDE-FGHJK`. Only
 * its sha256 is stored (Ticket.lookupCodeHash); with that much entropy and a per-address limit on wrong
 * tries a slow hash would add nothing.
 */
import { createHash, randomInt } from 'node:crypto'
import { safeEqual } from '../../auth/tokens.ts'

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const LENGTH = 10

export function newLookupCode(): string {
  let code = ''
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** Case, spaces and dashes do not matter: `abcde fghjk` is `ABCDE-FGHJK`. */
export function normaliseLookupCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '')
}

export function hashLookupCode(code: string): string {
  return createHash('sha256').update(normaliseLookupCode(code)).digest('hex')
}

export function lookupCodeMatches(input: string, storedHash: string | null): boolean {
  if (storedHash === null) return false
  return safeEqual(hashLookupCode(input), storedHash)
}
