/**
 * The unit directory:
 *   GET    /directory                         units and lines with lights and my favourites (operator, supervisor, admin)
 *   PUT    /directory/favourites/:id          favourite on / DELETE: off (operator, supervisor)
 *   PUT    /directory/extensions/:id/presence { note } (operator, supervisor, admin)
 *   GET    /directory/admin                   everything, inactive rows too, and the queues (admin)
 *   POST   /directory/units, PATCH /directory/units/:id                 (admin)
 *   POST   /directory/extensions, PATCH /directory/extensions/:id       (admin; a new one is on the
 *          PBX named, else on the only PBX Pano follows)
 *   PATCH  /directory/queues/:id              { kind } which queues are the switchboard's (admin)
 * After every change the switchboard re-reads the directory, so the console sees it at once, on every
 * node (server/compose/setup-changes.ts).
 */
import { Router, type Request } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { DirectoryView } from '../../contract/switchboard.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { NotFoundError, UnauthorizedError } from '../../errors.ts'
import {
  createExtension,
  createUnit,
  directoryAdminView,
  extensionInput,
  extensionPatch,
  queueKindInput,
  setQueueKind,
  unitInput,
  unitPatch,
  updateExtension,
  updateUnit,
} from '../../services/directory/directory-admin.ts'
import {
  entryViews,
  favouriteIdsOf,
  loadDirectoryLines,
  setFavourite,
  setPresenceNote,
} from '../../services/directory/directory.ts'
import type { SwitchboardService } from '../../services/switchboard/switchboard-service.ts'

export interface DirectoryRouteDeps {
  prisma: PrismaClient
  switchboard: () => SwitchboardService | null
  /** The PBXs Pano follows (the simulator's `demo` in demo mode); absent or empty: none yet. */
  pbxIds?: () => readonly string[]
  /** Re-reads the directory on this node and tells the others; absent: this node's switchboard only. */
  onChanged?: () => Promise<void>
}

const idParam = z.object({ id: idField() })
const presenceBody = z.strictObject({ note: textField().trim().max(200).nullable() })

function userIdOf(req: Request): number {
  if (req.principal === undefined) throw new UnauthorizedError()
  return req.principal.userId
}

export function directoryRoutes(deps: DirectoryRouteDeps): Router {
  const router = Router()
  const { prisma } = deps
  const pbxIds = () => deps.pbxIds?.() ?? []
  const changed = async () => {
    if (deps.onChanged) await deps.onChanged()
    else await deps.switchboard()?.reload()
  }

  router.get('/directory', requireRole('operator', 'supervisor', 'admin'), async (req, res) => {
    const s = deps.switchboard()
    const view: DirectoryView =
      s !== null
        ? await s.directory(userIdOf(req))
        : {
            units: await prisma.unit.findMany({
              where: { active: true },
              orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
              select: { id: true, name: true, code: true },
            }),
            entries: entryViews(
              await loadDirectoryLines(prisma),
              await favouriteIdsOf(prisma, userIdOf(req)),
              () => 'unavailable',
            ),
          }
    res.setHeader('Cache-Control', 'no-store')
    res.json(view)
  })

  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    router[method]('/directory/favourites/:id', requireRole('operator', 'supervisor'), async (req, res) => {
      const ok = await setFavourite(prisma, userIdOf(req), idParam.parse(req.params).id, on)
      if (!ok) throw new NotFoundError('Dahili bulunamadı.')
      res.status(204).end()
    })
  }

  router.put(
    '/directory/extensions/:id/presence',
    requireRole('operator', 'supervisor', 'admin'),
    async (req, res) => {
      const { note } = presenceBody.parse(req.body ?? {})
      const ok = await setPresenceNote(prisma, idParam.parse(req.params).id, note === '' ? null : note)
      if (!ok) throw new NotFoundError('Dahili bulunamadı.')
      await changed()
      res.status(204).end()
    },
  )

  router.get('/directory/admin', requireRole('admin'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await directoryAdminView(prisma, pbxIds()))
  })

  router.post('/directory/units', requireRole('admin'), async (req, res) => {
    const unit = await createUnit(prisma, unitInput.parse(req.body ?? {}))
    await changed()
    res.status(201).json(unit)
  })

  router.patch('/directory/units/:id', requireRole('admin'), async (req, res) => {
    const unit = await updateUnit(prisma, idParam.parse(req.params).id, unitPatch.parse(req.body ?? {}))
    await changed()
    res.json(unit)
  })

  router.post('/directory/extensions', requireRole('admin'), async (req, res) => {
    const ext = await createExtension(prisma, extensionInput.parse(req.body ?? {}), pbxIds())
    await changed()
    res.status(201).json(ext)
  })

  router.patch('/directory/extensions/:id', requireRole('admin'), async (req, res) => {
    const ext = await updateExtension(
      prisma,
      idParam.parse(req.params).id,
      extensionPatch.parse(req.body ?? {}),
    )
    await changed()
    res.json(ext)
  })

  router.patch('/directory/queues/:id', requireRole('admin'), async (req, res) => {
    const { kind } = queueKindInput.parse(req.body ?? {})
    const queue = await setQueueKind(prisma, idParam.parse(req.params).id, kind)
    await changed()
    res.json(queue)
  })

  return router
}
