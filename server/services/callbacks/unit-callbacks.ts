/**
 * The unit's callbacks (ADR 007): OPEN Callback rows with a unit, i.e. callers a switchboard transfer to
 * that unit lost (reason TRANSFER_UNANSWERED, written by switchboard/transfer-store.ts). They are the
 * unit's alone: the call centre's missed-call list leaves them out (callback-owner.ts).
 *
 * Who sees what (docs/design.md §2.8):
 * - unit staff: their own unit only (another unit's entry is 403 `callback_other_unit`), the number
 *   masked and no name; the full number only through `revealCallbackPhone`, which writes an AuditLog row;
 * - supervisor/admin: any unit (or all), full number and the citizen's name, audited as a list read.
 */
import {
  UNIT_CALLBACK_ROLES,
  type UnitCallbackItem,
  type UnitCallbackReveal,
} from '../../contract/unit-callbacks.ts'
import type { ContactOutcomeCode } from '../../contract/tickets.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { formatPhoneTr, maskPhone } from '../../domain/phone.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit, recordCitizenReads } from '../audit/audit-log.ts'
import { seesPersonalData, type Actor } from '../audit/actor.ts'
import { ownedByCallCentre, UNIT_OWNED } from './callback-owner.ts'

export interface UnitCallbackDeps {
  prisma: PrismaClient
  clock: { now(): Date }
}

export const CALLBACK_ENTITY = 'Callback'
const LIST_LIMIT = 500
const ALLOWED = new Set<string>(UNIT_CALLBACK_ROLES)

/** The unit whose entries the actor may see: a unit id, or null for every unit (supervisor/admin). */
function unitScope(actor: Actor, requested: number | undefined): number | null {
  if (!ALLOWED.has(actor.role)) throw new ForbiddenError('Birim geri aramaları birim personeli içindir.')
  if (actor.role !== 'unit') return requested ?? null
  if (actor.unitId === null) throw new ForbiddenError('Hesabınız bir birime bağlı değil.', 'no_unit')
  if (requested !== undefined && requested !== actor.unitId) throw otherUnit()
  return actor.unitId
}

function otherUnit(): ForbiddenError {
  return new ForbiddenError('Bu geri arama biriminize ait değil.', 'callback_other_unit')
}

export async function listUnitCallbacks(
  deps: UnitCallbackDeps,
  actor: Actor,
  query: { unitId?: number | undefined } = {},
): Promise<UnitCallbackItem[]> {
  const scope = unitScope(actor, query.unitId)
  const full = seesPersonalData(actor.role)
  const rows = await deps.prisma.callback.findMany({
    where: { status: 'OPEN', ...(scope === null ? UNIT_OWNED : { unitId: scope }) },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: LIST_LIMIT,
    include: {
      unit: { select: { id: true, name: true } },
      citizen: { select: { id: true, fullName: true } },
      attempts: { orderBy: { at: 'asc' }, include: { user: { select: { displayName: true } } } },
    },
  })
  if (full) {
    const shown = rows.flatMap((r) => (r.citizen === null ? [] : [r.citizen.id]))
    await recordCitizenReads(deps.prisma, actor, deps.clock.now(), shown, AUDIT_ACTIONS.citizenList, {
      worklist: 'unit-callbacks',
    })
  }
  return rows.flatMap((r) =>
    r.unit === null
      ? []
      : [
          {
            id: r.id,
            unit: r.unit,
            reason: r.reason,
            phone: full ? formatPhoneTr(r.phoneE164) : maskPhone(r.phoneE164),
            phoneE164: full ? r.phoneE164 : null,
            citizenName: full ? (r.citizen?.fullName ?? null) : null,
            callCount: r.callCount,
            firstCallAt: r.firstCallAt.toISOString(),
            lastCallAt: r.lastCallAt.toISOString(),
            dueAt: r.dueAt.toISOString(),
            attempts: r.attempts.map((a) => ({
              id: a.id,
              outcome: a.outcome,
              note: a.note,
              at: a.at.toISOString(),
              by: a.user?.displayName ?? null,
            })),
          },
        ],
  )
}

/** The entry, if the actor's unit may act on it (404 unknown or not a unit's, 403 another unit's). */
async function loadEntry(db: Prisma.TransactionClient, actor: Actor, id: number, lock: boolean) {
  unitScope(actor, undefined)
  if (lock) await db.$queryRaw`SELECT id FROM "Callback" WHERE id = ${id} FOR UPDATE`
  const row = await db.callback.findUnique({ where: { id } })
  if (row === null || ownedByCallCentre(row))
    throw new NotFoundError('Geri arama kaydı bulunamadı.', 'callback_not_found')
  if (actor.role === 'unit' && row.unitId !== actor.unitId) throw otherUnit()
  return row
}

/**
 * The full number so the unit can phone the caller back. Every call writes one AuditLog row: on the
 * citizen when the number is a known citizen's (so "who saw my record" finds it), else on the callback.
 */
export async function revealCallbackPhone(
  deps: UnitCallbackDeps,
  actor: Actor,
  id: number,
): Promise<UnitCallbackReveal> {
  const row = await loadEntry(deps.prisma, actor, id, false)
  await recordAudit(deps.prisma, actor, deps.clock.now(), [
    {
      action: AUDIT_ACTIONS.callbackPhoneReveal,
      entity: row.citizenId === null ? CALLBACK_ENTITY : CITIZEN_ENTITY,
      entityId: row.citizenId ?? row.id,
      detail: { callbackId: row.id, unitId: row.unitId },
    },
  ])
  return { id: row.id, phone: formatPhoneTr(row.phoneE164), phoneE164: row.phoneE164 }
}

/**
 * One call-back attempt by the unit. Reaching the caller (ULASILDI) closes the entry; any other outcome
 * leaves it open for the next try unless `close` is asked for (e.g. a message left is enough).
 * Only this entry is closed: the directorate's own missed-call entries for the number are theirs.
 */
export async function recordUnitCallbackAttempt(
  deps: UnitCallbackDeps,
  actor: Actor,
  id: number,
  input: { outcome: ContactOutcomeCode; note?: string | null | undefined; close?: boolean | undefined },
): Promise<{ attemptId: number; closed: boolean }> {
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    const row = await loadEntry(tx, actor, id, true)
    if (row.status !== 'OPEN') throw new ConflictError('Bu geri arama zaten kapanmış.', 'callback_closed')
    const attempt = await tx.callbackAttempt.create({
      data: {
        callbackId: id,
        userId: actor.userId,
        outcome: input.outcome,
        note: input.note?.trim() || null,
        at: now,
      },
    })
    const closed = input.outcome === 'ULASILDI' || input.close === true
    if (closed) await tx.callback.update({ where: { id }, data: { status: 'DONE', closedAt: now } })
    return { attemptId: attempt.id, closed }
  })
}
