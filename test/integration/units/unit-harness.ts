/**
 * Signed-in HTTP clients and sockets for the unit alert tests (docs/messaging.md §8): a cookie per demo
 * user, the calls the tests make, and a socket.io client that records what its unit room received.
 */
import { connect, type Socket } from 'socket.io-client'
import type {
  UnitClientToServerEvents,
  UnitServerToClientEvents,
  UnitTicketArrival,
  UnitTicketCounts,
} from '../../../server/contract/unit-board.ts'
import { sessionCookieFrom } from '../server/auth-harness.ts'

export interface StaffClient {
  cookie: string
  get<T>(path: string): Promise<{ status: number; body: T }>
  send<T>(
    method: 'POST' | 'PUT' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>
}

export async function signIn(url: string, username: string): Promise<StaffClient> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (login.status !== 204) throw new Error(`sign-in as ${username}: ${login.status}`)
  const cookie = sessionCookieFrom(login.headers.getSetCookie())
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
  }
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T }
  }
  return {
    cookie,
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
  }
}

export type UnitSocket = Socket<UnitServerToClientEvents, UnitClientToServerEvents>

export interface UnitListener {
  socket: UnitSocket
  arrivals: UnitTicketArrival[]
  counts: UnitTicketCounts[]
}

/** A websocket client with the user's cookie, connected, that records every `event` it hears. */
export async function recordEvents<T>(
  url: string,
  cookie: string,
  event: string,
  opened: Socket[],
): Promise<T[]> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  })
  opened.push(socket)
  const heard: T[] = []
  socket.on(event, (payload: T) => heard.push(payload))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return heard
}

/** A websocket client with the user's cookie, recording arrivals and counts from the unit room. */
export function listenAsUnit(url: string, cookie: string, opened: UnitSocket[]): Promise<UnitListener> {
  const socket: UnitSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  })
  opened.push(socket)
  const listener: UnitListener = { socket, arrivals: [], counts: [] }
  socket.on('unit:ticket-arrived', (a) => listener.arrivals.push(a))
  socket.on('unit:counts', (c) => listener.counts.push(c))
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(listener))
    socket.once('connect_error', reject)
  })
}

export function ask<T>(
  socket: UnitSocket,
  event: 'unit:sync' | 'units:overdue',
): Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }> {
  return new Promise((resolve) => {
    ;(socket.emit as (e: string, ack: (a: unknown) => void) => void)(event, (a) =>
      resolve(a as { ok: true; data: T }),
    )
  })
}

/** A ticket with no citizen routed to the unit with `unitCode` as it is opened. */
export async function ticketForUnit(
  agent: StaffClient,
  unitCode: string,
  subject: string,
): Promise<{ id: number; number: string }> {
  const units = (await agent.get<{ units: { id: number; code: string }[] }>('/units')).body.units
  const unit = units.find((u) => u.code === unitCode)
  if (unit === undefined) throw new Error(`no unit ${unitCode}`)
  const created = await agent.send<{ ticket: { id: number; number: string } }>('POST', '/tickets', {
    type: 'ISTEK',
    channel: 'CAGRI_MERKEZI',
    subject,
    description: `${subject}: vatandaş telefonla bildirdi.`,
    unitId: unit.id,
  })
  if (created.status !== 201) throw new Error(`ticket: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body.ticket
}
