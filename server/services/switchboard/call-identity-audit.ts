/**
 * KVKK (docs/design.md §2.8) for the switchboard console: a live call that shows the matched citizen's NAME is a
 * read of that citizen's record by every operator or supervisor it is shown to.
 *
 * Rule: ONE AuditLog row per (call, citizen, viewer) for as long as the call is on the console. The
 * console re-sends the whole call list many times a second while a call lives (`switchboard:update`
 * deltas, `switchboard:sync`, `GET /switchboard`); these repeats are the same sight of the same record
 * and write nothing more. A viewer is a signed-in user (several tabs of one user are one viewer). When
 * the call leaves the console it is forgotten: the same caller on a later call is a new read.
 * A call whose caller matches no citizen shows no name and writes nothing.
 *
 * `createCallIdentityAudit` is pure bookkeeping; `writeIdentityReads` writes the rows it hands out.
 */
import type { SwitchboardCallView } from '../../contract/switchboard.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit, type AuditDb } from '../audit/audit-log.ts'

/** A citizen whose name a call view shows. */
export interface ShownIdentity {
  /** `<pbxId>/<callId>`, the call's console key. */
  readonly callKey: string
  readonly citizenId: number
}

export interface IdentityReads {
  readonly viewer: Actor
  readonly reads: readonly ShownIdentity[]
}

export interface CallIdentityAudit {
  /** The reads not written yet for these viewers, grouped by viewer; they count as written from now. */
  take(shown: readonly ShownIdentity[], viewers: readonly Actor[]): IdentityReads[]
  /** Forgets every call not in `liveKeys` (the console's current call list). */
  retain(liveKeys: ReadonlySet<string>): void
  /** How many calls are remembered (for tests and metrics). */
  size(): number
}

export function createCallIdentityAudit(): CallIdentityAudit {
  /** callKey → `${citizenId}:${userId}` already written. */
  const written = new Map<string, Set<string>>()
  return {
    take(shown, viewers) {
      const byViewer = new Map<number, { viewer: Actor; reads: ShownIdentity[] }>()
      for (const viewer of viewers) {
        for (const s of shown) {
          let seen = written.get(s.callKey)
          if (seen === undefined) written.set(s.callKey, (seen = new Set()))
          const key = `${s.citizenId}:${viewer.userId}`
          if (seen.has(key)) continue
          seen.add(key)
          let group = byViewer.get(viewer.userId)
          if (group === undefined) byViewer.set(viewer.userId, (group = { viewer, reads: [] }))
          group.reads.push(s)
        }
      }
      return [...byViewer.values()]
    },
    retain(liveKeys) {
      for (const key of written.keys()) if (!liveKeys.has(key)) written.delete(key)
    },
    size: () => written.size,
  }
}

/** The citizens whose names these call views show (`citizenIdOf`: the citizen holding a number). */
export function shownIdentities(
  calls: readonly SwitchboardCallView[],
  citizenIdOf: (e164: string) => number | undefined,
): ShownIdentity[] {
  const shown: ShownIdentity[] = []
  for (const c of calls) {
    if (c.citizenName === null || c.callerNumber === null) continue
    const citizenId = citizenIdOf(c.callerNumber)
    if (citizenId !== undefined) shown.push({ callKey: c.key, citizenId })
  }
  return shown
}

/** One `citizen.switchboard-call` row per read, one INSERT per viewer. */
export async function writeIdentityReads(
  db: AuditDb,
  at: Date,
  groups: readonly IdentityReads[],
): Promise<void> {
  for (const { viewer, reads } of groups) {
    await recordAudit(
      db,
      viewer,
      at,
      reads.map((r) => ({
        action: AUDIT_ACTIONS.citizenSwitchboardCall,
        entity: CITIZEN_ENTITY,
        entityId: r.citizenId,
        detail: { call: r.callKey },
      })),
    )
  }
}
