/**
 * One baseline server of `fanout --nodes N` in a process of its own (bench/_fanout-nodes.ts forks N of
 * them), so that the baseline's servers share the cores as Pano's node processes do instead of taking
 * turns on one event loop.
 *
 * Messages: sends `{ type: 'listening', url }` once up; `{ type: 'emit', every, sample }` starts emitting
 * (first server only), `{ type: 'stop-emit' }` stops, `{ type: 'close' }` closes and exits.
 */
import type { ViewDelta } from '../server/contract/events.ts'
import { startBaselineNode } from './_fanout-baseline.ts'

const redisUrl = process.argv[2] ?? ''
const server = await startBaselineNode(redisUrl)
let stopEmitting: (() => void) | null = null
process.on('message', (m: { type: string; every?: number; sample?: ViewDelta }) => {
  if (m.type === 'emit' && m.every !== undefined && m.sample !== undefined) {
    stopEmitting?.()
    stopEmitting = server.emitEvery(m.every, m.sample)
    process.send?.({ type: 'emitting' })
  }
  if (m.type === 'stop-emit') {
    stopEmitting?.()
    stopEmitting = null
    process.send?.({ type: 'stopped' })
  }
  if (m.type === 'close') {
    stopEmitting?.()
    void server.close().finally(() => process.exit(0))
  }
})
process.send?.({ type: 'listening', url: server.url })
