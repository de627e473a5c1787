/**
 * `/api/v1/queue-thresholds`: the green / amber / red limits of the queue board's tiles. Supervisors
 * and admins read them; only admins change them (Yönetim). A save reaches the open boards at once.
 * `/api/v1/pause-reasons`: the reasons a supervisor picks from on the agent board (Asterisk's own
 * Auto-Pause is not one to choose).
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { thresholdsInput, type QueueThresholds } from '../../services/thresholds/queue-thresholds.ts'

const idParam = z.object({ id: idField() })

const AUTO_PAUSE_CODE = 'Auto-Pause'

export function thresholdRoutes(thresholds: QueueThresholds, prisma: PrismaClient): Router {
  const router = Router()

  router.get('/pause-reasons', requireRole('supervisor', 'admin'), async (_req, res) => {
    const rows = await prisma.pauseReason.findMany({
      where: { active: true, code: { not: AUTO_PAUSE_CODE } },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { code: true, label: true },
    })
    res.json(rows)
  })

  router.get('/queue-thresholds', requireRole('supervisor', 'admin'), async (_req, res) => {
    res.json({ items: await thresholds.list() })
  })

  router.put('/queue-thresholds/:id', requireRole('admin'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.json(await thresholds.save(id, thresholdsInput.parse(req.body ?? {})))
  })

  return router
}
