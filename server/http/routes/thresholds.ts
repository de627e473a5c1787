/**
 * `/api/v1/queue-thresholds`: the green / amber / red limits of the queue board's tiles. Supervisors
 * and admins read them; only admins change them (Yönetim). A save reaches the open boards at once.
 */
import { Router } from 'express'
import { z } from 'zod'
import { requireRole } from '../../auth/require-role.ts'
import { thresholdsInput, type QueueThresholds } from '../../services/thresholds/queue-thresholds.ts'

const idParam = z.object({ id: z.coerce.number().int().positive() })

export function thresholdRoutes(thresholds: QueueThresholds): Router {
  const router = Router()

  router.get('/queue-thresholds', requireRole('supervisor', 'admin'), async (_req, res) => {
    res.json({ items: await thresholds.list() })
  })

  router.put('/queue-thresholds/:id', requireRole('admin'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.json(await thresholds.save(id, thresholdsInput.parse(req.body ?? {})))
  })

  return router
}
