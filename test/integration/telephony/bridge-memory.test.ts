/**
 * A working day through the bridge must not leave its AMI messages in memory. Every event from the
 * simulator crosses a loopback proxy that adds a 12 KB field to it (Asterisk adds channel variables
 * the same way), so a message kept alive per call would show as kilobytes per call; what the bridge
 * keeps beyond a call (the statistics' minute buckets, the ids of recent calls) must be its own small
 * strings (telephony/ami/own-string.ts). The heap is read after a full garbage collection.
 */
import net from 'node:net'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createPbxSimulator,
  createTelephonyBridge,
  type PbxSimulator,
  type TelephonyBridge,
} from '../../../telephony/index.ts'
import { advanceTogether, eventually, silentLogger } from './bridge-support.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const PAD = 12_288
const padding = `Padding: ${'x'.repeat(PAD)}\r\n`

/** Forwards to `targetPort`, adding `padding` to every Event message from the PBX. */
async function startPaddingProxy(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((inbound) => {
    const outbound = net.connect({ host: '127.0.0.1', port: targetPort })
    sockets.add(inbound).add(outbound)
    inbound.pipe(outbound)
    let greeted = false
    let pending = ''
    outbound.setEncoding('utf8')
    outbound.on('data', (chunk: string) => {
      pending += chunk
      if (!greeted) {
        const line = pending.indexOf('\r\n')
        if (line === -1) return
        inbound.write(pending.slice(0, line + 2))
        pending = pending.slice(line + 2)
        greeted = true
      }
      let out = ''
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const message = pending.slice(0, end + 2)
        out += (message.startsWith('Event:') ? message + padding : message) + '\r\n'
        pending = pending.slice(end + 4)
      }
      if (out !== '') inbound.write(out)
    })
    const end = () => {
      inbound.destroy()
      outbound.destroy()
    }
    inbound.on('error', end).on('close', end)
    outbound.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

let sim: PbxSimulator | undefined
let bridge: TelephonyBridge | undefined
let proxy: Awaited<ReturnType<typeof startPaddingProxy>> | undefined

afterEach(async () => {
  await bridge?.stop()
  await proxy?.close()
  await sim?.close()
  bridge = sim = proxy = undefined
})

/** The heap's data after a full collection: V8's compiled code (which grows as functions warm up) left out. */
function heapAfterGc(): number {
  gc()
  gc()
  return getHeapSpaceStatistics()
    .filter((s) => !s.space_name.startsWith('code_'))
    .reduce((sum, s) => sum + s.space_used_size, 0)
}

describe('telephony bridge memory', () => {
  it('keeps nothing of a finished call’s AMI messages, whatever their size', async () => {
    const s = await createPbxSimulator({
      clock: 'virtual',
      noise: 'none',
      seed: 11,
      scenario: {
        ratePerMinute: { 'cagri-merkezi': 30, santral: 10 },
        talkTime: { meanSec: 40, sdSec: 20 },
        abandonProbability: 0.15,
        patienceMeanSec: 20,
        transferProbability: 0.1,
        pauses: { perAgentPerHour: 4, reasons: ['Mola', 'Yemek arası'], meanSec: 90 },
      },
    })
    sim = s
    proxy = await startPaddingProxy(s.port)
    const b = createTelephonyBridge({
      pbxId: 'main',
      ami: { host: '127.0.0.1', port: proxy.port, username: 'dashboard', secret: 'dashboard-secret' },
      logger: silentLogger(),
      clock: { now: () => s.now() },
      reconcileIntervalMs: 0,
      tickIntervalMs: 0,
    })
    bridge = b
    let finished = 0
    b.onRecords((r) => (finished += r.finishedCalls.length))
    b.start()
    await eventually('bridge live', () => b.getStatus().phase === 'live')

    // Warm-up: every agent has answered, paused and been counted in a minute bucket at least once.
    await advanceTogether(s, [b], 10 * 60_000, 1000)
    const warmHeap = heapAfterGc()
    const warmCalls = finished
    await advanceTogether(s, [b], 30 * 60_000, 1000)
    const calls = finished - warmCalls
    const grownPerCall = (heapAfterGc() - warmHeap) / calls

    expect(b.getStatus()).toMatchObject({ phase: 'live', decodeErrors: 0 })
    expect(calls).toBeGreaterThan(800)
    // One message kept per call is more than PAD bytes a call (four were, before own-string.ts). What
    // does grow, about 1 KB a call, is mostly the simulator's own record of each call (it lives in this
    // process) and the minute buckets of the hour filling up.
    expect(grownPerCall).toBeLessThan(PAD / 4)
  }, 120_000)
})
