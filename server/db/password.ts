import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { createHashSlots, ServerBusyError, type HashSlots } from './hash-slots.ts'

/**
 * Password hashes as stored in User.passwordHash: `scrypt$N$r$p$salt$hash`, salt and hash in base64.
 * The parameters travel with the hash, so the cost can be raised without breaking old sign-ins: a hash
 * made at a lower cost still verifies, and `needsRehash` tells the sign-in to store a new one
 * (server/auth/login.ts). Every scrypt runs through a small semaphore (hash-slots.ts).
 */

export interface ScryptCost {
  N: number
  r: number
  p: number
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (128 MiB per hash). */
export const OWASP_SCRYPT_COST: Readonly<ScryptCost> = { N: 2 ** 17, r: 8, p: 1 }

const SALT_BYTES = 16
const KEY_BYTES = 32
/** Bounds for parameters read back from the database, so a corrupt row cannot make us allocate gigabytes. */
const MAX_N = 1 << 20
const MAX_R = 32
const MAX_P = 16
const MAX_MEMORY = 256 * 1024 * 1024

let cost: ScryptCost = { ...OWASP_SCRYPT_COST }
/** Two at once leaves libuv threads for files and DNS; 32 more may wait (hash-slots.ts). */
let slots: HashSlots = createHashSlots(2, 32)

/**
 * Changes the cost of new hashes (and so which stored hashes count as too cheap) and the semaphore.
 * Production never calls this; the test setup lowers the cost so fixtures and sign-ins stay fast
 * (test/support/fast-password-hashing.ts), and a test of the production cost sets it back.
 */
export function configurePasswordHashing(options: {
  cost?: ScryptCost
  concurrency?: number
  maxWaiting?: number
}): void {
  if (options.cost) cost = { ...options.cost }
  if (options.concurrency !== undefined || options.maxWaiting !== undefined)
    slots = createHashSlots(options.concurrency ?? 2, options.maxWaiting ?? 32)
}

export function currentScryptCost(): Readonly<ScryptCost> {
  return cost
}

/** Room for scrypt's 128·N·r bytes plus its own bookkeeping. */
function maxmemFor(c: ScryptCost): number {
  return 128 * c.N * c.r + 1024 * 1024 * 4
}

function derive(password: string, salt: Buffer, keyLength: number, c: ScryptCost): Promise<Buffer> {
  return slots.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(
          password.normalize('NFC'),
          salt,
          keyLength,
          { N: c.N, r: c.r, p: c.p, maxmem: maxmemFor(c) },
          (error, key) => (error ? reject(error) : resolve(key)),
        )
      }),
  )
}

/** Throws ServerBusyError (503) when too many hashes are already running and waiting. */
export async function hashPassword(password: string, withCost: ScryptCost = cost): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, KEY_BYTES, withCost)
  return `scrypt$${withCost.N}$${withCost.r}$${withCost.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

interface ParsedHash extends ScryptCost {
  salt: Buffer
  expected: Buffer
}

function parse(stored: string): ParsedHash | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  const salt = Buffer.from(parts[4] ?? '', 'base64')
  const expected = Buffer.from(parts[5] ?? '', 'base64')
  const validParams =
    Number.isInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_P &&
    128 * N * r <= MAX_MEMORY
  if (!validParams || salt.length === 0 || expected.length < 16) return null
  return { N, r, p, salt, expected }
}

/**
 * True when `password` matches `stored`; false for a wrong password or a malformed hash. Throws only
 * ServerBusyError (the semaphore is full): that is not an answer about the password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (parsed === null) return false
  try {
    const actual = await derive(password, parsed.salt, parsed.expected.length, parsed)
    return timingSafeEqual(actual, parsed.expected)
  } catch (error) {
    if (error instanceof ServerBusyError) throw error
    return false
  }
}

/** A stored hash made at a lower cost than new hashes get now (or one this code cannot read). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored)
  if (parsed === null) return true
  return parsed.N < cost.N || parsed.r < cost.r || parsed.p < cost.p || parsed.expected.length < KEY_BYTES
}
