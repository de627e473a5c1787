/**
 * Folding a duplicate citizen record into the survivor, in one transaction: phones, tickets, calls and
 * callbacks move; blanks of the survivor are filled from the duplicate; records earlier merged into the
 * duplicate now point at the survivor; the duplicate keeps its row (for the audit trail) with
 * `mergedIntoId` set, so old links and reads follow the pointer. Each moved ticket gets a history entry.
 */
import type { CitizenView } from '../../contract/citizens.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { getCitizenInTx } from './citizen-records.ts'

export interface MergeSummary {
  citizen: CitizenView
  moved: { phones: number; tickets: number; calls: number; callbacks: number }
}

export async function mergeCitizens(
  deps: ServiceDeps,
  actor: Actor,
  survivorId: number,
  duplicateId: number,
): Promise<MergeSummary> {
  if (survivorId === duplicateId) {
    throw new ValidationError([
      { path: 'duplicateId', code: 'same_record', message: 'Bir kayıt kendisiyle birleştirilemez.' },
    ])
  }
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    // Lock both rows in id order so two merges of the same pair cannot interleave.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Citizen" WHERE id IN (${survivorId}, ${duplicateId}) ORDER BY id FOR UPDATE`
    if (locked.length !== 2) throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
    const [survivor, duplicate] = await Promise.all([
      tx.citizen.findUniqueOrThrow({ where: { id: survivorId }, include: { phones: true } }),
      tx.citizen.findUniqueOrThrow({ where: { id: duplicateId }, include: { phones: true } }),
    ])
    for (const c of [survivor, duplicate]) {
      if (c.mergedIntoId !== null) {
        throw new ConflictError(`#${c.id} numaralı kayıt zaten birleştirilmiş.`, 'citizen_merged', {
          id: c.id,
          survivorId: c.mergedIntoId,
        })
      }
      if (c.anonymizedAt !== null) {
        throw new ConflictError(`#${c.id} numaralı kayıt anonimleştirilmiş.`, 'citizen_anonymized', {
          id: c.id,
        })
      }
    }

    const survivorNumbers = new Set(survivor.phones.map((p) => p.e164))
    const samePhones = duplicate.phones.filter((p) => survivorNumbers.has(p.e164))
    const newPhones = duplicate.phones.filter((p) => !survivorNumbers.has(p.e164))
    if (samePhones.length > 0)
      await tx.citizenPhone.deleteMany({ where: { id: { in: samePhones.map((p) => p.id) } } })
    if (newPhones.length > 0) {
      await tx.citizenPhone.updateMany({
        where: { id: { in: newPhones.map((p) => p.id) } },
        data: { citizenId: survivorId },
      })
    }

    const tickets = await tx.ticket.findMany({ where: { citizenId: duplicateId }, select: { id: true } })
    if (tickets.length > 0) {
      await tx.ticket.updateMany({ where: { citizenId: duplicateId }, data: { citizenId: survivorId } })
      await tx.ticketEvent.createMany({
        data: tickets.map((t) => ({
          ticketId: t.id,
          kind: 'COMMENT' as const,
          note: `Vatandaş kaydı #${duplicateId}, #${survivorId} ile birleştirildi.`,
          data: { change: 'citizen-merged', from: duplicateId, to: survivorId },
          actorId: actor.userId,
          at: now,
        })),
      })
    }
    const calls = await tx.call.updateMany({
      where: { citizenId: duplicateId },
      data: { citizenId: survivorId },
    })
    const callbacks = await tx.callback.updateMany({
      where: { citizenId: duplicateId },
      data: { citizenId: survivorId },
    })
    await tx.citizen.updateMany({ where: { mergedIntoId: duplicateId }, data: { mergedIntoId: survivorId } })

    const earliestNotice = [survivor.kvkkNoticeAt, duplicate.kvkkNoticeAt]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0]
    await tx.citizen.update({
      where: { id: survivorId },
      data: {
        email: survivor.email ?? duplicate.email,
        mahalle: survivor.mahalle ?? duplicate.mahalle,
        address: survivor.address ?? duplicate.address,
        kvkkNoticeAt: earliestNotice ?? null,
      },
    })
    await tx.citizen.update({ where: { id: duplicateId }, data: { mergedIntoId: survivorId } })

    const moved = {
      phones: newPhones.length,
      tickets: tickets.length,
      calls: calls.count,
      callbacks: callbacks.count,
    }
    await recordAudit(tx, actor, now, [
      {
        action: AUDIT_ACTIONS.citizenMerge,
        entity: CITIZEN_ENTITY,
        entityId: survivorId,
        detail: { survivorId, duplicateId, moved },
      },
      {
        action: AUDIT_ACTIONS.citizenMerge,
        entity: CITIZEN_ENTITY,
        entityId: duplicateId,
        detail: { survivorId, duplicateId, moved },
      },
    ])
    return { citizen: await getCitizenInTx(tx, survivorId, survivorId), moved }
  })
}
