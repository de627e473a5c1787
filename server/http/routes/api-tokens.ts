/**
 * `/api/v1/api-tokens` (admin only): integration keys. POST answers with the key once; the list never
 * shows it again. DELETE revokes it from the next request on.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { ROLES } from '../../contract/auth.ts'
import { TOKEN_ROLES } from '../../contract/users.ts'
import { requireRole } from '../../auth/require-role.ts'
import { UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenAdminDeps,
} from '../../services/users/api-token-admin.ts'
import '../request-context.ts'

const createBody = z
  .object({
    label: textField()
      .trim()
      .min(1, 'Anahtara bir ad verin (ör. "Belediye web sitesi").')
      .max(80, 'Ad en çok 80 karakter olabilir.')
      .regex(/^[^\p{Cc}]*$/u, 'Ad denetim karakteri içeremez.'),
    role: z
      .enum(ROLES, 'Anahtarın yetkisini (rolünü) seçin.')
      .refine(
        (r) => (TOKEN_ROLES as readonly string[]).includes(r),
        'Birim rolü bir birime bağlıdır; anahtar bu rolle verilemez.',
      ),
    expiresAt: z.iso
      .datetime({ offset: true, message: 'Geçerli bir tarih ve saat seçin.' })
      .nullable()
      .optional(),
  })
  .strict()

const idParam = z.object({ id: idField() })

export function apiTokenRoutes(deps: ApiTokenAdminDeps): Router {
  const router = Router()

  router.get('/api-tokens', requireRole('admin'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await listApiTokens(deps) })
  })

  router.post('/api-tokens', requireRole('admin'), async (req, res) => {
    const body = createBody.parse(req.body ?? {})
    if (!req.principal) throw new UnauthorizedError()
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(
      await createApiToken(deps, actorFromUser(req.principal, req.ip), {
        label: body.label,
        role: body.role,
        expiresAt: body.expiresAt ?? null,
      }),
    )
  })

  router.delete('/api-tokens/:id', requireRole('admin'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    if (!req.principal) throw new UnauthorizedError()
    await revokeApiToken(deps, actorFromUser(req.principal, req.ip), id)
    res.status(204).end()
  })

  return router
}
