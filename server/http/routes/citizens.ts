/**
 * `/api/v1/citizens…`: search, create, read, edit, merge, a citizen's tickets. Only roles whose work needs
 * personal data get here (unit staff and kiosks are refused by the guard); every record shown is written
 * to the audit log by the services.
 */
import { MESSAGE_CHANNELS } from '../../contract/messaging.ts'
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import type { Role } from '../../contract/auth.ts'
import type { CreateCitizenBody, UpdateCitizenBody } from '../../contract/citizens.ts'
import { requireRole } from '../../auth/require-role.ts'
import { mergeCitizens } from '../../services/citizens/citizen-merge.ts'
import { createCitizen, getCitizen, updateCitizen } from '../../services/citizens/citizen-records.ts'
import { searchCitizens } from '../../services/citizens/citizen-search.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import { listCitizenTickets } from '../../services/tickets/ticket-queries.ts'
import { actorOf, DIRECTORATE, idParam } from './tickets.ts'
import '../request-context.ts'

/** Merging rewrites several records: agents (who spot the duplicates), the müdür and IT. */
const MERGING: [Role, ...Role[]] = ['agent', 'supervisor', 'admin']

const searchQuery = z.object({
  q: textField().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).optional(),
})

const phone = z.object({
  number: textField().trim().min(1, 'Telefon numarası gerekli.').max(40),
  label: textField().trim().max(40).nullish(),
})

const optionalText = (max: number) => textField().trim().max(max).nullish()

const citizenFields = {
  fullName: textField().trim().min(2, 'Ad soyad gerekli.').max(200),
  phones: z.array(phone).max(10).optional(),
  email: z.union([z.email('Geçerli bir e-posta adresi değil.').max(200), z.literal(''), z.null()]).optional(),
  mahalle: optionalText(100),
  address: optionalText(500),
  kvkkNoticeGiven: z.boolean().optional(),
  preferredChannel: z.enum(MESSAGE_CHANNELS).nullish(),
  messagingConsent: z.boolean().optional(),
}

const createBody = z.object(citizenFields)
const updateBody = z
  .object({ ...citizenFields, fullName: citizenFields.fullName.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Değiştirilecek bir alan gönderin.')
const mergeBody = z.object({ duplicateId: idField() })

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export function citizenRoutes(deps: ServiceDeps): Router {
  const router = Router()

  router.get('/citizens', requireRole(...DIRECTORATE), async (req, res) => {
    const { q, limit } = searchQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await searchCitizens(deps, actorOf(req), q, limit))
  })

  router.post('/citizens', requireRole(...DIRECTORATE), async (req, res) => {
    const body = stripUndefined(createBody.parse(req.body ?? {})) as CreateCitizenBody
    res.status(201).json(await createCitizen(deps, actorOf(req), body))
  })

  router.get('/citizens/:id', requireRole(...DIRECTORATE), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getCitizen(deps, actorOf(req), id))
  })

  router.patch('/citizens/:id', requireRole(...DIRECTORATE), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = stripUndefined(updateBody.parse(req.body ?? {})) as UpdateCitizenBody
    res.json(await updateCitizen(deps, actorOf(req), id, body))
  })

  router.post('/citizens/:id/merge', requireRole(...MERGING), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const { duplicateId } = mergeBody.parse(req.body ?? {})
    res.json(await mergeCitizens(deps, actorOf(req), id, duplicateId))
  })

  router.get('/citizens/:id/tickets', requireRole(...DIRECTORATE), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await listCitizenTickets(deps, actorOf(req), id) })
  })

  return router
}
