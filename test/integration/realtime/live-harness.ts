/**
 * The whole app on port 0 (real PostgreSQL, demo seed) with the PBX simulator behind the telephony
 * service, for realtime tests: sign in as a demo user, issue kiosk tokens, connect real socket.io
 * clients.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { issueKioskToken } from '../../../server/auth/kiosk-tokens.ts'
import { loadConfig } from '../../../server/config.ts'
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/events.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import type { TelephonyService } from '../../../server/services/telephony/telephony-service.ts'
import { createPbxSimulator, type PbxSimulator, type PbxSimulatorOptions } from '../../../telephony/index.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { followSimulator } from '../../support/simulator-telephony.ts'

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface LivePano {
  readonly pano: RunningPano
  readonly sim: PbxSimulator
  readonly telephony: TelephonyService
  /** `pano_session=…` for a demo user (password `demo`). */
  cookieFor(username: string): Promise<string>
  kioskToken(boards: string[]): Promise<{ id: number; token: string }>
  socket(auth: { cookie?: string; token?: string }): Promise<TestSocket>
  /** Resolves when every PBX is live (startLivePano waits for it; tests that stop a PBX call it again). */
  untilLive(): Promise<void>
  close(): Promise<void>
}

export async function startLivePano(
  options: { sim?: Partial<PbxSimulatorOptions>; env?: Record<string, string>; clientDir?: string } = {},
): Promise<LivePano> {
  const db: TestDatabase = await createTestDatabase()
  const sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 7, noise: 'none', ...options.sim })
  let telephony: TelephonyService | null = null
  const sockets: TestSocket[] = []
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
    BROADCAST_INTERVAL_MS: '20',
    // No automatic pass of the unit alerts (its first comes 30 s after start): it would remind the staff
    // of whatever tickets a test made, depending on the date, into the mails and histories tests read.
    // A test that wants one asks for it (POST /api/v1/unit-alerts/run).
    UNIT_ALERTS_CHECK_SEC: '0',
    ...options.env,
  })
  const pano = await startPano(config, {
    database: { prisma: db.prisma, kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
    seedDemo: true,
    clientDir: options.clientDir ?? null,
    print: () => {},
    startTelephony: followSimulator(sim, (service) => (telephony = service)),
  })
  const service = telephony as TelephonyService | null
  if (service === null) throw new Error('telephony did not start')
  // Until main wires the broadcaster itself (it does when the service is part of the handle).
  if (pano.realtime.broadcaster() === null)
    pano.realtime.attachLiveSource(service, { intervalMs: config.realtime.broadcastIntervalMs })

  const untilLive = async () => {
    await until(
      () => service.pbxStatus(),
      (status) => status.every((p) => p.state === 'live'),
      'a live PBX',
      15_000,
    )
  }
  await untilLive()

  return {
    pano,
    sim,
    telephony: service,
    untilLive,
    async cookieFor(username) {
      const res = await fetch(`${pano.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo' }),
      })
      if (res.status !== 204 && res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status}`)
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pano_session='))
      if (!cookie) throw new Error('no session cookie')
      return cookie.split(';')[0] ?? ''
    },
    async kioskToken(boards) {
      const admin = await db.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } })
      return issueKioskToken(db.prisma, { label: 'Koridor TV', boards, createdById: admin.id })
    },
    socket: (auth) => openTestSocket(pano.url, auth, sockets),
    async close() {
      for (const s of sockets) s.disconnect()
      await pano.close()
      await sim.close()
      await db.drop()
    },
  }
}

/** A websocket-only client signed in by cookie or kiosk token; kept in `opened` to be closed later. */
export function openTestSocket(
  url: string,
  auth: { cookie?: string; token?: string },
  opened: TestSocket[],
): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  })
  opened.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** Resolves when `predicate` holds for a value `next()` produced, polling each `everyMs`. */
export async function until<T>(
  read: () => T,
  predicate: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (predicate(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
