/**
 * Sign-in: username + password → a new session. Unknown user, wrong password and inactive user all give
 * the same 401 after the same scrypt work (an unknown user is checked against a dummy hash), so the
 * answer does not reveal which usernames exist. Failures count towards the per IP+username limit.
 */
import type { PrismaClient } from '../db/generated/client.ts'
import { TooManyRequestsError, UnauthorizedError } from '../errors.ts'
import { loginRateLimitKey, type LoginRateLimiter } from './login-rate-limiter.ts'
import type { SessionRecord, SessionStore } from './session-store.ts'

export interface PasswordVerifier {
  verify(password: string, storedHash: string): Promise<boolean>
  /** A real hash of a random password, used when the username is unknown. */
  dummyHash: string
}

export interface LoginDeps {
  prisma: PrismaClient
  sessions: SessionStore
  loginLimiter: LoginRateLimiter
  passwords: PasswordVerifier
}

export const INVALID_CREDENTIALS_MESSAGE = 'Kullanıcı adı veya parola hatalı.'

export async function logIn(
  deps: LoginDeps,
  input: { username: string; password: string; ip: string | undefined },
): Promise<{ token: string; session: SessionRecord; userId: number }> {
  const key = loginRateLimitKey(input.ip, input.username)
  const wait = await deps.loginLimiter.retryAfterSec(key)
  if (wait > 0) throw new TooManyRequestsError(wait)

  const user = await deps.prisma.user.findFirst({
    where: { username: { equals: input.username.trim(), mode: 'insensitive' } },
    select: { id: true, passwordHash: true, active: true },
  })
  const matches = await deps.passwords.verify(input.password, user?.passwordHash ?? deps.passwords.dummyHash)
  if (!user || !matches || !user.active) {
    await deps.loginLimiter.recordFailure(key)
    throw new UnauthorizedError(INVALID_CREDENTIALS_MESSAGE, 'invalid_credentials')
  }
  await deps.loginLimiter.reset(key)
  const { token, session } = await deps.sessions.create({ userId: user.id, ip: input.ip ?? null })
  return { token, session, userId: user.id }
}
