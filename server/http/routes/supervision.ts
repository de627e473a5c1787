/**
 * `/api/v1/supervision/…`: the müdür's listen / whisper / barge on a live call (POST starts it, the
 * list shows today's sessions from the audit log, stop hangs up the müdür's leg) and the directorate's
 * setting whether the agent is told (docs/decisions/018-listen-whisper-barge.md).
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { SPY_MODES, type SpyBody } from '../../contract/supervision.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { AppError } from '../../errors.ts'
import type { SpyService } from '../../services/supervision/spy-service.ts'
import {
  saveSupervisionSettings,
  supervisionSettings,
  supervisionSettingsSchema,
} from '../../services/supervision/supervision-settings.ts'
import { actorOf } from './tickets.ts'

const spyBody = z.strictObject({
  interface: textField()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[A-Za-z][A-Za-z0-9_]*\/\S+$/, 'kuyruk üyesi arayüzü, ör. Local/1001@agents/n'),
  mode: z.enum(SPY_MODES, { message: 'Dinle, fısılda ya da araya gir seçin.' }),
  pbxId: textField()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)
    .optional(),
  callId: textField()
    .trim()
    .regex(/^[A-Za-z0-9_.@/-]{1,120}$/)
    .optional(),
})
const sessionParam = z.object({ id: textField().uuid() })

export function supervisionRoutes(deps: {
  prisma: PrismaClient
  spy: () => SpyService | null
  now?: () => Date
}): Router {
  const router = Router()
  const spy = (): SpyService => {
    const s = deps.spy()
    if (s === null) throw new AppError(503, 'supervision_unavailable', 'Dinleme henüz hazır değil.')
    return s
  }

  router.post('/supervision/spy', requireRole('supervisor'), async (req, res) => {
    const parsed = spyBody.parse(req.body ?? {})
    const body: SpyBody = { interface: parsed.interface, mode: parsed.mode }
    if (parsed.pbxId !== undefined) body.pbxId = parsed.pbxId
    if (parsed.callId !== undefined) body.callId = parsed.callId
    res.status(202).json(await spy().start(actorOf(req), body))
  })

  router.get('/supervision/spy', requireRole('supervisor'), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await spy().list(actorOf(req)) })
  })

  router.post('/supervision/spy/:id/stop', requireRole('supervisor'), async (req, res) => {
    const { id } = sessionParam.parse(req.params)
    await spy().stop(actorOf(req), id)
    res.status(204).end()
  })

  router.get('/supervision/settings', requireRole('supervisor', 'admin'), async (_req, res) => {
    res.json(await supervisionSettings(deps.prisma))
  })

  router.put('/supervision/settings', requireRole('admin'), async (req, res) => {
    const body = supervisionSettingsSchema.parse(req.body ?? {})
    res.json(
      await saveSupervisionSettings(deps.prisma, actorOf(req), (deps.now ?? (() => new Date()))(), body),
    )
  })

  return router
}
