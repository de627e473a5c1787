/**
 * Deleting call recordings for KVKK (docs/recordings.md §6, docs/kvkk.md §5–6): in the retention run the
 * file of every call that ended before the recordings period, and on an erasure request every recording
 * of the person's calls, is deleted from the recordings folder and the call
 * keeps the date (`recordingDeletedAt`), so its player says the recording was deleted and when. Each
 * deletion writes an audit row under the call (`kvkk.recording-delete`), a record of destruction kept
 * at least three years like the run's own row (retention-job.ts DESTRUCTION_ACTIONS).
 *
 * A file already gone (the PBX's own clean-up) counts as deleted too; one that cannot be deleted
 * (permissions) is counted as failed, left as it is and tried again on the next run.
 */
import type { Prisma } from '../../db/generated/client.ts'
import { AUDIT_ACTIONS, recordAudit, type SystemActor } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { RecordingStore } from '../recordings/recording-store.ts'

/** Calls handled per run; the rest wait for the next day's run. */
const MAX_PER_RUN = 20_000

export interface RecordingRetention {
  recordingsDeleted: number
  recordingsNotDeleted: number
}

export async function deleteOldRecordings(
  tx: Prisma.TransactionClient,
  store: RecordingStore | null,
  cutoff: Date,
  now: Date,
  actor: Actor | SystemActor,
): Promise<RecordingRetention> {
  return deleteRecordings(tx, store, { endedAt: { lt: cutoff } }, now, actor)
}

/** Every recording of the calls from these citizens or their numbers (an erasure on request). */
export async function deleteRecordingsOfCitizens(
  tx: Prisma.TransactionClient,
  store: RecordingStore | null,
  person: { citizenIds: readonly number[]; phones: readonly string[] },
  now: Date,
  actor: Actor,
): Promise<RecordingRetention> {
  const where = {
    OR: [{ citizenId: { in: [...person.citizenIds] } }, { callerNumber: { in: [...person.phones] } }],
  }
  return deleteRecordings(tx, store, where, now, actor)
}

async function deleteRecordings(
  tx: Prisma.TransactionClient,
  store: RecordingStore | null,
  which: Prisma.CallWhereInput,
  now: Date,
  actor: Actor | SystemActor,
): Promise<RecordingRetention> {
  if (store === null) return { recordingsDeleted: 0, recordingsNotDeleted: 0 }
  const calls = await tx.call.findMany({
    where: { AND: [which, { recordingFile: { not: null }, recordingDeletedAt: null }] },
    select: { id: true, recordingFile: true },
    orderBy: { id: 'asc' },
    take: MAX_PER_RUN,
  })
  const done: { id: number; file: string; outcome: string }[] = []
  let failed = 0
  for (const c of calls) {
    if (c.recordingFile === null) continue
    const outcome = await store.remove(c.recordingFile)
    if (typeof outcome === 'object') failed++
    else done.push({ id: c.id, file: c.recordingFile, outcome })
  }
  if (done.length > 0) {
    await tx.call.updateMany({
      where: { id: { in: done.map((d) => d.id) } },
      data: { recordingDeletedAt: now },
    })
    await recordAudit(
      tx,
      actor,
      now,
      done.map((d) => ({
        action: AUDIT_ACTIONS.recordingDelete,
        entity: 'Call',
        entityId: d.id,
        detail: { file: d.file, outcome: d.outcome },
      })),
    )
  }
  return {
    recordingsDeleted: done.filter((d) => d.outcome === 'deleted').length,
    recordingsNotDeleted: failed,
  }
}
