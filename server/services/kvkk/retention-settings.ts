/**
 * The retention periods (Yönetim › KVKK › Saklama süreleri) in the settings store, and the record of the
 * last retention run. The periods and why: the KVKK ADR in docs/decisions/; the law: docs/kvkk.md §6.
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import {
  DEFAULT_RETENTION,
  RETENTION_KINDS,
  RETENTION_LIMITS,
  type RetentionKind,
  type RetentionPeriods,
  type RetentionRunView,
  type RetentionView,
} from '../../contract/kvkk.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'

/** Setting keys (the periods were seeded under this key before Pano applied them). */
export const RETENTION_SETTING = 'retention.days'
export const RETENTION_LAST_RUN_SETTING = 'retention.lastRun'

const LIMIT_REASON: Partial<Record<RetentionKind, string>> = {
  tickets: 'Talepler genel zamanaşımı süresince (TBK md. 146, 10 yıl) saklanır',
}

function periodSchema(kind: RetentionKind) {
  const { min, max } = RETENTION_LIMITS[kind]
  const why = LIMIT_REASON[kind]
  return z
    .number({ message: 'Gün sayısını yazın.' })
    .int('Tam bir gün sayısı yazın.')
    .min(min, why === undefined ? `En az ${min} gün olmalı.` : `${why}: en az ${min} gün olmalı.`)
    .max(max, `En çok ${max} gün olabilir.`)
}

export const retentionPeriodsSchema = z
  .object({
    callNumbers: periodSchema('callNumbers'),
    recordings: periodSchema('recordings'),
    citizens: periodSchema('citizens'),
    auditLog: periodSchema('auditLog'),
    tickets: periodSchema('tickets'),
  })
  .strict()

/** Names the periods were seeded under before they were applied (prisma/seed-data/settings.ts). */
const LEGACY_KEYS: Partial<Record<RetentionKind, string>> = { callNumbers: 'calls', tickets: 'closedTickets' }

/** The stored periods, each one valid or its default (an old or hand-edited value never stops the job). */
export function retentionOf(value: unknown): RetentionPeriods {
  const stored = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const out = { ...DEFAULT_RETENTION }
  for (const kind of RETENTION_KINDS) {
    const legacy = LEGACY_KEYS[kind]
    const raw = stored[kind] ?? (legacy === undefined ? undefined : stored[legacy])
    const parsed = periodSchema(kind).safeParse(raw)
    if (parsed.success) out[kind] = parsed.data
  }
  return out
}

const countsSchema = z.object({
  callNumbersMasked: z.number(),
  transferNumbersMasked: z.number(),
  callbacksDeleted: z.number(),
  // Runs stored before WhatsApp conversations existed have no such count.
  whatsappConversationsDeleted: z.number().default(0),
  citizensDeleted: z.number(),
  citizensAnonymised: z.number(),
  ticketsEmptied: z.number().default(0),
  auditRowsDeleted: z.number(),
  recordingsDeleted: z.number().default(0),
  recordingsNotDeleted: z.number().default(0),
})
const lastRunSchema = z.object({
  at: textField(),
  trigger: z.enum(['schedule', 'manual']),
  counts: countsSchema,
  durationMs: z.number(),
})

export function lastRunOf(value: unknown): RetentionRunView | null {
  const parsed = lastRunSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

type SettingDb = Pick<PrismaClient, 'setting'> | Prisma.TransactionClient

export async function readRetentionPeriods(db: SettingDb): Promise<RetentionPeriods> {
  const row = await db.setting.findUnique({ where: { key: RETENTION_SETTING } })
  return retentionOf(row?.value)
}

export async function readLastRun(db: SettingDb): Promise<RetentionRunView | null> {
  const row = await db.setting.findUnique({ where: { key: RETENTION_LAST_RUN_SETTING } })
  return lastRunOf(row?.value)
}

export async function writeLastRun(db: SettingDb, run: RetentionRunView): Promise<void> {
  const value = { ...run, counts: { ...run.counts } }
  await db.setting.upsert({
    where: { key: RETENTION_LAST_RUN_SETTING },
    create: { key: RETENTION_LAST_RUN_SETTING, value },
    update: { value },
  })
}

export async function readRetention(prisma: PrismaClient): Promise<RetentionView> {
  const [periods, lastRun] = await Promise.all([readRetentionPeriods(prisma), readLastRun(prisma)])
  return { periods, defaults: { ...DEFAULT_RETENTION }, lastRun }
}

export async function saveRetention(
  prisma: PrismaClient,
  actor: Actor,
  at: Date,
  periods: RetentionPeriods,
): Promise<RetentionView> {
  await prisma.$transaction(async (tx) => {
    const before = await readRetentionPeriods(tx)
    await tx.setting.upsert({
      where: { key: RETENTION_SETTING },
      create: { key: RETENTION_SETTING, value: { ...periods } },
      update: { value: { ...periods } },
    })
    await recordAudit(tx, actor, at, [
      {
        action: AUDIT_ACTIONS.retentionUpdate,
        entity: 'Setting',
        entityId: RETENTION_SETTING,
        detail: { before: { ...before }, after: { ...periods } },
      },
    ])
  })
  return readRetention(prisma)
}
