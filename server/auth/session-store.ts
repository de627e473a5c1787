/**
 * Sessions: the browser holds a random token in an httpOnly cookie; the store keys the session by the
 * token's sha256 (docs/decisions/003-sessions-and-csrf.md). Two implementations with one contract:
 * PostgreSQL (prisma-session-store.ts) and Redis (redis-session-store.ts).
 */
export interface SessionRecord {
  /** sha256 of the cookie token. */
  id: string
  userId: number
  csrfToken: string
  createdAt: Date
  /** Absolute expiry: createdAt + SESSION_TTL_HOURS, never extended. */
  expiresAt: Date
  /** Idle expiry runs from here (SESSION_IDLE_MINUTES). */
  lastSeenAt: Date
  ip: string | null
}

export interface SessionStore {
  create(input: { userId: number; ip: string | null }): Promise<{ token: string; session: SessionRecord }>
  /** The live session for a cookie token (marking it seen), or null when unknown, idle or expired. */
  resolve(token: string): Promise<SessionRecord | null>
  /**
   * The live session for a cookie token WITHOUT marking it seen, or null: an open socket watching its
   * session must not keep it alive (server/realtime/session-watch.ts).
   */
  peek(token: string): Promise<SessionRecord | null>
  /** Milliseconds until this session ends unless it is seen again (sooner of idle and absolute expiry). */
  endsInMs(session: Pick<SessionRecord, 'expiresAt' | 'lastSeenAt'>): number
  destroy(token: string): Promise<void>
  destroyAllForUser(userId: number): Promise<void>
}

export interface SessionPolicy {
  ttlMs: number
  idleMs: number
  /** lastSeenAt is written at most this often, so reads do not turn every request into a write. */
  touchIntervalMs: number
  now: () => Date
}

export function sessionPolicy(
  config: { ttlHours: number; idleMinutes: number },
  now: () => Date = () => new Date(),
): SessionPolicy {
  return {
    ttlMs: config.ttlHours * 3_600_000,
    idleMs: config.idleMinutes * 60_000,
    touchIntervalMs: 60_000,
    now,
  }
}

export function isSessionLive(
  s: Pick<SessionRecord, 'expiresAt' | 'lastSeenAt'>,
  policy: SessionPolicy,
): boolean {
  const now = policy.now().getTime()
  return now < s.expiresAt.getTime() && now - s.lastSeenAt.getTime() < policy.idleMs
}

export function sessionEndsInMs(
  s: Pick<SessionRecord, 'expiresAt' | 'lastSeenAt'>,
  policy: SessionPolicy,
): number {
  const now = policy.now().getTime()
  return Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + policy.idleMs) - now
}

export function needsTouch(s: Pick<SessionRecord, 'lastSeenAt'>, policy: SessionPolicy): boolean {
  return policy.now().getTime() - s.lastSeenAt.getTime() >= policy.touchIntervalMs
}
