/**
 * `GET /api/v1/queues`: every queue of every PBX now — the replay CLI's per-queue counters for the
 * today window (since 00:00 Europe/Istanbul) plus `waiting`, `longestWaitSec` and the rest of
 * QueueView. No personal data, so every directorate role may read it (session or API token).
 */
import { Router } from 'express'
import { requireRole } from '../../auth/require-role.ts'
import type { QueueView } from '../../contract/views.ts'
import type { TelephonyService } from '../../services/telephony/telephony-service.ts'

export interface TelephonyRouteDeps {
  /** null when Pano runs without live telephony. */
  telephony: () => TelephonyService | null
  now?: () => number
}

export function queueRoutes(deps: TelephonyRouteDeps): Router {
  const router = Router()
  router.get('/queues', requireRole('supervisor', 'admin', 'agent', 'operator'), (_req, res) => {
    const queues: QueueView[] = deps.telephony()?.queues() ?? []
    res.setHeader('Cache-Control', 'no-store')
    res.json({ at: (deps.now ?? Date.now)(), queues })
  })
  return router
}
