/**
 * ONE table of who may do what (docs/design.md §2.8): every HTTP route the app registers and every socket event
 * it handles × every role (agent, operator, unit, supervisor/müdür, admin) and anonymous × whose target
 * it is (the caller's own, or someone else's), with the status each must get, asserted against the whole
 * running app (real PostgreSQL, the PBX simulator over AMI). The table is written by hand, not read
 * from the guards, and must be complete: a route or socket event missing from it fails the test.
 *
 * A denied role gets 403 and anonymous 401 on every row; `ok` says what an allowed caller gets — a
 * success, or the refusal of a service rule that is part of the access decision (an operator's consult
 * completed by a colleague, a unit's ticket at another unit: 403). Rows whose body is an admin form use
 * an empty body: 400 proves the guard let the admin through to the form's rules.
 *
 * The rows live in test/integration/server/access-rows/, one module per area of the app; this file merges
 * them (a route given a row in two areas fails like a route with none) and runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import { listRoutes } from '../../../server/http/route-inventory.ts'
import { openTestSocket, type TestSocket } from '../realtime/live-harness.ts'
import { createFixtures, ME, ROLES, type Fixtures, type Session } from './access-fixtures.ts'
import { adminRows } from './access-rows/admin.ts'
import { authUsersRows } from './access-rows/auth-users.ts'
import { intakeMessagingRows } from './access-rows/intake-messaging.ts'
import {
  DESK,
  EVERYONE,
  SANTRAL,
  SUPERVISION,
  type Row,
  type Rows,
  type RowsOf,
  type Who,
  type Whose,
} from './access-rows/row.ts'
import { telephonyRows } from './access-rows/telephony.ts'
import { ticketRows } from './access-rows/tickets.ts'

const AREAS: RowsOf[] = [authUsersRows, intakeMessagingRows, adminRows, ticketRows, telephonyRows]

let f: Fixtures
let TABLE: Rows
/** Routes given a row by more than one area. */
let twice: string[]

/** One table from every area's rows, noting any route two areas both claim. */
function merge(areas: Rows[]): { table: Rows; twice: string[] } {
  const table: Rows = {}
  const seen: string[] = []
  for (const rows of areas)
    for (const [key, row] of Object.entries(rows)) {
      if (key in table) seen.push(key)
      table[key] = row
    }
  return { table, twice: seen }
}

function methodAndPath(key: string): [string, string] {
  const space = key.indexOf(' ')
  return [key.slice(0, space), key.slice(space + 1)]
}

