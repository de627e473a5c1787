/**
 * The browser's half of the form's proof-of-work (server/domain/intake/proof-of-work.ts): find a counter
 * such that SHA-256(`<challenge>:<counter>`) starts with `bits` zero bits. Uses `crypto.subtle` in
 * batches (its digests are asynchronous, so the page stays responsive between batches), or the plain
 * implementation in sha256.ts where the page is not a secure context.
 */
import { sha256 } from './sha256.ts'

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

const BATCH = 256

export async function solveChallenge(
  challenge: string,
  bits: number,
  options: { signal?: AbortSignal; subtle?: SubtleCrypto | null } = {},
): Promise<string> {
  const encoder = new TextEncoder()
  const subtle = options.subtle === undefined ? (globalThis.crypto?.subtle ?? null) : options.subtle
  for (let start = 0; ; start += BATCH) {
    if (options.signal?.aborted === true) throw new DOMException('aborted', 'AbortError')
    const counters = Array.from({ length: BATCH }, (_, i) => String(start + i))
    const digests =
      subtle === null
        ? counters.map((c) => sha256(encoder.encode(`${challenge}:${c}`)))
        : await Promise.all(
            counters.map(
              async (c) =>
                new Uint8Array(await subtle.digest('SHA-256', encoder.encode(`${challenge}:${c}`))),
            ),
          )
    const found = digests.findIndex((d) => leadingZeroBits(d) >= bits)
    if (found !== -1) return counters[found] ?? String(start + found)
    if (subtle === null) await new Promise((r) => setTimeout(r, 0))
  }
}
