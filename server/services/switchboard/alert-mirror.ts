/**
 * The santral's transfer alerts shared by every node (docs/cluster.md): the node that follows a transfer
 * raises and clears its alerts (transfer-alerts.ts), and each raise or clear is also kept in Redis and
 * announced on the cluster bus, so an operator whose browser reconnects to another node still finds the
 * alerts they have not dismissed, and can dismiss them there. Each alert is one key that expires after
 * ALERT_TTL_S, so an alert whose node died does not stay for ever, listed in one set that a starting
 * node reads (no scan of the whole keyspace). Without Redis there is one node and no mirror.
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from '../cluster/cluster-bus.ts'
import { parseStored } from '../cluster/stored-json.ts'

/** A working day and then some: an alert nobody dismissed is gone by the next morning. */
export const ALERT_TTL_S = 16 * 3600

const alertViewSchema = z.object({
  transferId: z.number().int(),
  pbxId: textField(),
  callId: textField(),
  targetLabel: textField(),
  callerNumber: textField().nullable(),
  startedAt: z.number(),
  canReturn: z.boolean(),
  message: textField(),
})

const sharedAlertSchema = z.object({
  view: alertViewSchema,
  ownerId: z.number().int().nullable(),
})

export type SharedAlert = z.infer<typeof sharedAlertSchema>

const messageSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), from: textField(), alert: sharedAlertSchema }),
  z.object({ op: z.literal('remove'), from: textField(), transferId: z.number().int() }),
])

/** What the mirror does to this node's book when another node raised or cleared an alert. */
export interface MirroredBook {
  mirrorPut(alert: SharedAlert): void
  mirrorRemove(transferId: number): void
}

export interface AlertMirror {
  /** Keeps an alert raised (or replaced) here and tells the other nodes. */
  put(alert: SharedAlert): void
  /** Drops an alert cleared here and tells the other nodes. */
  remove(transferId: number): void
  close(): Promise<void>
}

/**
 * Subscribes first, then loads what is kept, so an alert raised meanwhile is not missed; a message
 * that does not parse is logged and skipped.
 */
export async function createAlertMirror(
  bus: ClusterBus,
  book: MirroredBook,
  logger: Logger,
): Promise<AlertMirror> {
  const log = logger.child({ module: 'switchboard-alert-mirror' })
  const channel = bus.key('switchboard:alerts')
  const listed = bus.key('switchboard:alert-ids')
  const keyOf = (transferId: number | string) => bus.key(`switchboard:alert:${transferId}`)
  const off = await bus.subscribe(channel, (raw) => {
    const message = parseStored(messageSchema, raw)
    if (message === null) {
      log.warn({}, 'unreadable santral alert message skipped')
      return
    }
    if (message.from === bus.nodeId) return
    if (message.op === 'put') book.mirrorPut(message.alert)
    else book.mirrorRemove(message.transferId)
  })
  const ids = await bus.redis.sMembers(listed)
  const values = ids.length === 0 ? [] : await bus.redis.mGet(ids.map(keyOf))
  const gone: string[] = []
  values.forEach((value, i) => {
    const alert = parseStored(sharedAlertSchema, value)
    if (alert !== null) book.mirrorPut(alert)
    else {
      // Expired (or unreadable): its id leaves the list.
      gone.push(ids[i] ?? '')
      if (value !== null) log.warn({}, 'unreadable stored santral alert skipped')
    }
  })
  if (gone.length > 0) await bus.redis.sRem(listed, gone)
  const send = (message: z.infer<typeof messageSchema>, write: Promise<unknown>) => {
    write
      .then(() => bus.publish(channel, JSON.stringify(message)))
      .catch((err: unknown) => log.warn({ err, op: message.op }, 'santral alert not shared'))
  }
  return {
    put(alert) {
      send(
        { op: 'put', from: bus.nodeId, alert },
        bus.redis
          .multi()
          .set(keyOf(alert.view.transferId), JSON.stringify(alert), {
            expiration: { type: 'EX', value: ALERT_TTL_S },
          })
          .sAdd(listed, String(alert.view.transferId))
          .exec(),
      )
    },
    remove(transferId) {
      send(
        { op: 'remove', from: bus.nodeId, transferId },
        bus.redis.multi().del(keyOf(transferId)).sRem(listed, String(transferId)).exec(),
      )
    },
    close: off,
  }
}
