/**
 * `GET /api/v1/agents` (every queue member now, with today's numbers) and `POST /api/v1/agents/pause`
 * (a supervisor pauses or unpauses an agent with a reason from the PauseReason table: QueuePause through
 * the AMI layer; the PBX's answer or its error comes back).
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { AGENT_LIST_ROLES } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { pbxError, pbxNotConfigured } from '../../services/telephony/control-errors.ts'
import { choosablePauseReason } from '../../services/telephony/pause-reasons.ts'
import type { TelephonyRouteDeps } from './queues.ts'

const pauseBody = z.strictObject({
  pbxId: textField()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)
    .optional(),
  interface: textField()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[A-Za-z][A-Za-z0-9_]*\/\S+$/, 'kuyruk üyesi arayüzü, ör. Local/1001@agents/n'),
  paused: z.boolean(),
  reason: textField().trim().min(1).max(80).optional(),
  queue: textField()
    .trim()
    .regex(/^[A-Za-z0-9_.@+-]{1,80}$/)
    .optional(),
})

export function agentRoutes(deps: TelephonyRouteDeps & { prisma: PrismaClient }): Router {
  const router = Router()

  router.get('/agents', requireRole(...AGENT_LIST_ROLES), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ at: (deps.now ?? Date.now)(), agents: deps.telephony()?.agents() ?? [] })
  })

  router.post('/agents/pause', requireRole('supervisor'), async (req, res) => {
    const parsed = pauseBody.parse(req.body ?? {})
    // Only a reason from the list reaches the PBX (and, through it, the boards and TVs).
    const { reason: asked, ...rest } = parsed
    const body = parsed.paused ? { ...rest, reason: await choosablePauseReason(deps.prisma, asked) } : rest
    const telephony = deps.telephony()
    const what = body.paused ? 'Mola verilemedi' : 'Moladan dönülemedi'
    if (telephony === null) throw pbxNotConfigured(what)
    const result = await telephony.pauseMember(body)
    if (!result.ok) throw pbxError(result.error, what)
    req.log.info(
      { pbxId: result.value.pbxId, interface: body.interface, paused: body.paused, reason: asked },
      'agent pause changed by supervisor',
    )
    res.json(result.value)
  })

  return router
}
