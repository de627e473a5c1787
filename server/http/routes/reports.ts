/**
 * Raporlar (supervisor, admin):
 * - `GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD`: every report table for the range (ReportView);
 * - `GET /api/v1/reports/<table>.csv?from=…&to=…`: one table as CSV for Turkish Excel.
 * Aggregates and ticket numbers only: no citizen personal data, so no AuditLog entry.
 */
import { Router } from 'express'
import { REPORT_ROLES, REPORT_TABLE_IDS, type ReportTableId } from '../../contract/reports.ts'
import { requireRole } from '../../auth/require-role.ts'
import { NotFoundError } from '../../errors.ts'
import { tableToCsv } from '../../services/reports/csv.ts'
import { parseReportRange, rangeSlug } from '../../services/reports/report-range.ts'
import type { ReportService } from '../../services/reports/report-service.ts'

export interface ReportRouteDeps {
  reports: ReportService
  now: () => Date
}

const isTableId = (value: string): value is ReportTableId =>
  (REPORT_TABLE_IDS as readonly string[]).includes(value)

export function reportRoutes(deps: ReportRouteDeps): Router {
  const router = Router()
  const guard = requireRole(...REPORT_ROLES)

  router.get('/reports', guard, async (req, res) => {
    const range = parseReportRange(req.query, deps.now())
    res.setHeader('Cache-Control', 'no-store')
    res.json(await deps.reports.build(range))
  })

  router.get('/reports/:name.csv', guard, async (req, res) => {
    const name = String(req.params['name'])
    if (!isTableId(name)) throw new NotFoundError('Böyle bir rapor yok.', 'report_not_found')
    const range = parseReportRange(req.query, deps.now())
    const csv = tableToCsv(await deps.reports.table(name, range))
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', 'text/csv; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="pano-${name}-${rangeSlug(range)}.csv"`)
    res.send(csv)
  })

  return router
}
