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
import { parseStored } from '../cluster/stored-json.ts'
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

/** The key naming the node that follows transfer `id` (settle-relay.ts asks that node). */
export const followerKey = (bus: ClusterBus, id: number): string => bus.key(`switchboard:follower:${id}`)

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
   * dropped here), claims those whose node is gone (returned to be followed here) and reads the rest
   * (followed elsewhere: the console shows their consults, and a second transfer of their calls is
   * refused here too).
   */
  tick(
    local: ReadonlyMap<number, TrackedTransfer>,
  ): Promise<{ lost: number[]; adopted: TrackedTransfer[]; elsewhere: TrackedTransfer[] }>
  /** Gives this node's leases back, so another node takes its transfers on at once. */
  close(local: ReadonlyMap<number, TrackedTransfer>): Promise<void>
}

export function createTransferHandover(bus: ClusterBus, logger: Logger): TransferHandover {
  const log = logger.child({ module: 'switchboard-handover' })
  const redis = bus.redis
  const followed = bus.key('switchboard:followed')
  const recordKey = (id: number) => bus.key(`switchboard:follow:${id}`)
  const leaseKey = (id: number) => followerKey(bus, id)
  const warn = (what: string) => (err: unknown) => log.warn({ err }, what)
  /** The record last written for each transfer followed here: a tick rewrites only what changed. */
  const written = new Map<number, string>()
  const recordOptions = { expiration: { type: 'EX', value: RECORD_TTL_S } } as const

  async function claim(id: number): Promise<TrackedTransfer | null> {
    const won = await redis.set(leaseKey(id), bus.nodeId, {
      condition: 'NX',
      expiration: { type: 'EX', value: LEASE_S },
    })
    if (won === null) return null
    const t = parseStored(trackedSchema, await redis.get(recordKey(id)))
    if (t !== null) return t
    // Expired or unreadable: nothing left to follow.
    await redis.multi().sRem(followed, String(id)).del(leaseKey(id)).exec()
    return null
  }

  return {
    async follow(t) {
      const json = JSON.stringify(t)
      written.set(t.id, json)
      await redis
        .multi()
        .set(recordKey(t.id), json, recordOptions)
        .set(leaseKey(t.id), bus.nodeId, { expiration: { type: 'EX', value: LEASE_S } })
        .sAdd(followed, String(t.id))
        .exec()
        .then(() => undefined, warn('santral transfer not handed to Redis'))
    },
    release(transferId) {
      written.delete(transferId)
      redis
        .multi()
        .sRem(followed, String(transferId))
        .del([recordKey(transferId), leaseKey(transferId)])
        .exec()
        .catch(warn('santral transfer not released in Redis'))
    },
    async tick(local) {
      // Sent together (node-redis pipelines what is issued in one turn), not one round trip each.
      const kept = await Promise.all(
        [...local.values()].map(async (t) => {
          // The record too when it changed, so whoever takes over starts from this node's latest view.
          const json = JSON.stringify(t)
          if (written.get(t.id) !== json) {
            await redis.set(recordKey(t.id), json, recordOptions)
            written.set(t.id, json)
          }
          const renewed = await redis.eval(RENEW, {
            keys: [leaseKey(t.id)],
            arguments: [bus.nodeId, String(LEASE_S)],
          })
          return { id: t.id, renewed: renewed === 1 }
        }),
      )
      const lost = kept.filter((k) => !k.renewed).map((k) => k.id)
      for (const id of lost) written.delete(id)
      const ids = (await redis.sMembers(followed))
        .map(Number)
        .filter((id) => Number.isInteger(id) && !local.has(id))
      // Claimed together (pipelined, as above): each one another node still holds is refused at once.
      const claims = await Promise.all(ids.map(async (id) => ({ id, t: await claim(id) })))
      const adopted: TrackedTransfer[] = []
      const others: number[] = []
      for (const { id, t } of claims) {
        if (t === null) others.push(id)
        else {
          log.info({ transferId: id }, 'following a santral transfer whose node is gone')
          written.set(t.id, JSON.stringify(t))
          adopted.push(t)
        }
      }
      const records = others.length === 0 ? [] : await redis.mGet(others.map(recordKey))
      const elsewhere = records.flatMap((raw) => parseStored(trackedSchema, raw) ?? [])
      return { lost, adopted, elsewhere }
    },
    async close(local) {
      await Promise.all(
        [...local.keys()].map((id) =>
          redis
            .eval(GIVE_BACK, { keys: [leaseKey(id)], arguments: [bus.nodeId] })
            .catch(warn('santral transfer lease not given back')),
        ),
      )
    },
  }
}
