/**
 * The public form's proof-of-work (docs/intake.md §3): the server gives a signed challenge with a
 * difficulty in bits; the browser finds a counter such that SHA-256(`<challenge>:<counter>`) starts with
 * that many zero bits. Checking costs the server one hash; finding costs the browser about 2^bits hashes,
 * which a person never notices and a bot sending thousands of forms pays for each one. Pure.
 */
import { createHash } from 'node:crypto'

export const MAX_COUNTER_LENGTH = 20

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8
      continue
    }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

export function powDigest(challenge: string, counter: string): Buffer {
  return createHash('sha256').update(`${challenge}:${counter}`).digest()
}

/** Whether `counter` solves `challenge` at `bits`. The counter is a decimal string the browser chose. */
export function solvesChallenge(challenge: string, counter: string, bits: number): boolean {
  if (!/^\d+$/.test(counter) || counter.length > MAX_COUNTER_LENGTH) return false
  return leadingZeroBits(powDigest(challenge, counter)) >= bits
}

/** A solver for tests and tools (the browser has its own, client/src/public/proof-of-work.ts). */
export function solveChallenge(challenge: string, bits: number): string {
  for (let counter = 0; ; counter++) {
    if (leadingZeroBits(powDigest(challenge, String(counter))) >= bits) return String(counter)
  }
}
