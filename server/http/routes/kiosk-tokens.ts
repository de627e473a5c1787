/**
 * `/api/v1/kiosk-tokens` (admin and the müdür): TV links (kiosk tokens). POST answers with the token once; the list
 * never shows it again. DELETE revokes (and disconnects the TVs using it).
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { KIOSK_BOARDS } from '../../contract/events.ts'
import { requireRole } from '../../auth/require-role.ts'
import { UnauthorizedError } from '../../errors.ts'
import {
  createKioskToken,
  listKioskTokens,
  revokeKioskToken,
  type KioskTokenAdminDeps,
} from '../../services/kiosk/kiosk-token-admin.ts'

const createBody = z
  .object({
    label: textField().trim().min(1, 'Bir ad yazın.').max(80),
    boards: z.array(z.enum(KIOSK_BOARDS)).min(1, 'En az bir pano seçin.').max(KIOSK_BOARDS.length),
  })
  .strict()

const idParam = z.object({ id: idField() })

export function kioskTokenRoutes(deps: KioskTokenAdminDeps): Router {
  const router = Router()

  router.get('/kiosk-tokens', requireRole('admin', 'supervisor'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await listKioskTokens(deps) })
  })

  router.post('/kiosk-tokens', requireRole('admin', 'supervisor'), async (req, res) => {
    const body = createBody.parse(req.body ?? {})
    if (!req.principal) throw new UnauthorizedError()
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(
      await createKioskToken(deps, {
        label: body.label,
        boards: [...new Set(body.boards)],
        createdById: req.principal.userId,
      }),
    )
  })

  router.delete('/kiosk-tokens/:id', requireRole('admin', 'supervisor'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.json(await revokeKioskToken(deps, id))
  })

  return router
}
