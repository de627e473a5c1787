/**
 * No finished call silently lost (server/services/calls/record-durability.ts), on real PostgreSQL reached
 * through a loopback TCP proxy the test can cut: while the database is away the calls wait and are
 * retried, /health says so, and they are stored once it is back; a record PostgreSQL refuses (a NUL byte
 * from the PBX) is quarantined with the reason while the calls around it are stored; at a stop with the
 * database still away, what waits is logged by key and counted.
 */
import net from 'node:net'
import express from 'express'
import request from 'supertest'
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient, seedDatabase } from '../../../server/db/index.ts'
import { healthRoutes } from '../../../server/http/routes/health.ts'
import { createCallRecorder, type CallRecorder } from '../../../server/services/calls/call-recorder.ts'
import { createHolidayTableCalendar } from '../../../server/services/tickets/calendar-source.ts'
import type { FinishedCall } from '../../../telephony/index.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { until } from '../realtime/live-harness.ts'
import { answeredCall } from './answered-call.ts'

/** A TCP proxy to PostgreSQL that can drop every connection and refuse new ones, then let them through. */
async function pgProxy(target: URL) {
  const sockets = new Set<net.Socket>()
  let open = true
  const server = net.createServer((client) => {
    if (!open) return void client.destroy()
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return {
    url: url.toString(),
    cut() {
      open = false
      for (const s of sockets) s.destroy()
    },
    restore() {
      open = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let db: TestDatabase
let proxy: Awaited<ReturnType<typeof pgProxy>>
let viaProxy: PrismaClient
let seq = 0
const T0 = Date.parse('2026-11-26T07:00:00Z')

function call(p: Partial<FinishedCall> = {}): FinishedCall {
  seq++
  return answeredCall(`durable.${seq}`, new Date(T0 + seq * 60_000), p)
}

function recorderOn(prisma: PrismaClient, logger = captureLogger().logger): CallRecorder {
  return createCallRecorder({
    prisma,
    logger,
    shortAbandonSecOf: () => 5,
    calendar: createHolidayTableCalendar(db.prisma, { now: () => new Date() }, 0),
    retry: { firstMs: 50, maxMs: 200 },
  })
}

const storedKeys = async (keys: string[]) =>
  (await db.prisma.call.findMany({ where: { callKey: { in: keys } }, select: { callKey: true } }))
    .map((r) => r.callKey)
    .sort()

beforeAll(async () => {
  db = await createTestDatabase()
  await seedDatabase(db.prisma, { demo: true })
  proxy = await pgProxy(new URL(db.url))
  viaProxy = new PrismaClient({ adapter: new PrismaPg({ connectionString: proxy.url }) })
}, 60_000)

afterAll(async () => {
  proxy?.restore()
  await viaProxy?.$disconnect().catch(() => undefined)
  await proxy?.close()
  await db?.drop()
})

describe('finished calls on their way to the database', () => {
  it('wait while the database is away, show in /health, and are stored once it is back', async () => {
    const recorder = recorderOn(viaProxy)
    // The details of /health are for an admin (or an API token): this request is the admin's.
    const asAdmin: express.RequestHandler = (req, _res, next) => {
      Object.assign(req, { principal: { kind: 'user', role: 'admin', via: 'session' } })
      next()
    }
    const app = express().use(
      asAdmin,
      healthRoutes({
        version: 'test',
        database: { kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
        getPbxStatus: () => [],
        getRealtimeStatus: () => ({ connectedSockets: 0 }),
        getCallRecordStatus: () => recorder.status(),
        uptimeSec: () => 1,
      }),
    )
    const calls = [call(), call()]
    proxy.cut()
    const written = recorder.record({ pbxId: 'main', finishedCalls: calls, pauses: [] })
    await until(
      () => recorder.status(),
      (s) => s.retries >= 2,
      'two retries while the database is away',
    )

    const health = await request(app).get('/health')
    expect(health.body).toMatchObject({ status: 'degraded', callRecords: { pending: 2 } })
    expect(
      (health.body as { callRecords: { waitingSince: string | null } }).callRecords.waitingSince,
    ).not.toBeNull()
    expect(await storedKeys(calls.map((c) => c.callKey))).toEqual([])

    proxy.restore()
    await written
    expect(await storedKeys(calls.map((c) => c.callKey))).toEqual(calls.map((c) => c.callKey).sort())
    const after = await request(app).get('/health')
    expect(after.body).toMatchObject({ status: 'ok', callRecords: { pending: 0, waitingSince: null } })
    expect(recorder.counters.callsInserted).toBe(2)
  })

  it('quarantines the one record PostgreSQL refuses, with its reason, and stores the others', async () => {
    const { logger, lines } = captureLogger()
    const recorder = recorderOn(db.prisma, logger)
    const good = [call(), call()]
    const bad = call({ callerName: 'Ali\u0000Veli' })
    await recorder.record({ pbxId: 'main', finishedCalls: [good[0]!, bad, good[1]!], pauses: [] })

    expect(await storedKeys([...good, bad].map((c) => c.callKey))).toEqual(good.map((c) => c.callKey).sort())
    const kept = await db.prisma.quarantinedRecord.findMany({ where: { recordKey: bad.callKey } })
    expect(kept).toHaveLength(1)
    expect(kept[0]?.kind).toBe('call')
    expect(kept[0]?.reason).toMatch(/0x00/)
    expect((JSON.parse(kept[0]?.payload ?? '{}') as FinishedCall).callerName).toBe('Ali\u0000Veli')
    expect(recorder.status()).toMatchObject({ quarantined: 1, pending: 0 })
    expect(recorder.counters.failedBatches).toBe(1)
    expect(lines().some((l) => l['key'] === bad.callKey && String(l['msg']).includes('quarantined'))).toBe(
      true,
    )
  })

  it('at a stop with the database still away, logs what waits by key and counts it', async () => {
    const { logger, lines } = captureLogger()
    const recorder = recorderOn(viaProxy, logger)
    const waiting = call()
    proxy.cut()
    void recorder.record({ pbxId: 'main', finishedCalls: [waiting], pauses: [] })
    await until(
      () => recorder.status(),
      (s) => s.retries >= 1,
      'a retry',
    )
    await recorder.close()
    proxy.restore()
    expect(recorder.status()).toMatchObject({ pending: 0, notWritten: 1 })
    const line = lines().find((l) => String(l['msg']).includes('not written'))
    expect(line?.['records']).toEqual([`call ${waiting.callKey}`])
  })
})
