/**
 * `npm run bench -- screenpop [--seconds 20] [--rate 100]`
 *
 * Screen-pop latency at municipal scale: 1,000,000 citizens (one mobile number each) and 3,000,000
 * tickets in a dedicated PostgreSQL database on 127.0.0.1 (`pano_bench_screenpop`, bulk-loaded with
 * generate_series once and reused), 100 queue members mapped to 100 agent users, and the PBX simulator
 * ringing a different agent `rate` times per second (90 % known numbers, 10 % unknown). The real
 * telephony service and desk run in this process; the pops go through a socket.io server to 100
 * websocket clients, one per agent room. Latency = client receipt of the pop WITH the lookup result −
 * the AgentCalled's receipt by the bridge. Prints one JSON line; the lookup's EXPLAIN goes to stderr.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { pino } from 'pino'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import type { ScreenPop } from '../server/contract/agent-desk.ts'
import { loadConfig } from '../server/config.ts'
import { openDatabase } from '../server/db/index.ts'
import { deskTelephonyFrom } from '../server/services/agent-desk/desk-telephony.ts'
import { createAgentDesk } from '../server/services/agent-desk/desk-service.ts'
import { createServiceDeps } from '../server/services/tickets/service-deps.ts'
import { createTelephonyService } from '../server/services/telephony/telephony-service.ts'
import { createPbxSimulator, type PlanQueue } from '../telephony/index.ts'
import { deployMigrations } from '../tools/migrate/index.ts'

const ADMIN_URL = process.env['PANO_BENCH_PG_ADMIN_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const DB_NAME = 'pano_bench_screenpop'
const CITIZENS = 1_000_000
const TICKETS = 3_000_000
const AGENTS = 100
const QUEUE = 'bench-cagri'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

const log = (text: string) => process.stderr.write(`${text}\n`)
const phoneOf = (i: number) => `+905${String(i).padStart(9, '0')}`
const iface = (n: number) => `Local/${5000 + n}@agents/n`

async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try {
    return await admin.query(sql, params)
  } finally {
    await admin.end()
  }
}

async function ensureDatabase(): Promise<string> {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DB_NAME}`
  const exists = (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount === 1
  if (exists) {
    const probe = new pg.Client({ connectionString: url.toString() })
    await probe.connect()
    const counted = await probe
      .query<{ c: number; t: number }>(
        'SELECT (SELECT count(*) FROM "Citizen")::int AS c, (SELECT count(*) FROM "Ticket")::int AS t',
      )
      .catch(() => ({ rows: [{ c: 0, t: 0 }] }))
    await probe.end()
    const row = counted.rows[0]
    // A half-loaded database (an interrupted first run) is dropped: history rows cannot be truncated.
    if ((row?.c ?? 0) < CITIZENS || (row?.t ?? 0) < TICKETS)
      await adminQuery(`DROP DATABASE "${DB_NAME}" WITH (FORCE)`)
  }
  const fresh = (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount !== 1
  if (fresh) await adminQuery(`CREATE DATABASE "${DB_NAME}"`)
  await deployMigrations({ target: url.toString() })
  const c = new pg.Client({ connectionString: url.toString() })
  await c.connect()
  if (fresh) {
    const t0 = Date.now()
    log(`bench screenpop: loading ${CITIZENS} citizens and ${TICKETS} tickets (once)…`)
    await c.query('INSERT INTO "Unit" (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      'bench',
      'Bench Birimi',
    ])
    await c.query(`INSERT INTO "Citizen" ("fullName", mahalle, "createdAt", "updatedAt")
      SELECT 'Vatandaş ' || i, 'Mahalle ' || (i % 40), now(), now() FROM generate_series(1, ${CITIZENS}) i`)
    await c.query(`INSERT INTO "CitizenPhone" ("citizenId", e164)
      SELECT i, '+905' || lpad(i::text, 9, '0') FROM generate_series(1, ${CITIZENS}) i`)
    await c.query(`INSERT INTO "Ticket" (number, type, channel, "legalTrack", subject, description, "citizenId",
        "unitId", status, "dueAt", "createdAt", "updatedAt")
      SELECT (2020 + i / 1000000)::text || '-' || lpad((i % 1000000)::text, 6, '0'), 'ISTEK', 'CAGRI_MERKEZI', 'INTERNAL', 'Talep ' || i, 'Açıklama', (i % ${CITIZENS}) + 1,
        (SELECT id FROM "Unit" WHERE code = 'bench'),
        (ARRAY['YENI','BIRIME_HAVALE','ISLEMDE','YANITLANDI','KAPANDI','KAPANDI'])[1 + i % 6]::"TicketStatus",
        now() + ((i % 30) - 10) * interval '1 day', now(), now()
      FROM generate_series(1, ${TICKETS}) i`)
    log(`bench screenpop: loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
  await c.query('DELETE FROM "User" WHERE username LIKE $1', ['bench-agent-%'])
  for (let n = 1; n <= AGENTS; n++)
    await c.query(
      `INSERT INTO "User" (username, "displayName", role, "passwordHash", "memberInterface")
       VALUES ($1, $2, 'AGENT', 'x', $3)`,
      [`bench-agent-${n}`, `Temsilci ${n}`, iface(n)],
    )
  // Fresh statistics every run: right after a bulk load autovacuum has not looked yet, and the planner
  // would guess a handful of rows and scan instead of using CitizenPhone(e164).
  await c.query('ANALYZE "Citizen", "CitizenPhone", "Ticket", "Call"')
  const e164 = phoneOf(424_242)
  const explain = await c.query(`EXPLAIN (ANALYZE, COSTS OFF)
    SELECT c.id FROM "Citizen" c
    WHERE c.id IN (SELECT "citizenId" FROM "CitizenPhone" WHERE e164 = '${e164}')
      AND c."mergedIntoId" IS NULL AND c."anonymizedAt" IS NULL`)
  log('bench screenpop: EXPLAIN of the screen-pop lookup (citizen by phone):')
  for (const row of explain.rows as { 'QUERY PLAN': string }[]) log(`  ${row['QUERY PLAN']}`)
  const tickets = await c.query(`EXPLAIN (ANALYZE, COSTS OFF)
    SELECT id FROM "Ticket" WHERE "citizenId" = 424242 AND status IN ('YENI','BIRIME_HAVALE','ISLEMDE')`)
  for (const row of tickets.rows as { 'QUERY PLAN': string }[]) log(`  ${row['QUERY PLAN']}`)
  await c.end()
  return url.toString()
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 20)
  const rate = arg('rate', 100)
  const url = await ensureDatabase()
  const logger = pino({ level: 'silent' })
  const db = await openDatabase({ databaseUrl: url, dataDir: '/tmp', logger, migrate: false })
  const queue: PlanQueue = {
    name: QUEUE,
    label: 'Bench çağrı merkezi',
    kind: 'CALL_CENTRE',
    strategy: 'rrmemory',
    serviceLevelSec: 20,
    ringTimeoutSec: 10,
    wrapUpSec: 0,
    members: Array.from({ length: AGENTS }, (_, k) => ({
      interface: iface(k + 1),
      memberName: `Temsilci ${k + 1}`,
      username: `bench-agent-${k + 1}`,
      extension: String(5000 + k + 1),
    })),
  }
  const sim = await createPbxSimulator({
    clock: 'real',
    queues: [queue],
    extensions: [],
    noise: 'none',
    seed: 3,
  })
  const config = loadConfig({ DATABASE_URL: url, SIMULATOR: 'off', LOG_LEVEL: 'silent' })
  const telephony = await createTelephonyService({ config, prisma: db.prisma, logger, simulator: sim })

  const http = createServer()
  const io = new Server(http, { serveClient: false })
  io.on('connection', (s) => void s.join(`agent:${String(s.handshake.query['userId'])}`))
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port
  const desk = await createAgentDesk({
    services: createServiceDeps({ prisma: db.prisma, logger }),
    prisma: db.prisma,
    logger,
    telephony: deskTelephonyFrom(telephony),
    sink: { emit: (room, event, payload) => void io.to(room).emit(event, payload) },
  })

  const users = await db.prisma.user.findMany({ where: { username: { startsWith: 'bench-agent-' } } })
  const latencies: number[] = []
  const measured = new Set<string>()
  let recording = false
  const sockets: Socket[] = await Promise.all(
    users.map(
      (u) =>
        new Promise<Socket>((resolve) => {
          const s = connect(`http://127.0.0.1:${port}`, {
            transports: ['websocket'],
            query: { userId: String(u.id) },
          })
          s.on('desk:pop', (pop: ScreenPop) => {
            if (!recording || pop.match === 'pending' || measured.has(pop.popId)) return
            measured.add(pop.popId)
            latencies.push(Date.now() - pop.receivedAt)
          })
          s.on('connect', () => resolve(s))
        }),
    ),
  )
  const deadline = Date.now() + 15_000
  while ([...telephony.pbxs.values()].some((e) => e.bridge.getStatus().phase !== 'live')) {
    if (Date.now() > deadline) throw new Error('PBX simulator did not come up')
    await new Promise((r) => setTimeout(r, 50))
  }

  let n = 0
  const place = () => {
    const k = n++ % AGENTS
    const known = n % 10 !== 0
    sim.placeCall({
      queue: QUEUE,
      callerNumber: known
        ? `0${phoneOf(1 + ((n * 7919) % CITIZENS)).slice(3)}`
        : `05599${String(n).padStart(6, '0')}`,
      ringMember: iface(k + 1),
      answer: false,
      patienceMs: 600,
      hangupBy: 'caller',
    })
  }
  // Warm-up second (JIT, connection pool), then measure.
  const timer = setInterval(place, 1000 / rate)
  await new Promise((r) => setTimeout(r, 2000))
  recording = true
  await new Promise((r) => setTimeout(r, seconds * 1000))
  recording = false
  clearInterval(timer)
  await new Promise((r) => setTimeout(r, 1500))

  const sorted = [...latencies].sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 10) / 10
  process.stdout.write(
    `${JSON.stringify({
      bench: 'screenpop',
      citizens: CITIZENS,
      tickets: TICKETS,
      rate_per_s: rate,
      pops: sorted.length,
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      max_ms: round(sorted.at(-1) ?? NaN),
    })}\n`,
  )
  for (const s of sockets) s.disconnect()
  desk.stop()
  await telephony.close()
  await sim.close()
  await io.close()
  await db.close()
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench screenpop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  process.exit(1)
})
