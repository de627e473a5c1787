/** Sign-in outcomes for `/metrics` (http/routes/metrics.ts): a guessing run shows up as a rising counter. */
export const LOGIN_FAILURE_REASONS = ['invalid_credentials', 'rate_limited', 'server_busy'] as const
export type LoginFailureReason = (typeof LOGIN_FAILURE_REASONS)[number]

export interface LoginMetrics {
  succeeded(): void
  failed(reason: LoginFailureReason): void
  /** Prometheus text lines. */
  render(): string[]
}

export function createLoginMetrics(): LoginMetrics {
  let succeeded = 0
  const failures = new Map<LoginFailureReason, number>(LOGIN_FAILURE_REASONS.map((r) => [r, 0]))
  return {
    succeeded: () => {
      succeeded++
    },
    failed: (reason) => {
      failures.set(reason, (failures.get(reason) ?? 0) + 1)
    },
    render: () => [
      '# HELP pano_logins_total Successful sign-ins.',
      '# TYPE pano_logins_total counter',
      `pano_logins_total ${succeeded}`,
      '# HELP pano_login_failures_total Refused sign-ins, by reason.',
      '# TYPE pano_login_failures_total counter',
      ...LOGIN_FAILURE_REASONS.map((r) => `pano_login_failures_total{reason="${r}"} ${failures.get(r) ?? 0}`),
    ],
  }
}
