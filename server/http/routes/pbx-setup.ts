/**
 * `/api/v1/pbx-setup` (admin): the PBXs' discovered queues, members and extensions with their settings,
 * `PUT /api/v1/pbx-setup/queues/:pbxId/:name` to label and classify a queue, and
 * `POST /api/v1/pbx-setup/:pbxId/reconnect` ("Yeniden bağlan": connect again now, also after a refused
 * AMI login, without a restart; docs/operations.md).
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { NotFoundError, UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import {
  pbxSetupView,
  reconnectPbx,
  saveQueueSettings,
  type PbxSetupDeps,
} from '../../services/pbx/pbx-setup.ts'
import '../request-context.ts'

const pbxIdField = () => textField().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Geçersiz santral kimliği.')

const pbxParams = z.object({ pbxId: pbxIdField() })

const keyParams = z.object({
  pbxId: pbxIdField(),
  // Asterisk queue names: the [section] names of queues.conf.
  name: textField().regex(/^[A-Za-z0-9_.+-]{1,80}$/, 'Geçersiz kuyruk adı.'),
})

const seconds = (max: number, what: string) =>
  z
    .number({ message: `${what} saniye olarak bir sayı olmalı.` })
    .int(`${what} tam saniye olmalı.`)
    .min(0, `${what} eksi olamaz.`)
    .max(max, `${what} en çok ${max} saniye olabilir.`)

const settingsBody = z
  .object({
    label: textField()
      .trim()
      .min(2, 'Kuyruğa ekranlarda görünecek bir ad verin.')
      .max(80, 'Ad en çok 80 karakter olabilir.')
      .regex(/^[^\p{Cc}]*$/u, 'Ad denetim karakteri içeremez.'),
    kind: z.enum(['CALL_CENTRE', 'SWITCHBOARD'], 'Çağrı merkezi mi santral mi, seçin.'),
    shown: z.boolean(),
    serviceLevelSec: seconds(3600, 'Hizmet düzeyi süresi').min(
      1,
      'Hizmet düzeyi süresi en az 1 saniye olmalı.',
    ),
    shortAbandonSec: seconds(600, 'Kısa terk sınırı'),
    wrapUpSec: seconds(3600, 'Çağrı sonrası işlem süresi'),
  })
  .strict()

export function pbxSetupRoutes(deps: PbxSetupDeps): Router {
  const router = Router()

  router.get('/pbx-setup', requireRole('admin'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await pbxSetupView(deps))
  })

  router.put('/pbx-setup/queues/:pbxId/:name', requireRole('admin'), async (req, res) => {
    const key = keyParams.parse(req.params)
    const body = settingsBody.parse(req.body ?? {})
    if (!req.principal) throw new UnauthorizedError()
    res.json(await saveQueueSettings(deps, actorFromUser(req.principal, req.ip), key, body))
  })

  router.post('/pbx-setup/:pbxId/reconnect', requireRole('admin'), async (req, res) => {
    const { pbxId } = pbxParams.parse(req.params)
    if (!req.principal) throw new UnauthorizedError()
    const done = await reconnectPbx(deps, actorFromUser(req.principal, req.ip), pbxId)
    if (done === null) throw new NotFoundError(`“${pbxId}” adında bir santral izlenmiyor.`)
    res.status(202).json(done)
  })

  return router
}
