/**
 * The public side of written intake, without sign-in (docs/intake.md, docs/api.md): the proof-of-work
 * challenge, the application form and the status lookup. Every route is `allowAnonymous()`; the limits
 * per address, the honeypot and the proof-of-work are checked by the services.
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { allowAnonymous } from '../../auth/require-role.ts'
import { ATTACHMENT_LIMITS } from '../../contract/intake.ts'
import { KARSIYAKA_MAHALLELERI } from '../../domain/intake/mahalle.ts'
import { NotFoundError, ValidationError } from '../../errors.ts'
import {
  newChallenge,
  submitApplication,
  type PublicIntakeDeps,
} from '../../services/intake/public-application.ts'
import { lookupApplication } from '../../services/intake/public-status.ts'
import type { MultipartRoute } from '../json-body.ts'
import { readMultipart } from '../multipart.ts'

const statusBody = z.object({
  ticketNumber: textField().trim().max(40),
  lookupCode: textField().trim().max(40),
})

/** The one route here whose body is multipart (the form and its files); every other reads JSON. */
export const PUBLIC_MULTIPART_ROUTES: readonly MultipartRoute[] = [
  { method: 'POST', path: '/public/applications' },
]

export function publicIntakeRoutes(deps: PublicIntakeDeps & { enabled: boolean }): Router {
  const router = Router()
  const open: Router = Router()
  router.use(
    '/public',
    (_req, _res, next) => {
      if (!deps.enabled) throw new NotFoundError('Web başvuru formu kapalı.', 'public_form_off')
      next()
    },
    open,
  )

  open.get('/form', allowAnonymous(), (_req, res) => {
    res.json({ mahalleler: KARSIYAKA_MAHALLELERI, attachments: ATTACHMENT_LIMITS })
  })

  open.get('/challenge', allowAnonymous(), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await newChallenge(deps))
  })

  open.post('/applications', allowAnonymous(), async (req, res) => {
    const body = await readMultipart(req, {
      maxFiles: ATTACHMENT_LIMITS.maxFiles,
      maxFileBytes: ATTACHMENT_LIMITS.maxBytes,
      fileField: 'attachments',
    })
    if (body.truncatedFields.length > 0) {
      throw new ValidationError(
        body.truncatedFields.map((path) => ({ path, code: 'too_long', message: 'Bu alan çok uzun.' })),
      )
    }
    const receipt = await submitApplication(deps, {
      fields: body.fields,
      files: body.files,
      tooManyFiles: body.tooManyFiles,
      ip: req.ip ?? 'unknown',
    })
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(receipt)
  })

  open.post('/status', allowAnonymous(), async (req, res) => {
    const body = statusBody.parse(req.body ?? {})
    res.setHeader('Cache-Control', 'no-store')
    res.json(await lookupApplication(deps, { ...body, ip: req.ip ?? 'unknown' }))
  })

  return router
}
