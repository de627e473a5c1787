/**
 * The directorate's supervision setting (Yönetim): whether an agent's desk says "dinleniyor" while a
 * müdür listens, whispers or barges. Announced unless the directorate turns it off: the KVKK Board's
 * decision 2020/504 asks that people on a recorded or monitored call know it (docs/kvkk.md).
 */
import { z } from 'zod'
import type { SupervisionSettings } from '../../contract/supervision.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'

export const SUPERVISION_SETTING = 'supervision'
export const DEFAULT_SUPERVISION: SupervisionSettings = { announceToAgent: true }

export const supervisionSettingsSchema = z.strictObject({ announceToAgent: z.boolean() })

export async function supervisionSettings(
  prisma: Pick<PrismaClient, 'setting'>,
): Promise<SupervisionSettings> {
  const row = await prisma.setting.findUnique({ where: { key: SUPERVISION_SETTING } })
  const parsed = supervisionSettingsSchema.safeParse(row?.value)
  return parsed.success ? parsed.data : DEFAULT_SUPERVISION
}

export async function saveSupervisionSettings(
  prisma: PrismaClient,
  actor: Actor,
  at: Date,
  next: SupervisionSettings,
): Promise<SupervisionSettings> {
  const before = await supervisionSettings(prisma)
  await prisma.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: SUPERVISION_SETTING },
      create: { key: SUPERVISION_SETTING, value: { ...next } },
      update: { value: { ...next } },
    })
    await recordAudit(tx, actor, at, [
      {
        action: AUDIT_ACTIONS.supervisionSettings,
        entity: 'Setting',
        entityId: SUPERVISION_SETTING,
        detail: { before: { ...before }, after: { ...next } },
      },
    ])
  })
  return next
}
