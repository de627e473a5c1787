/**
 * The demo's queue alerts (docs/alerts.md §6): the call centre's tiles turn red a little sooner than
 * the defaults (3 / 6 waiting, 60 / 120 s), so the simulator's rushes reach red and the müdür sees an
 * alert; its rules run at any hour (a demo is shown after office hours too), quiet for 15 minutes.
 */
import type { AlertHours, AlertMetric } from '../../server/contract/queue-alerts.ts'

export const DEMO_THRESHOLDS: Record<string, Record<string, { amber: number; red: number }>> = {
  'cagri-merkezi': { waiting: { amber: 2, red: 4 }, longestWaitSec: { amber: 45, red: 90 } },
}

export const DEMO_ALERT_RULES: ReadonlyArray<{
  queue: string
  metric: AlertMetric
  quietMinutes: number
  hours: AlertHours
}> = [
  { queue: 'cagri-merkezi', metric: 'waiting', quietMinutes: 15, hours: 'ALWAYS' },
  { queue: 'cagri-merkezi', metric: 'longestWaitSec', quietMinutes: 15, hours: 'ALWAYS' },
]
