/** Capped exponential backoff with jitter (docs/ami-protocol.md §13.2). Pure: `random` is an input. */
export interface BackoffPolicy {
  /** First delay, ms (default 500). */
  readonly initialMs?: number
  /** Cap, ms (default 30 000). */
  readonly maxMs?: number
  /** Growth per failed attempt (default 2). */
  readonly factor?: number
}

/**
 * Delay before reconnect attempt `attempt` (0-based): half of the capped exponential step is fixed,
 * the other half random, so many Pano servers restarting together do not hit the PBX in step.
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = {}): number {
  const initial = policy.initialMs ?? 500
  const max = policy.maxMs ?? 30_000
  const factor = policy.factor ?? 2
  const step = Math.min(max, initial * Math.pow(factor, Math.max(0, attempt)))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(step / 2 + (r * step) / 2)
}
