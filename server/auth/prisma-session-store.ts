import type { PrismaClient } from '../db/generated/client.ts'
import {
  isSessionLive,
  needsTouch,
  sessionEndsInMs,
  type SessionPolicy,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts'
import { createRandomToken, hashToken } from './tokens.ts'

/** Sessions in the Session table (PostgreSQL or embedded PGlite). */
export function createPrismaSessionStore(
  prisma: PrismaClient,
  policy: SessionPolicy,
): SessionStore & {
  /** Deletes sessions past their absolute or idle expiry; returns how many. */
  purgeExpired(): Promise<number>
} {
  return {
    async create({ userId, ip }) {
      const token = createRandomToken()
      const now = policy.now()
      const session = await prisma.session.create({
        data: {
          id: hashToken(token),
          userId,
          csrfToken: createRandomToken(),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + policy.ttlMs),
          ip,
        },
      })
      return { token, session }
    },

    async resolve(token) {
      const id = hashToken(token)
      const found: SessionRecord | null = await prisma.session.findUnique({ where: { id } })
      if (!found) return null
      if (!isSessionLive(found, policy)) {
        await prisma.session.deleteMany({ where: { id } })
        return null
      }
      if (!needsTouch(found, policy)) return found
      const lastSeenAt = policy.now()
      await prisma.session.updateMany({ where: { id }, data: { lastSeenAt } })
      return { ...found, lastSeenAt }
    },

    async peek(token) {
      const found: SessionRecord | null = await prisma.session.findUnique({ where: { id: hashToken(token) } })
      return found !== null && isSessionLive(found, policy) ? found : null
    },

    endsInMs: (session) => sessionEndsInMs(session, policy),

    async destroy(token) {
      await prisma.session.deleteMany({ where: { id: hashToken(token) } })
    },

    async destroyAllForUser(userId) {
      await prisma.session.deleteMany({ where: { userId } })
    },

    async purgeExpired() {
      const now = policy.now()
      const { count } = await prisma.session.deleteMany({
        where: {
          OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - policy.idleMs) } }],
        },
      })
      return count
    },
  }
}
