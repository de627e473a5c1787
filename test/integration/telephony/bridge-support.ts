/** Shared pieces for bridge and AMI client tests: a recording logger, a cuttable TCP proxy, and waiting for a condition. */
import net from 'node:net'
import { vi } from 'vitest'
import type { AmiLogger, PbxSimulator, TelephonyBridge } from '../../../telephony/index.ts'

/** A logger that keeps every line it is given (`debug` too unless told not to: the bridge tests skip it). */
export function recordingLogger(
  lines: string[] = [],
  options: { debug?: boolean } = {},
): AmiLogger & { lines: string[] } {
  const write = (level: string) => (obj: object, msg?: string) =>
    void lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`)
  const logger = {
    lines,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: options.debug === false ? () => undefined : write('debug'),
    child: () => logger,
  }
  return logger
}

export const silentLogger = (lines: string[] = []) => recordingLogger(lines, { debug: false })

/** A loopback TCP proxy to `port` whose live connections can be cut (a network drop, the PBX stays up). */
export interface CuttableProxy {
  readonly port: number
  cut(): void
  close(): Promise<void>
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>()
  const server = net.createServer((inbound) => {
    const outbound = net.connect({ host: '127.0.0.1', port: targetPort })
    const pair: [net.Socket, net.Socket] = [inbound, outbound]
    pairs.add(pair)
    inbound.pipe(outbound)
    outbound.pipe(inbound)
    const end = () => {
      inbound.destroy()
      outbound.destroy()
      pairs.delete(pair)
    }
    inbound.on('error', end).on('close', end)
    outbound.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      for (const [a, b] of pairs) {
        a.destroy()
        b.destroy()
      }
      pairs.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy()
          b.destroy()
        }
        server.close(() => resolve())
      }),
  }
}

/** Waits (no timing asserted) until `check` holds; fails with `what` if it never does. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`still waiting: ${what}`)
    },
    { timeout: timeoutMs, interval: 10 },
  )
}

/**
 * Runs the virtual-time simulator for `ms` in `stepMs` steps, letting the bridge apply each step's
 * events before the next (so receivedAt, read from the simulator's clock, is at most one step late).
 */
export async function advanceTogether(
  sim: PbxSimulator,
  bridges: readonly TelephonyBridge[],
  ms: number,
  stepMs = 100,
): Promise<void> {
  for (let left = ms; left > 0; left -= stepMs) {
    await sim.advance(Math.min(stepMs, left))
    for (const b of bridges) await b.flush()
  }
}
