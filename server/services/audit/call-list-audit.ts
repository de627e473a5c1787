/**
 * KVKK (docs/design.md §2.8, docs/kvkk.md §3) for lists of calls: a list that shows callers' numbers — today's
 * calls (`GET /api/v1/calls`), the live calls (`?active=1` and the socket `calls` view), the missed-call
 * worklist, the call backs planned at wrap-up — is a read of personal data by whoever is shown it, whether or not the caller is on a
 * citizen record. Each read writes, in one INSERT:
 *
 * - ONE `call.list` row for the list itself (entity `CallList`, entityId the list: `finished`, `live`,
 *   `missed`, `scheduled`), with the keys of the calls it showed in `detail.calls`, so "who saw this call" is answered
 *   for callers who are on no record too;
 * - one `citizen.list` row per citizen whose number the list showed (entity `Citizen`), as every other
 *   list does (audit-log.ts), so "who saw my record" stays one indexed query.
 *
 * The socket view writes at each subscribe (its snapshot), not at each delta: a subscription is one
 * look at a screen that then keeps itself current, as the santral console's rule is one row per call
 * for as long as it is shown (server/services/switchboard/call-identity-audit.ts).
 */
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { Actor } from './actor.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit, type AuditEntry } from './audit-log.ts'

export const CALL_LIST_ENTITY = 'CallList'

export type CallListName = 'finished' | 'live' | 'missed' | 'scheduled'

export interface ShownCall {
  /** The call's key in that list: a Call id, `<pbxId>/<callId>` of a live call, a Callback id. */
  key: string | number
  /** The caller's number as shown (E.164 when recognised); null when withheld. */
  e164: string | null
  /** The citizens the list shows for this row, when it knows them; absent: looked up by the number. */
  citizenIds?: readonly number[]
}

export interface CallListRead {
  list: CallListName
  /** How it was read: `http` or `socket`. */
  via: 'http' | 'socket'
  /** Anything else that says what was asked (page, filters). */
  query?: Record<string, string | number | null>
}

type Db = Pick<PrismaClient, 'auditLog' | 'citizenPhone'>

/** The citizens holding these numbers (merged records resolve to the record they live on). */
async function citizensOf(db: Db, numbers: readonly string[]): Promise<Map<string, number[]>> {
  const byNumber = new Map<string, number[]>()
  if (numbers.length === 0) return byNumber
  const rows = await db.citizenPhone.findMany({
    where: { e164: { in: [...numbers] } },
    select: { e164: true, citizen: { select: { id: true, mergedIntoId: true } } },
  })
  for (const r of rows) {
    const list = byNumber.get(r.e164) ?? []
    list.push(r.citizen.mergedIntoId ?? r.citizen.id)
    byNumber.set(r.e164, list)
  }
  return byNumber
}

export async function recordCallListRead(
  db: Db,
  actor: Actor,
  at: Date,
  read: CallListRead,
  shown: readonly ShownCall[],
): Promise<void> {
  const unknown = [
    ...new Set(
      shown.flatMap((c) => (c.citizenIds === undefined && c.e164?.startsWith('+') === true ? [c.e164] : [])),
    ),
  ]
  const holders = await citizensOf(db, unknown)
  const citizenIds = new Set<number>()
  for (const c of shown) {
    const ids = c.citizenIds ?? (c.e164 === null ? [] : (holders.get(c.e164) ?? []))
    for (const id of ids) citizenIds.add(id)
  }
  const detail: Prisma.InputJsonObject = {
    via: read.via,
    count: shown.length,
    calls: shown.map((c) => c.key),
    ...(read.query === undefined ? {} : { query: read.query }),
  }
  const entries: AuditEntry[] = [
    { action: AUDIT_ACTIONS.callList, entity: CALL_LIST_ENTITY, entityId: read.list, detail },
    ...[...citizenIds].map((id) => ({
      action: AUDIT_ACTIONS.citizenList,
      entity: CITIZEN_ENTITY,
      entityId: id,
      detail: { list: `calls:${read.list}`, via: read.via },
    })),
  ]
  await recordAudit(db, actor, at, entries)
}
