/**
 * Yönetim › Santral: the queues, members and extensions each PBX reported (QueueStatus,
 * ExtensionStateList: telephony/bridge/snapshot-lists.ts), beside the settings an admin keeps for them.
 * Nothing here knows a queue by name: a real PBX's queues appear as they are, under its own id, and an
 * admin labels them, marks them call centre or switchboard and gives their wrap-up time.
 */
import type {
  PbxSetupResponse,
  PbxSetupView,
  QueueSettingsInput,
  QueueSetupView,
} from '../../contract/pbx-setup.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { PbxDiscovery } from '../telephony/telephony-service.ts'

export const QUEUE_ENTITY = 'Queue'

export interface PbxSetupDeps {
  prisma: PrismaClient
  /** What the PBXs reported; empty without telephony. */
  discovery: () => readonly PbxDiscovery[]
  /** Queue settings changed: the telephony service, the boards and the console re-read them. */
  onQueuesChanged: () => Promise<void>
  /** Connects a PBX again now (telephony-service.ts); false when no such PBX is watched. */
  reconnect?: (pbxId: string) => boolean
  now?: () => Date
}

export async function pbxSetupView(deps: PbxSetupDeps): Promise<PbxSetupResponse> {
  const [queueRows, interfaces, extensions] = await Promise.all([
    deps.prisma.queue.findMany({ orderBy: [{ pbxId: 'asc' }, { name: 'asc' }] }),
    deps.prisma.memberInterface.findMany({
      select: { interface: true, user: { select: { id: true, username: true, displayName: true } } },
    }),
    deps.prisma.extension.findMany({
      select: { id: true, pbxId: true, number: true, label: true, unit: { select: { name: true } } },
    }),
  ])
  const userOf = new Map(
    interfaces.map((i) => [
      i.interface,
      { id: i.user.id, username: i.user.username, fullName: i.user.displayName },
    ]),
  )
  const discovered = deps.discovery()
  const pbxs: PbxSetupView[] = discovered.map((pbx) => {
    const rows = queueRows.filter((q) => q.pbxId === pbx.id)
    const names = [...new Set([...pbx.queues.map((q) => q.name), ...rows.map((r) => r.name)])].sort()
    const queues: QueueSetupView[] = names.map((name) => {
      const found = pbx.queues.find((q) => q.name === name)
      const row = rows.find((r) => r.name === name)
      return {
        pbxId: pbx.id,
        name,
        onPbx: found !== undefined,
        members: (found?.members ?? []).map((m) => ({
          interface: m.interface,
          name: m.name,
          user: userOf.get(m.interface) ?? null,
        })),
        settings:
          row === undefined
            ? null
            : {
                id: row.id,
                label: row.label,
                kind: row.kind,
                shown: row.shown,
                serviceLevelSec: row.serviceLevelSec,
                shortAbandonSec: row.shortAbandonSec,
                wrapUpSec: row.wrapUpSec,
              },
      }
    })
    return {
      id: pbx.id,
      state: pbx.state,
      simulated: pbx.simulated,
      queues,
      extensions: pbx.extensions
        .map((x) => {
          const line = extensions.find((e) => e.pbxId === pbx.id && e.number === x.exten)
          return {
            pbxId: pbx.id,
            exten: x.exten,
            context: x.context,
            hint: x.hint,
            directory:
              line === undefined ? null : { id: line.id, label: line.label, unit: line.unit?.name ?? null },
          }
        })
        .sort((a, b) => a.exten.localeCompare(b.exten, 'tr', { numeric: true })),
    }
  })
  const followed = new Set(discovered.map((p) => p.id))
  return {
    pbxs,
    orphanQueues: queueRows
      .filter((q) => !followed.has(q.pbxId))
      .map((q) => ({ pbxId: q.pbxId, name: q.name, label: q.label })),
  }
}

export async function saveQueueSettings(
  deps: PbxSetupDeps,
  actor: Actor,
  key: { pbxId: string; name: string },
  input: QueueSettingsInput,
): Promise<QueueSetupView['settings']> {
  const at = deps.now?.() ?? new Date()
  const saved = await deps.prisma.$transaction(async (tx) => {
    const before = await tx.queue.findUnique({ where: { pbxId_name: key } })
    const row = await tx.queue.upsert({
      where: { pbxId_name: key },
      create: { ...key, ...input },
      update: input,
    })
    await recordAudit(tx, actor, at, [
      {
        action: 'queue.update',
        entity: QUEUE_ENTITY,
        entityId: `${key.pbxId}/${key.name}`,
        detail: {
          before:
            before === null
              ? null
              : {
                  label: before.label,
                  kind: before.kind,
                  shown: before.shown,
                  serviceLevelSec: before.serviceLevelSec,
                  shortAbandonSec: before.shortAbandonSec,
                  wrapUpSec: before.wrapUpSec,
                },
          after: { ...input },
        },
      },
    ])
    return row
  })
  await deps.onQueuesChanged()
  return {
    id: saved.id,
    label: saved.label,
    kind: saved.kind,
    shown: saved.shown,
    serviceLevelSec: saved.serviceLevelSec,
    shortAbandonSec: saved.shortAbandonSec,
    wrapUpSec: saved.wrapUpSec,
  }
}

/**
 * An admin's "Yeniden bağlan": the PBX's AMI connection is made again now (also after a refused login,
 * which otherwise is retried only every few minutes), audited. Null when no such PBX is watched.
 */
export async function reconnectPbx(
  deps: PbxSetupDeps,
  actor: Actor,
  pbxId: string,
): Promise<{ pbxId: string; reconnecting: true } | null> {
  if (deps.reconnect?.(pbxId) !== true) return null
  await recordAudit(deps.prisma, actor, deps.now?.() ?? new Date(), [
    { action: AUDIT_ACTIONS.pbxReconnect, entity: 'Pbx', entityId: pbxId },
  ])
  return { pbxId, reconnecting: true }
}
