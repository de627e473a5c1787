/**
 * Sign-in: username + password → a new session.
 * - The username is matched exactly (lower-cased, as every username is stored; domain/password-policy.ts),
 *   never as a pattern: `%` or `admi_` are just names nobody has.
 * - The attempt is counted before the password is checked (login-rate-limiter.ts), so parallel guesses
 *   cannot outrun the limit.
 * - Unknown user, wrong password and inactive user all give the same 401 after the same scrypt work (an
 *   unknown user is checked against a dummy hash), so the answer does not reveal which usernames exist.
 * - A hash made at a lower cost than today's is replaced on the next successful sign-in (db/password.ts).
 * - Every refusal is logged (never the password) and counted for /metrics (login-metrics.ts).
 */
import type { PrismaClient } from '../db/generated/client.ts'
import { ServerBusyError } from '../db/hash-slots.ts'
import { TooManyRequestsError, UnauthorizedError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { LoginMetrics } from './login-metrics.ts'
import { normaliseUsername, type LoginRateLimiter } from './login-rate-limiter.ts'
import type { SessionRecord, SessionStore } from './session-store.ts'

export interface PasswordVerifier {
  verify(password: string, storedHash: string): Promise<boolean>
  /** A real hash of a random password, used when the username is unknown. */
  dummyHash: string
  /** The stored hash was made at a lower cost than new ones are: store a new one after a right password. */
  needsRehash(storedHash: string): boolean
}

export interface LoginDeps {
  prisma: PrismaClient
  sessions: SessionStore
  loginLimiter: LoginRateLimiter
  passwords: PasswordVerifier
  hashPassword(password: string): Promise<string>
  loginMetrics?: LoginMetrics
}

export const INVALID_CREDENTIALS_MESSAGE = 'Kullanıcı adı veya parola hatalı.'

export async function logIn(
  deps: LoginDeps,
  input: { username: string; password: string; ip: string | undefined },
  log: Logger,
): Promise<{ token: string; session: SessionRecord; userId: number }> {
  const username = normaliseUsername(input.username)
  const keys = { account: username, address: input.ip }
  const refused = (reason: 'invalid_credentials' | 'rate_limited' | 'server_busy', userId?: number) => {
    deps.loginMetrics?.failed(reason)
    // The username as typed may be anything: cut to a length that keeps the log readable.
    log.warn({ username: username.slice(0, 100), ip: input.ip, reason, userId }, 'sign-in refused')
  }

  try {
    await deps.loginLimiter.begin(keys)
  } catch (error) {
    if (error instanceof TooManyRequestsError) refused('rate_limited')
    throw error
  }

  const user = await deps.prisma.user.findUnique({
    where: { username },
    select: { id: true, passwordHash: true, active: true },
  })
  let matches: boolean
  try {
    matches = await deps.passwords.verify(input.password, user?.passwordHash ?? deps.passwords.dummyHash)
  } catch (error) {
    if (error instanceof ServerBusyError) refused('server_busy', user?.id)
    throw error
  }
  if (!user || !matches || !user.active) {
    refused('invalid_credentials', user?.id)
    throw new UnauthorizedError(INVALID_CREDENTIALS_MESSAGE, 'invalid_credentials')
  }
  await deps.loginLimiter.succeeded(keys)
  deps.loginMetrics?.succeeded()
  if (deps.passwords.needsRehash(user.passwordHash)) await rehash(deps, user, input.password, log)
  const { token, session } = await deps.sessions.create({ userId: user.id, ip: input.ip ?? null })
  return { token, session, userId: user.id }
}

/** Stores the password at today's cost. A failure only leaves the old hash in place: sign-in goes on. */
async function rehash(
  deps: LoginDeps,
  user: { id: number; passwordHash: string },
  password: string,
  log: Logger,
): Promise<void> {
  try {
    const passwordHash = await deps.hashPassword(password)
    // Only if nobody changed the password meanwhile.
    await deps.prisma.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash },
    })
    log.info({ userId: user.id }, 'password hash raised to the current cost')
  } catch (err) {
    log.warn({ err, userId: user.id }, 'password rehash failed; the old hash stays')
  }
}
