/**
 * The santral console over a real PBX simulator (virtual clock) and a fresh PostgreSQL database seeded
 * with the demo data. The telephony service reaches the simulator through a recording TCP proxy, so a
 * test can read the exact bytes the PBX received and can make the PBX refuse an action (the action is
 * then answered with Asterisk's error and never reaches the simulator: the call stays where it was).
 */
import net from 'node:net'
import { pino } from 'pino'
import { loadConfig } from '../../../server/config.ts'
import { SWITCHBOARD_EVENTS, type SwitchboardCallView } from '../../../server/contract/switchboard.ts'
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import { seedDatabase } from '../../../server/db/index.ts'
import {
  createSwitchboardService,
  type SwitchboardService,
} from '../../../server/services/switchboard/switchboard-service.ts'
import type { Actor as AuditActor } from '../../../server/services/audit/actor.ts'
import type { TransferActor } from '../../../server/services/switchboard/transfer-actions.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import { AmiFramer } from '../../../telephony/ami/frame.ts'
import { serializeFields, type AmiMessage } from '../../../telephony/ami/message.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import { createTestDatabase } from '../../support/test-database.ts'

type Fields = Array<readonly [string, string]>

/** Client → PBX bytes recorded; `refuse` answers chosen actions itself with an error. */
export interface AmiProxy {
  readonly port: number
  /** Every byte the PBX side was sent (refused actions included: they did reach "the PBX"). */
  bytes(): string
  /** Actions received, by name. */
  actions(name: string): AmiMessage[]
  refuse: ((action: AmiMessage) => string | null) | null
  close(): Promise<void>
}