async function send(key: string, row: Row, who: Who, whose: Whose) {
  const [method] = methodAndPath(key)
  const req = await row.req(who, whose)
  let session: Session | null = null
  if (who !== 'anonymous') session = req.fresh === true ? await f.freshSession(ME[who]) : f.session(ME[who])
  const prefix = key.includes(' /metrics') ? '' : '/api/v1'
  const res = await fetch(`${f.live.pano.url}${prefix}${req.path}`, {
    method,
    headers: {
      ...(session === null ? {} : { cookie: session.cookie, 'x-csrf-token': session.csrfToken }),
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
  return { status: res.status, text: (await res.text()).slice(0, 200) }
}

function expected(row: Row, who: Who, whose: Whose): number {
  const allowed = row.allow === 'public' || (who !== 'anonymous' && row.allow.includes(who))
  if (!allowed) return who === 'anonymous' ? 401 : 403
  return typeof row.ok === 'number' ? row.ok : row.ok(who, whose)
}

beforeAll(async () => {
  f = await createFixtures()
  ;({ table: TABLE, twice } = merge(AREAS.map((rows) => rows(f))))
}, 120_000)
afterAll(async () => {
  await f?.close()
})

describe('the access table', () => {
  it('has exactly one row for every HTTP route the app registers', () => {
    const routes = listRoutes(f.live.pano.app).map((r) => `${r.method} ${r.path}`)
    expect(twice, 'routes with a row in two areas').toEqual([])
    expect(
      routes.filter((r) => !(r in TABLE)),
      'routes missing from the table',
    ).toEqual([])
    expect(
      Object.keys(TABLE).filter((k) => !routes.includes(k)),
      'rows for no route',
    ).toEqual([])
  })

  it('gives every role, on its own and on others’ targets, the status the table says', async () => {
    const wrong: string[] = []
    for (const [key, row] of Object.entries(TABLE)) {
      for (const who of ['anonymous', ...ROLES] as const) {
        for (const whose of row.owned === true ? (['own', 'other'] as const) : (['own'] as const)) {
          const want = expected(row, who, whose)
          const got = await send(key, row, who, whose)
          if (got.status !== want)
            wrong.push(`${key} as ${who} (${whose}): want ${want}, got ${got.status} ${got.text}`)
        }
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

/** Socket events × role: `ok`, `forbidden` (an ack refusing it), and anonymous never connects. */
const SOCKET_TABLE: Record<string, { args: unknown[]; allow: readonly Role[] }> = {
  'session:identify': { args: [], allow: EVERYONE },
  'view:subscribe wallboard': { args: [{ view: 'wallboard' }], allow: SUPERVISION },
  'view:subscribe agents': { args: [{ view: 'agents' }], allow: SUPERVISION },
  'view:subscribe calls': { args: [{ view: 'calls' }], allow: SUPERVISION },
  'view:unsubscribe': { args: [{ view: 'calls' }], allow: EVERYONE },
  'switchboard:sync': { args: [], allow: SANTRAL },
  'desk:sync': { args: [], allow: DESK },
  'unit:sync': { args: [], allow: ['unit'] },
  'units:overdue': { args: [], allow: SUPERVISION },
  'queue-alerts:open': { args: [], allow: SUPERVISION },
}

describe('the socket table', () => {
  const sockets: TestSocket[] = []
  afterAll(() => {
    for (const s of sockets) s.disconnect()
  })

  it('has a row for every event the server handles', async () => {
    const handled = new Set<string>()
    for (const role of ROLES) {
      await openTestSocket(f.live.pano.url, { cookie: f.session(ME[role]).cookie }, sockets)
    }
    for (const socket of f.live.pano.realtime.io.of('/').sockets.values())
      for (const name of socket.eventNames()) if (typeof name === 'string') handled.add(name)
    for (const reserved of ['disconnect', 'disconnecting', 'error']) handled.delete(reserved)
    const events = new Set(Object.keys(SOCKET_TABLE).map((k) => k.split(' ')[0]))
    expect([...handled].filter((e) => !events.has(e))).toEqual([])
    expect([...events].filter((e) => !handled.has(e as string))).toEqual([])
  })

  it('answers every event for every role as the table says, and lets no anonymous socket in', async () => {
    const wrong: string[] = []
    for (const role of ROLES) {
      const socket = await openTestSocket(f.live.pano.url, { cookie: f.session(ME[role]).cookie }, sockets)
      for (const [key, row] of Object.entries(SOCKET_TABLE)) {
        const event = key.split(' ')[0] as string
        const answer = (await (socket.emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(
          event,
          ...row.args,
        )) as { ok: boolean; error?: { code: string; kind?: string } }
        // A refusal carries the error model's kind too, as HTTP answers do (docs/errors.md).
        const want = row.allow.includes(role) ? 'ok' : 'forbidden/not_allowed'
        const got = answer.ok ? 'ok' : `${answer.error?.code ?? '?'}/${answer.error?.kind ?? '?'}`
        if (got !== want) wrong.push(`${key} as ${role}: want ${want}, got ${got}`)
      }
    }
    expect(wrong).toEqual([])
    await expect(openTestSocket(f.live.pano.url, {}, sockets)).rejects.toThrow(/Oturum açmanız gerekiyor/)
  })
})
