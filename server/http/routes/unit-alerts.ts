/**
 * `POST /api/v1/unit-alerts/run`: the müdür or an admin runs a pass of the unit reminders, escalations
 * and digests now (server/services/units/unit-alerts-scheduler.ts); messages already queued are not
 * queued again. 409 while e-mail is off or another node runs a pass. docs/messaging.md §8.
 */
import { Router } from 'express'
import { requireRole } from '../../auth/require-role.ts'
import type { UnitAlertsScheduler } from '../../services/units/unit-alerts-scheduler.ts'
import { ConflictError } from '../../errors.ts'

export function unitAlertRoutes(deps: { unitAlerts: () => UnitAlertsScheduler | null }): Router {
  const router = Router()
  router.post('/unit-alerts/run', requireRole('supervisor', 'admin'), async (_req, res) => {
    const scheduler = deps.unitAlerts()
    if (scheduler === null)
      throw new ConflictError('Birim hatırlatmaları bu sunucuda çalışmıyor.', 'unit_alerts_off')
    res.json(await scheduler.runNow())
  })
  return router
}