async function startProxy(targetPort: number): Promise<AmiProxy> {
  const received: Buffer[] = []
  const actions: AmiMessage[] = []
  const sockets = new Set<net.Socket>()
  const proxy: AmiProxy = {
    port: 0,
    bytes: () => Buffer.concat(received).toString('utf8'),
    actions: (name) => actions.filter((a) => a.get('Action')?.toLowerCase() === name.toLowerCase()),
    refuse: null,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    const framer = new AmiFramer({ expectGreeting: false })
    upstream.on('data', (d) => client.write(d))
    client.on('data', (chunk: Buffer) => {
      received.push(Buffer.from(chunk))
      for (const frame of framer.push(chunk)) {
        if (frame.type !== 'message') continue
        const m = frame.message
        actions.push(m)
        const refusal = proxy.refuse?.(m) ?? null
        if (refusal !== null) {
          const reply: Fields = [['Response', 'Error']]
          if (m.has('ActionID')) reply.push(['ActionID', m.get('ActionID') ?? ''])
          reply.push(['Message', refusal])
          client.write(serializeFields(reply))
          continue
        }
        upstream.write(serializeFields(m.keys.map((k, i) => [k, m.values[i] ?? ''] as const)))
      }
    })
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(proxy, { port: (server.address() as net.AddressInfo).port })
}

export interface SwitchboardHarness {
  prisma: PrismaClient
  sim: PbxSimulator
  proxy: AmiProxy
  telephony: TelephonyService
  sb: SwitchboardService
  /** What the service sent: to the room, or (alerts) to one operator (`toUserId`). */
  emitted: Array<{ event: string; payload: unknown; toUserId?: number }>
  /** Who is "in room switchboard" (the sink's viewers); empty unless a test adds some. */
  viewers: AuditActor[]
  /** The audit actor of a demo user, as the socket layer would build it. */
  viewer(username: string): Promise<AuditActor>
  actor(username: string): Promise<TransferActor>
  extensionId(number: string): Promise<number>
  advance(ms: number): Promise<void>
  advanceUntil<T>(
    find: () => T | undefined | Promise<T | undefined>,
    what: string,
    maxMs?: number,
  ): Promise<T>
  /** Places a santral call that operator santral1 answers after 1 s and keeps (10 minutes). */
  answeredCall(callerNumber: string): Promise<SwitchboardCallView & { channel: string }>
  close(): Promise<void>
}

export async function createSwitchboardHarness(
  options: { alertAfterMs?: number } = {},
): Promise<SwitchboardHarness> {
  const db = await createTestDatabase()
  const prisma = db.prisma
  await seedDatabase(prisma, { demo: true })
  // Tuesday 10:00 Istanbul.
  const sim = await createPbxSimulator({
    clock: 'virtual',
    startAt: Date.parse('2026-03-03T07:00:00Z'),
    noise: 'none',
  })
  const proxy = await startProxy(sim.port)
  const viaProxy = {
    host: sim.host,
    port: proxy.port,
    now: () => sim.now(),
    groundTruth: () => sim.groundTruth(),
  } as unknown as PbxSimulator
  const config = loadConfig({ DATABASE_URL: db.url, SIMULATOR: 'off', LOG_LEVEL: 'silent' })
  const logger = pino({ level: 'silent' })
  const telephony = await createTelephonyService({
    config,
    prisma,
    logger,
    simulator: viaProxy,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0, reconnectInitialMs: 50 },
  })
  const emitted: SwitchboardHarness['emitted'] = []
  const sb = await createSwitchboardService({
    prisma,
    telephony,
    logger,
    alertAfterMs: options.alertAfterMs ?? 30_000,
    flushIntervalMs: 5,
    tickIntervalMs: 20,
  })
  const viewers: AuditActor[] = []
  sb.attachSink({
    emit: (event, payload) => emitted.push({ event, payload }),
    toOperator: (toUserId, event, payload) => emitted.push({ event, payload, toUserId }),
    viewers: () => Promise.resolve([...viewers]),
  })
  const bridge = () => [...telephony.pbxs.values()][0]?.bridge

  const step = async (ms: number) => {
    await sim.advance(ms)
    await bridge()?.flush()
    bridge()?.tick(sim.now())
  }
  const advanceUntil = async <T>(
    find: () => T | undefined | Promise<T | undefined>,
    what: string,
    maxMs = 60_000,
  ): Promise<T> => {
    for (let spent = 0; spent <= maxMs; spent += 250) {
      const found = await find()
      if (found !== undefined) return found
      await step(250)
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error(`not seen within ${maxMs} simulated ms: ${what}`)
  }
  await advanceUntil(
    () => (bridge()?.getStatus().phase === 'live' ? true : undefined),
    'the bridge to be live',
  )

  return {
    prisma,
    sim,
    proxy,
    telephony,
    sb,
    emitted,
    viewers,
    async viewer(username) {
      const u = await prisma.user.findUniqueOrThrow({ where: { username } })
      return { userId: u.id, role: u.role.toLowerCase() as AuditActor['role'], unitId: null, ip: '127.0.0.1' }
    },
    async actor(username) {
      const u = await prisma.user.findUniqueOrThrow({ where: { username } })
      return { userId: u.id, role: u.role.toLowerCase() as TransferActor['role'] }
    },
    async extensionId(number) {
      return (await prisma.extension.findFirstOrThrow({ where: { number } })).id
    },
    advance: step,
    advanceUntil,
    async answeredCall(callerNumber) {
      const placed = sim.placeCall({
        queue: 'santral',
        callerNumber,
        ringMember: 'Local/3001@operators/n',
        answer: 1000,
        talkMs: 600_000,
      })
      const view = await advanceUntil(
        () => sb.snapshot().calls.find((c) => c.callId === placed.linkedid && c.state === 'talking'),
        'the operator talking to the caller',
      )
      return { ...view, channel: placed.channel }
    },
    async close() {
      sb.close()
      await telephony.close()
      await proxy.close()
      await sim.close()
      await db.drop()
    },
  }
}

export const ALERT_EVENT = SWITCHBOARD_EVENTS.alert
export const ALERT_CLEARED_EVENT = SWITCHBOARD_EVENTS.alertCleared
