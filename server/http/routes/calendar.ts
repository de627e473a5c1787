/**
 * `/api/v1/holidays` and `/api/v1/office-hours`: the holiday table per year and the office hours
 * (admin edits; supervisors and admins read). `GET /api/v1/calendar-warnings` is for every signed-in
 * screen that must warn when the holiday table runs out.
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { requireRole, requireSignedIn } from '../../auth/require-role.ts'
import { UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import {
  addFixedHolidays,
  addHoliday,
  calendarWarnings,
  deleteHoliday,
  listHolidays,
  readOfficeHours,
  saveHoliday,
  saveOfficeHours,
  type CalendarAdminDeps,
} from '../../services/calendar/calendar-admin.ts'
import { officeHoursSchema } from '../../services/tickets/calendar-source.ts'
import '../request-context.ts'

const year = z.coerce
  .number({ message: 'Yıl bir sayı olmalı.' })
  .int()
  .min(2000, 'Yıl 2000 ile 2100 arasında olmalı.')
  .max(2100, 'Yıl 2000 ile 2100 arasında olmalı.')

const dateParam = z.object({
  date: z.iso.date('Tarih YYYY-AA-GG biçiminde olmalı.').refine((d) => {
    const y = Number(d.slice(0, 4))
    return y >= 2000 && y <= 2100
  }, 'Yıl 2000 ile 2100 arasında olmalı.'),
})

const holidayBody = z
  .object({
    name: textField()
      .trim()
      .min(2, 'Tatilin adını yazın.')
      .max(120, 'Ad en çok 120 karakter olabilir.')
      .regex(/^[^\p{Cc}]*$/u, 'Ad denetim karakteri içeremez.'),
    kind: z.enum(['FULL', 'HALF_DAY'], 'Tam gün mü yarım gün (arife) mü, seçin.'),
  })
  .strict()

export function calendarRoutes(deps: CalendarAdminDeps): Router {
  const router = Router()
  const now = () => deps.now?.() ?? new Date()
  const actorOf = (req: Parameters<Parameters<typeof router.get>[1]>[0]) => {
    if (!req.principal) throw new UnauthorizedError()
    return actorFromUser(req.principal, req.ip)
  }

  router.get('/holidays', requireRole('supervisor', 'admin'), async (req, res) => {
    const query = z.object({ year: year.optional() }).parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await listHolidays(deps, query.year ?? now().getUTCFullYear()))
  })

  // Adding refuses a day that already has a holiday (409); PUT changes or sets one whatever was there.
  router.post('/holidays', requireRole('admin'), async (req, res) => {
    const { date, ...body } = holidayBody.extend(dateParam.shape).parse(req.body ?? {})
    await addHoliday(deps, actorOf(req), date, body)
    res.status(201).end()
  })

  router.put('/holidays/:date', requireRole('admin'), async (req, res) => {
    const { date } = dateParam.parse(req.params)
    const body = holidayBody.parse(req.body ?? {})
    await saveHoliday(deps, actorOf(req), date, body)
    res.status(204).end()
  })

  router.delete('/holidays/:date', requireRole('admin'), async (req, res) => {
    const { date } = dateParam.parse(req.params)
    await deleteHoliday(deps, actorOf(req), date)
    res.status(204).end()
  })

  router.post('/holidays/fixed/:year', requireRole('admin'), async (req, res) => {
    const { year: y } = z.object({ year }).parse(req.params)
    res.json(await addFixedHolidays(deps, actorOf(req), y))
  })

  router.get('/office-hours', requireSignedIn(), async (_req, res) => {
    res.json(await readOfficeHours(deps))
  })

  router.put('/office-hours', requireRole('admin'), async (req, res) => {
    const body = officeHoursSchema.parse(req.body ?? {})
    res.json(await saveOfficeHours(deps, actorOf(req), body))
  })

  router.get('/calendar-warnings', requireSignedIn(), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ warnings: await calendarWarnings(deps.prisma, now()) })
  })

  return router
}
