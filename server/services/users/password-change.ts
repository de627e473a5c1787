/**
 * A signed-in user chooses a new password (voluntarily, or because an admin set the current one). The
 * current password must be given; wrong guesses count towards the sign-in limit of that account. On
 * success every session of the user ends (on every node) and the browser gets a new one, so a stolen
 * session does not outlive a password change.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { passwordProblems } from '../../domain/password-policy.ts'
import { ValidationError } from '../../errors.ts'
import type { LoginRateLimiter } from '../../auth/login-rate-limiter.ts'
import type { SessionStore } from '../../auth/session-store.ts'
import { recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { USER_ENTITY } from './user-admin.ts'

export interface PasswordChangeDeps {
  prisma: PrismaClient
  sessions: SessionStore
  loginLimiter: LoginRateLimiter
  passwords: { verify(password: string, hash: string): Promise<boolean> }
  hashPassword(password: string): Promise<string>
  /** Closes the user's sockets on every node. */
  closeSockets(userId: number): void
  now?: () => Date
}

export async function changeOwnPassword(
  deps: PasswordChangeDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<{ token: string }> {
  const user = await deps.prisma.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { username: true, passwordHash: true },
  })
  // Counted before the check, like a sign-in (auth/login-rate-limiter.ts).
  const limitKeys = { account: `password-change|${user.username}`, address: actor.ip ?? undefined }
  await deps.loginLimiter.begin(limitKeys)
  if (!(await deps.passwords.verify(input.currentPassword, user.passwordHash))) {
    throw new ValidationError([
      { path: 'currentPassword', message: 'Şu anki parolanız doğru değil.', code: 'wrong_password' },
    ])
  }
  await deps.loginLimiter.succeeded(limitKeys)
  const problems = passwordProblems(input.newPassword, user.username).map((message) => ({
    path: 'newPassword',
    message,
    code: 'weak_password',
  }))
  if (input.newPassword === input.currentPassword)
    problems.push({
      path: 'newPassword',
      message: 'Yeni parola eskisiyle aynı olamaz.',
      code: 'same_password',
    })
  if (problems.length > 0) throw new ValidationError(problems)

  const at = deps.now?.() ?? new Date()
  const passwordHash = await deps.hashPassword(input.newPassword)
  await deps.prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: at },
    })
    await recordAudit(tx, actor, at, [
      { action: 'user.password-change', entity: USER_ENTITY, entityId: actor.userId },
    ])
  })
  await deps.sessions.destroyAllForUser(actor.userId)
  deps.closeSockets(actor.userId)
  const { token } = await deps.sessions.create({ userId: actor.userId, ip: actor.ip })
  return { token }
}
