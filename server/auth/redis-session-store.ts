import type { RedisConnection } from './redis-connection.ts'
import {
  isSessionLive,
  needsTouch,
  sessionEndsInMs,
  type SessionPolicy,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts'
import { createRandomToken, hashToken } from './tokens.ts'

interface StoredSession {
  userId: number
  csrfToken: string
  createdAt: number
  expiresAt: number
  lastSeenAt: number
  ip: string | null
}

/**
 * Sessions in Redis (several Pano nodes share them, docs/design.md §2.7). Each key lives until the sooner of
 * its idle and absolute expiry, so Redis forgets dead sessions by itself.
 */
export function createRedisSessionStore(
  redis: RedisConnection,
  policy: SessionPolicy,
  keyPrefix = 'pano:',
): SessionStore {
  const sessionKey = (id: string) => `${keyPrefix}session:${id}`
  const userKey = (userId: number) => `${keyPrefix}user-sessions:${userId}`

  const ttlFor = (s: StoredSession) =>
    Math.max(1, Math.min(s.expiresAt - policy.now().getTime(), policy.idleMs))

  const toRecord = (id: string, s: StoredSession): SessionRecord => ({
    id,
    userId: s.userId,
    csrfToken: s.csrfToken,
    createdAt: new Date(s.createdAt),
    expiresAt: new Date(s.expiresAt),
    lastSeenAt: new Date(s.lastSeenAt),
    ip: s.ip,
  })

  async function write(id: string, s: StoredSession): Promise<void> {
    await redis
      .multi()
      .set(sessionKey(id), JSON.stringify(s), { expiration: { type: 'PX', value: ttlFor(s) } })
      .sAdd(userKey(s.userId), id)
      .pExpire(userKey(s.userId), policy.ttlMs)
      .exec()
  }

  return {
    async create({ userId, ip }) {
      const token = createRandomToken()
      const id = hashToken(token)
      const now = policy.now().getTime()
      const stored: StoredSession = {
        userId,
        csrfToken: createRandomToken(),
        createdAt: now,
        expiresAt: now + policy.ttlMs,
        lastSeenAt: now,
        ip,
      }
      await write(id, stored)
      return { token, session: toRecord(id, stored) }
    },

    async resolve(token) {
      const id = hashToken(token)
      const raw = await redis.get(sessionKey(id))
      if (raw === null) return null
      const stored = JSON.parse(raw) as StoredSession
      const record = toRecord(id, stored)
      if (!isSessionLive(record, policy)) {
        await redis.del(sessionKey(id))
        return null
      }
      if (!needsTouch(record, policy)) return record
      const touched = { ...stored, lastSeenAt: policy.now().getTime() }
      await write(id, touched)
      return toRecord(id, touched)
    },

    async peek(token) {
      const id = hashToken(token)
      const raw = await redis.get(sessionKey(id))
      if (raw === null) return null
      const record = toRecord(id, JSON.parse(raw) as StoredSession)
      return isSessionLive(record, policy) ? record : null
    },

    endsInMs: (session) => sessionEndsInMs(session, policy),

    async destroy(token) {
      const id = hashToken(token)
      const raw = await redis.get(sessionKey(id))
      await redis.del(sessionKey(id))
      if (raw !== null) await redis.sRem(userKey((JSON.parse(raw) as StoredSession).userId), id)
    },

    async destroyAllForUser(userId) {
      const ids = await redis.sMembers(userKey(userId))
      if (ids.length > 0) await redis.del(ids.map(sessionKey))
      await redis.del(userKey(userId))
    },
  }
}
