/**
 * With several nodes, a santral transfer is followed (transfer-tracker.ts) by the node it was started
 * on. So that a transfer outlives that node (stopped, or killed), the node keeps what it follows in
 * Redis, each transfer under a lease of its own renewed every tick; when a lease runs out (the node died)
 * or is given back (the node stopped), the first other node to claim it follows the transfer on from
 * the same record, as if it had started it. The PBX state every node has (mirrored from the holder)
 * tells it where the transfer stands. Keys, under the installation's prefix:
 * - `switchboard:followed`: the set of followed transfer ids;
 * - `switchboard:follow:<id>`: the transfer (TrackedTransfer as JSON), for RECORD_TTL_S;
 * - `switchboard:follower:<id>`: the node following it, for LEASE_S unless renewed.
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from '../cluster/cluster-bus.ts'
import type { TrackedTransfer } from './transfer-tracker.ts'

/** A node that has not renewed for this long is taken to be gone. */
export const LEASE_S = 5
/** A transfer nobody decided by the next day is not followed any more. */
const RECORD_TTL_S = 16 * 3600

const trackedSchema = z.object({
  id: z.number().int(),
  pbxId: textField(),
  callId: textField(),
  kind: z.enum(['BLIND', 'ATTENDED']),
  transfereeUid: textField(),
  transfererName: textField(),
  device: textField(),
  targetExten: textField(),
  targetLabel: textField(),
  unitId: z.number().int().nullable(),
  unitName: textField().nullable(),
  operatorId: z.number().int().nullable(),
  operatorName: textField().nullable(),
  callerNumber: textField().nullable(),
  startedAt: z.number(),
  targetSeen: z.boolean(),
  targetGone: z.boolean(),
  consultAnswered: z.boolean(),
  alerted: z.boolean(),
})

/** Renews the lease only while it is still this node's (another may have taken it after a stall). */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) else return 0 end`
/** Gives the lease back only if it is this node's. */
const GIVE_BACK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

export interface TransferHandover {
  /** This node follows `t` from now on; resolves once Redis has it (a failure is logged, not thrown). */
  follow(t: TrackedTransfer): Promise<void>
  /** `t` is decided: nobody follows it any more. */
  release(transferId: number): void
  /**
   * Renews the leases of what this node follows (returns the ids another node took meanwhile, to be
   * dropped here) and claims those whose node is gone (returned to be followed here).
   */
  tick(local: ReadonlyMap<number, TrackedTransfer>): Promise<{ lost: number[]; adopted: TrackedTransfer[] }>
  /** Gives this node's leases back, so another node takes its transfers on at once. */
  close(local: ReadonlyMap<number, TrackedTransfer>): Promise<void>
}

export function createTransferHandover(bus: ClusterBus, logger: Logger): TransferHandover {
  const log = logger.child({ module: 'switchboard-handover' })
  const redis = bus.redis
  const followed = bus.key('switchboard:followed')
  const recordKey = (id: number) => bus.key(`switchboard:follow:${id}`)
  const leaseKey = (id: number) => bus.key(`switchboard:follower:${id}`)
  const warn = (what: string) => (err: unknown) => log.warn({ err }, what)

  async function claim(id: number): Promise<TrackedTransfer | null> {
    const won = await redis.set(leaseKey(id), bus.nodeId, {
      condition: 'NX',
      expiration: { type: 'EX', value: LEASE_S },
    })
    if (won === null) return null
    const parsed = trackedSchema.safeParse(safeJson(await redis.get(recordKey(id))))
    if (parsed.success) return parsed.data
    // Expired or unreadable: nothing left to follow.
    await redis.multi().sRem(followed, String(id)).del(leaseKey(id)).exec()
    return null
  }

  return {
    async follow(t) {
      await redis
        .multi()
        .set(recordKey(t.id), JSON.stringify(t), { expiration: { type: 'EX', value: RECORD_TTL_S } })
        .set(leaseKey(t.id), bus.nodeId, { expiration: { type: 'EX', value: LEASE_S } })
        .sAdd(followed, String(t.id))
        .exec()
        .then(() => undefined, warn('santral transfer not handed to Redis'))
    },
    release(transferId) {
      redis
        .multi()
        .sRem(followed, String(transferId))
        .del([recordKey(transferId), leaseKey(transferId)])
        .exec()
        .catch(warn('santral transfer not released in Redis'))
    },
    async tick(local) {
      const lost: number[] = []
      for (const t of local.values()) {
        // The record too, so whoever takes over starts from this node's latest view of the transfer.
        await redis.set(recordKey(t.id), JSON.stringify(t), {
          expiration: { type: 'EX', value: RECORD_TTL_S },
        })
        const kept = await redis.eval(RENEW, {
          keys: [leaseKey(t.id)],
          arguments: [bus.nodeId, String(LEASE_S)],
        })
        if (kept !== 1) lost.push(t.id)
      }
      const adopted: TrackedTransfer[] = []
      for (const member of await redis.sMembers(followed)) {
        const id = Number(member)
        if (!Number.isInteger(id) || local.has(id)) continue
        const t = await claim(id)
        if (t !== null) {
          log.info({ transferId: id }, 'following a santral transfer whose node is gone')
          adopted.push(t)
        }
      }
      return { lost, adopted }
    },
    async close(local) {
      for (const t of local.values())
        await redis
          .eval(GIVE_BACK, { keys: [leaseKey(t.id)], arguments: [bus.nodeId] })
          .catch(warn('santral transfer lease not given back'))
    },
  }
}

function safeJson(raw: string | null): unknown {
  if (raw === null) return null
  try {
    return JSON.parse(raw)
  } catch {
    return null
  }
}
