/**
 * The call recorder gathers what the bridge hands over within a short window into one write
 * (server/services/calls/record-batching.ts), on real PostgreSQL: a burst of calls ended one by one is
 * one INSERT and one transaction, not one per call; every call is stored and the desk is told of each;
 * a lone call is stored once the window ends; /health counts gathered calls as waiting; a stop or
 * `whenIdle` writes what is gathered without waiting for the window.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient, seedDatabase } from '../../../server/db/index.ts'
import { createCallRecorder, type CallRecorder } from '../../../server/services/calls/call-recorder.ts'
import { createHolidayTableCalendar } from '../../../server/services/tickets/calendar-source.ts'
import type { FinishedCall } from '../../../telephony/index.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { answeredCall } from './answered-call.ts'

let db: TestDatabase
let watched: PrismaClient
const statements: string[] = []
let seq = 0
const T0 = Date.parse('2026-11-26T07:00:00Z')

function call(pbxId = 'main'): FinishedCall {
  seq++
  return answeredCall(`batch.${seq}`, new Date(T0 + seq * 1_000), {
    pbxId,
    callerNumber: `+9054170${String(10_000 + seq).slice(-5)}`,
  })
}

function recorderWith(lingerMs?: number): CallRecorder {
  return createCallRecorder({
    prisma: watched,
    logger: captureLogger().logger,
    shortAbandonSecOf: () => 5,
    calendar: createHolidayTableCalendar(db.prisma, { now: () => new Date() }, 0),
    ...(lingerMs === undefined ? {} : { lingerMs }),
  })
}

const callInserts = () => statements.filter((q) => q.startsWith('INSERT INTO "public"."Call"')).length
const stored = async (keys: string[]) => db.prisma.call.count({ where: { callKey: { in: keys } } })

beforeAll(async () => {
  db = await createTestDatabase()
  await seedDatabase(db.prisma, { demo: true })
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: db.url }),
    log: [{ emit: 'event', level: 'query' } as const],
  })
  client.$on('query', (e) => statements.push(e.query.trim()))
  watched = client
}, 60_000)

afterAll(async () => {
  await watched?.$disconnect()
  await db?.drop()
})

describe('finished calls handed over one by one', () => {
  it('are written together: a burst of twenty calls is one INSERT, and the desk hears of every call', async () => {
    // A window wide enough that a slow machine's timers cannot split the burst.
    const recorder = recorderWith(1_000)
    const told: string[] = []
    recorder.onCallsStored((_pbx, keys) => told.push(...keys))
    const calls = Array.from({ length: 20 }, () => call())
    const before = callInserts()
    // As the bridge hands them over: one call per slice of AMI input, a few milliseconds apart.
    const writes: Promise<void>[] = []
    for (const c of calls) {
      writes.push(recorder.record({ pbxId: 'main', finishedCalls: [c], pauses: [] }))
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await Promise.all(writes)
    const keys = calls.map((c) => c.callKey)
    expect(await stored(keys)).toBe(20)
    expect(callInserts() - before).toBe(1)
    expect(told.sort()).toEqual([...keys].sort())
    expect(recorder.counters.callsInserted).toBe(20)
  })

  it('keep the PBXs apart: two PBXs in one window are two writes, each stored', async () => {
    const recorder = recorderWith()
    const a = call('main')
    const b = call('santral')
    const before = callInserts()
    await Promise.all([
      recorder.record({ pbxId: 'main', finishedCalls: [a], pauses: [] }),
      recorder.record({ pbxId: 'santral', finishedCalls: [b], pauses: [] }),
    ])
    expect(callInserts() - before).toBe(2)
    expect(await stored([a.callKey, b.callKey])).toBe(2)
  })

  it('count as waiting in the recorder’s status until written; whenIdle writes them at once', async () => {
    // A window far longer than the test: only whenIdle can have written them.
    const recorder = recorderWith(60_000)
    const calls = [call(), call(), call()]
    void recorder.record({ pbxId: 'main', finishedCalls: calls.slice(0, 2), pauses: [] })
    void recorder.record({ pbxId: 'main', finishedCalls: calls.slice(2), pauses: [] })
    expect(recorder.status().pending).toBe(3)
    expect(await stored(calls.map((c) => c.callKey))).toBe(0)
    await recorder.whenIdle()
    expect(await stored(calls.map((c) => c.callKey))).toBe(3)
    expect(recorder.status().pending).toBe(0)
  })

  it('are written at a stop without waiting for the window', async () => {
    const recorder = recorderWith(60_000)
    const c = call()
    const written = recorder.record({ pbxId: 'main', finishedCalls: [c], pauses: [] })
    await recorder.close()
    await written
    expect(await stored([c.callKey])).toBe(1)
  })
})
