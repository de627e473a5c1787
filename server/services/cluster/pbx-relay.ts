/**
 * The holder's side of a PBX feed (docs/cluster.md): every live AMI event, connection state change and
 * login of the real client goes out on `pbx:<id>:feed` in numbered batches; actions other nodes forward
 * on `pbx:<id>:rpc` run on the real connection and their results go out on the feed, after the events
 * the holder saw before them. A heartbeat with the connection state goes out every second, so a node
 * that hears nothing knows the holder is gone.
 */
import type { AmiClient } from '../../../telephony/index.ts'
import type { AmiError, Result } from '../../../telephony/index.ts'
import { AmiMessage } from '../../../telephony/index.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from './cluster-bus.ts'
import { parseRpc, resultToWire, toWire, type FeedItem, type RpcRequest } from './feed-codec.ts'

export interface PbxRelay {
  /** Tells the other nodes that these records are in the database (they stop keeping them). */
  noteStored(callKeys: readonly string[], pauseKeys: readonly string[]): void
  readonly counters: { batches: number; items: number; rpcs: number; badRpcs: number }
  stop(): Promise<void>
}

export const feedChannel = (bus: ClusterBus, pbxId: string) => bus.key(`pbx:${pbxId}:feed`)
export const rpcChannel = (bus: ClusterBus, pbxId: string) => bus.key(`pbx:${pbxId}:rpc`)

const MAX_BATCH_ITEMS = 500

export async function startPbxRelay(options: {
  bus: ClusterBus
  client: AmiClient
  fence: number
  logger: Logger
  heartbeatMs?: number
}): Promise<PbxRelay> {
  const { bus, client, fence } = options
  const pbxId = client.pbxId
  const log = options.logger.child({ module: 'pbx-relay', pbxId })
  const channel = feedChannel(bus, pbxId)
  const counters = { batches: 0, items: 0, rpcs: 0, badRpcs: 0 }
  let seq = 0
  let pending: FeedItem[] = []
  let scheduled = false
  let stopped = false

  function flush(): void {
    scheduled = false
    while (pending.length > 0) {
      const items = pending.slice(0, MAX_BATCH_ITEMS)
      pending = pending.slice(items.length)
      seq++
      counters.batches++
      counters.items += items.length
      const text = JSON.stringify({ n: bus.nodeId, f: fence, s: seq, b: items })
      bus.publish(channel, text).catch((err: unknown) => log.warn({ err, seq }, 'feed batch not published'))
    }
  }

  function push(item: FeedItem): void {
    if (stopped) return
    pending.push(item)
    if (!scheduled) {
      scheduled = true
      // Right after the events of this read are handled, not on the next turn of the event loop: by
      // then this node's wallboard flush may have spent the turn writing to its sockets first.
      queueMicrotask(flush)
    }
  }

  async function run(req: RpcRequest): Promise<Result<never, AmiError> | Result<unknown, AmiError>> {
    switch (req.op) {
      case 'send':
        return client.send(req.action, req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs })
      case 'sendList':
        return client.sendList(req.action, req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs })
      case 'originate':
        return client.originate(req.request, req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs })
      case 'setEvents':
        return client.setEvents(req.mask)
      case 'reconnect':
        client.reconnect('reconnect requested by an admin on another node')
        return { ok: true, value: AmiMessage.of([['Response', 'Success']]) }
    }
  }

  function onRpc(text: string): void {
    const req = parseRpc(text)
    if (req === undefined) {
      counters.badRpcs++
      return
    }
    counters.rpcs++
    run(req)
      .then((r) =>
        push({ re: req.id, to: req.from, res: resultToWire(r as Parameters<typeof resultToWire>[0]) }),
      )
      .catch((err: unknown) => {
        log.error({ err, op: req.op }, 'forwarded action failed on the holder')
        push({
          re: req.id,
          to: req.from,
          res: { ok: false, err: { name: 'AmiDisconnectedError', action: req.op, reason: 'holder error' } },
        })
      })
  }

  const offs = [
    client.on('event', (e) => push({ e: toWire(e.message), r: e.receivedAt })),
    client.on('state', (s) => push({ st: s })),
    client.on('connected', (c) => push({ c: c.amiVersion ?? null })),
  ]
  const unsubscribe = await bus.subscribe(rpcChannel(bus, pbxId), onRpc)
  const heartbeat = setInterval(() => push({ st: client.getState() }), options.heartbeatMs ?? 1_000)
  heartbeat.unref()
  push({ st: client.getState() })

  return {
    counters,
    noteStored(callKeys, pauseKeys) {
      if (callKeys.length > 0 || pauseKeys.length > 0) push({ stored: [...callKeys], pauses: [...pauseKeys] })
    },
    async stop() {
      if (stopped) return
      flush()
      stopped = true
      clearInterval(heartbeat)
      for (const off of offs) off()
      await unsubscribe().catch(() => undefined)
    },
  }
}
