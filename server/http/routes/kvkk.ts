/**
 * `/api/v1/kvkk/…` (the data officer and IT, KVKK_ROLES): the access log (JSON or CSV), a person's search,
 * export (for the screen, and as the Turkish file handed to them) and erasure, the retention periods and
 * a run of them now. docs/api.md; docs/kvkk.md.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { ACCESS_LOG_MAX_LIMIT, KVKK_ROLES, type KvkkUserOption } from '../../contract/kvkk.ts'
import { roleFromDatabase } from '../../auth/principal.ts'
import { addDays, isIsoDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import { PHONE_INVALID_LABELS } from '../../domain/labels.ts'
import { normalizePhone } from '../../domain/phone.ts'
import { accessLogCitizens, accessLogCsv, listAccessLog } from '../../services/kvkk/access-log.ts'
import { eraseCitizen } from '../../services/kvkk/citizen-erase.ts'
import { citizenDocument, citizenDocumentFileName } from '../../services/kvkk/citizen-document.ts'
import { exportCitizen } from '../../services/kvkk/citizen-export.ts'
import type { KvkkDeps } from '../../services/kvkk/kvkk-deps.ts'
import { searchKvkkCitizens } from '../../services/kvkk/kvkk-search.ts'
import type { RetentionScheduler } from '../../services/kvkk/retention-scheduler.ts'
import {
  readRetention,
  retentionPeriodsSchema,
  saveRetention,
} from '../../services/kvkk/retention-settings.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import { actorOf, idParam } from './tickets.ts'
import '../request-context.ts'

const id = idField()
const day = textField().refine((d) => isIsoDate(d), 'Tarih YYYY-AA-GG biçiminde olmalı.')
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

/**
 * A citizen's phone number in any spelling people write it, normalised as citizens' numbers are stored
 * (server/domain/phone.ts normalizePhone, E.164); only a whole number, so the log cannot be searched digit
 * by digit for the people behind a part of one.
 */
const phoneNumber = textField()
  .trim()
  .max(40, PHONE_INVALID_LABELS.TOO_LONG)
  .transform((text, ctx) => {
    const phone = normalizePhone(text)
    if (phone.ok) return phone.e164
    ctx.addIssue({ code: 'custom', message: PHONE_INVALID_LABELS[phone.reason] })
    return z.NEVER
  })

const accessLogQuery = z
  .object({
    citizenId: z.preprocess(blankToUndefined, id.optional()),
    phone: z.preprocess(blankToUndefined, phoneNumber.optional()),
    userId: z.preprocess(blankToUndefined, id.optional()),
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
    format: z.enum(['json', 'csv'], 'Biçim json ya da csv olmalı.').default('json'),
    limit: z.coerce.number().int().min(1).max(ACCESS_LOG_MAX_LIMIT).default(200),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'Bitiş tarihi başlangıçtan önce olamaz.',
    path: ['to'],
  })

const searchQuery = z.object({ q: textField().trim().min(1, 'Aranacak bir şey yazın.').max(200) })

const eraseBody = z
  .object({
    reason: textField()
      .trim()
      .min(10, 'Gerekçeyi başvurunun tarihi ve sayısıyla birlikte yazın (en az 10 karakter).')
      .max(1000, 'Gerekçe en çok 1000 karakter olabilir.')
      .regex(/^[^\p{Cc}]*$/u, 'Gerekçe denetim karakteri içeremez.'),
  })
  .strict()

export interface KvkkRouteDeps extends KvkkDeps {
  /** The directorate's citizen search (audited) reuses the ticket services. */
  services: ServiceDeps
  retention: RetentionScheduler
}

export function kvkkRoutes(deps: KvkkRouteDeps): Router {
  const router = Router()
  const guard = requireRole(...KVKK_ROLES)

  router.get('/kvkk/access-log', guard, async (req, res) => {
    const q = accessLogQuery.parse(req.query)
    const { citizenIds, phoneMatched } = await accessLogCitizens(deps.prisma, q.citizenId, q.phone)
    const filter = {
      citizenIds,
      userId: q.userId,
      from: q.from === undefined ? undefined : istanbulInstant(q.from, 0),
      to: q.to === undefined ? undefined : istanbulInstant(addDays(q.to, 1), 0),
    }
    res.setHeader('Cache-Control', 'no-store')
    if (q.format === 'csv') {
      const name = `pano-erisim-kaydi${q.citizenId === undefined ? '' : `-vatandas-${q.citizenId}`}.csv`
      res.setHeader('Content-Type', 'text/csv; charset=utf-8')
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
      res.send(await accessLogCsv(deps, actorOf(req), filter))
      return
    }
    res.json(await listAccessLog(deps, actorOf(req), filter, q.limit, phoneMatched))
  })

  router.get('/kvkk/users', guard, async (_req, res) => {
    const users = await deps.prisma.user.findMany({
      select: { id: true, username: true, displayName: true, role: true, active: true },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    })
    const items: KvkkUserOption[] = users.map((u) => ({ ...u, role: roleFromDatabase(u.role) }))
    res.json({ items })
  })

  router.get('/kvkk/citizens', guard, async (req, res) => {
    const { q } = searchQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await searchKvkkCitizens(deps.services, actorOf(req), q))
  })

  router.get('/kvkk/citizens/:id/export', guard, async (req, res) => {
    const { id: citizenId } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await exportCitizen(deps, actorOf(req), citizenId))
  })

  // The same export as the file the person is handed: Turkish keys, Istanbul times (citizen-document.ts).
  // A download is a new export, audited as one (`kvkk.export`).
  router.get('/kvkk/citizens/:id/dokum', guard, async (req, res) => {
    const { id: citizenId } = idParam.parse(req.params)
    const x = await exportCitizen(deps, actorOf(req), citizenId)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="${citizenDocumentFileName(x)}"`)
    res.send(`${JSON.stringify(citizenDocument(x), null, 2)}\n`)
  })

  router.post('/kvkk/citizens/:id/erase', guard, async (req, res) => {
    const { id: citizenId } = idParam.parse(req.params)
    const { reason } = eraseBody.parse(req.body ?? {})
    res.json(await eraseCitizen(deps, actorOf(req), citizenId, reason))
  })

  router.get('/kvkk/retention', guard, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await readRetention(deps.prisma))
  })

  router.put('/kvkk/retention', guard, async (req, res) => {
    const periods = retentionPeriodsSchema.parse(req.body ?? {})
    res.json(await saveRetention(deps.prisma, actorOf(req), deps.now(), periods))
  })

  router.post('/kvkk/retention/run', guard, async (req, res) => {
    res.json(await deps.retention.runNow(actorOf(req)))
  })

  return router
}
