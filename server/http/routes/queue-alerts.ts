/**
 * Queue alerts (docs/alerts.md, docs/api.md):
 * - `GET /api/v1/queue-alert-rules`: every queue's rules per metric (müdür, admin);
 * - `PUT /api/v1/queue-alert-rules/:queueId`: an admin stores a queue's rules (Yönetim › Eşikler);
 * - `GET /api/v1/queue-alerts?from=YYYY-MM-DD&to=YYYY-MM-DD`: the alerts raised in the range, newest
 *   first (Raporlar; müdür, admin). Queues, metrics and numbers only: no personal data.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { QUEUE_ALERT_ROLES, type QueueAlertHistoryView } from '../../contract/queue-alerts.ts'
import { alertRulesInput, type AlertRules } from '../../services/queue-alerts/alert-rules.ts'
import type { AlertStore } from '../../services/queue-alerts/alert-store.ts'
import { parseReportRange } from '../../services/reports/report-range.ts'

const idParam = z.object({ queueId: idField() })

export function queueAlertRoutes(deps: {
  rules: AlertRules
  store: Pick<AlertStore, 'history'>
  now: () => Date
}): Router {
  const router = Router()
  const readers = requireRole(...QUEUE_ALERT_ROLES)

  router.get('/queue-alert-rules', readers, async (_req, res) => {
    res.json({ items: await deps.rules.list() })
  })

  router.put('/queue-alert-rules/:queueId', requireRole('admin'), async (req, res) => {
    const { queueId } = idParam.parse(req.params)
    res.json(await deps.rules.save(queueId, alertRulesInput.parse(req.body ?? {})))
  })

  router.get('/queue-alerts', readers, async (req, res) => {
    const range = parseReportRange(req.query, deps.now())
    const items = await deps.store.history(new Date(range.fromMs), new Date(range.dayEndMs))
    res.setHeader('Cache-Control', 'no-store')
    res.json({ from: range.from, to: range.to, items } satisfies QueueAlertHistoryView)
  })

  return router
}
