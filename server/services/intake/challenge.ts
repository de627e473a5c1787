/**
 * Signed proof-of-work challenges (docs/intake.md §3). A challenge is `<payload>.<hmac>`: the payload
 * (base64url JSON) holds a random nonce, the difficulty and the expiry, the HMAC-SHA256 proves this
 * server made it, so nothing is stored until it is used; `OnceStore` then refuses it a second time.
 * The key lives in the Setting table (made at first use), so every node checks what any node issued.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { PowChallenge } from '../../contract/intake.ts'
import { safeEqual } from '../../auth/tokens.ts'
import { solvesChallenge } from '../../domain/intake/proof-of-work.ts'
import type { OnceStore } from './public-guards.ts'

export const CHALLENGE_SECRET_SETTING = 'intake.challengeSecret'
export const CHALLENGE_TTL_MS = 30 * 60_000

/** The HMAC key, made once per database. Two nodes racing to make it both read the winner's. */
export async function loadChallengeSecret(prisma: PrismaClient): Promise<string> {
  const existing = await prisma.setting.findUnique({ where: { key: CHALLENGE_SECRET_SETTING } })
  if (typeof existing?.value === 'string') return existing.value
  await prisma.setting.createMany({
    data: [{ key: CHALLENGE_SECRET_SETTING, value: randomBytes(32).toString('base64url') }],
    skipDuplicates: true,
  })
  const row = await prisma.setting.findUniqueOrThrow({ where: { key: CHALLENGE_SECRET_SETTING } })
  if (typeof row.value !== 'string') throw new Error(`${CHALLENGE_SECRET_SETTING} is not a string`)
  return row.value
}

interface Payload {
  n: string
  b: number
  e: number
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url')

export function issueChallenge(secret: string, bits: number, nowMs: number): PowChallenge {
  const payload: Payload = { n: randomBytes(16).toString('base64url'), b: bits, e: nowMs + CHALLENGE_TTL_MS }
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return {
    challenge: `${encoded}.${sign(secret, encoded)}`,
    bits,
    expiresAt: new Date(payload.e).toISOString(),
  }
}

export type ChallengeProblem = 'missing' | 'forged' | 'expired' | 'too_easy' | 'wrong_answer' | 'reused'

function parse(secret: string, challenge: string): Payload | 'forged' {
  const [encoded, mac, extra] = challenge.split('.')
  if (encoded === undefined || mac === undefined || extra !== undefined) return 'forged'
  if (!safeEqual(mac, sign(secret, encoded))) return 'forged'
  try {
    const p = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>
    if (typeof p.n !== 'string' || typeof p.b !== 'number' || typeof p.e !== 'number') return 'forged'
    return { n: p.n, b: p.b, e: p.e }
  } catch {
    return 'forged'
  }
}

/** null when the answer is right and the challenge was never used before; the problem otherwise. */
export async function checkChallenge(input: {
  secret: string
  challenge: string | undefined
  counter: string | undefined
  minBits: number
  nowMs: number
  used: OnceStore
}): Promise<ChallengeProblem | null> {
  const { challenge, counter } = input
  if (challenge === undefined || counter === undefined || challenge === '' || counter === '') return 'missing'
  if (challenge.length > 400) return 'forged'
  const payload = parse(input.secret, challenge)
  if (payload === 'forged') return 'forged'
  if (payload.e <= input.nowMs) return 'expired'
  // A challenge issued before an admin raised the difficulty is still honoured at its own bits only if
  // that meets today's minimum.
  if (payload.b < input.minBits) return 'too_easy'
  if (!solvesChallenge(challenge, counter, payload.b)) return 'wrong_answer'
  const first = await input.used.claim(payload.n, payload.e - input.nowMs + 1000)
  return first ? null : 'reused'
}

export const CHALLENGE_MESSAGES: Record<ChallengeProblem, string> = {
  missing: 'Güvenlik doğrulaması yapılmadı. Sayfayı yenileyip yeniden gönderin.',
  forged: 'Güvenlik doğrulaması geçersiz. Sayfayı yenileyip yeniden gönderin.',
  expired: 'Güvenlik doğrulamasının süresi doldu. Sayfayı yenileyip yeniden gönderin.',
  too_easy: 'Güvenlik doğrulaması eski. Sayfayı yenileyip yeniden gönderin.',
  wrong_answer: 'Güvenlik doğrulaması tutmadı. Sayfayı yenileyip yeniden gönderin.',
  reused: 'Bu form zaten gönderildi. Yeni bir başvuru için sayfayı yenileyin.',
}
