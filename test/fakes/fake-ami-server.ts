import { createHash } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import { AmiFramer } from '../../telephony/ami/frame.ts'
import { serializeFields, type AmiMessage } from '../../telephony/ami/message.ts'

/**
 * A loopback AMI server for tests (docs/style-guide.md §3.8). Sends the real greeting first, answers Login
 * (plain and MD5; a wrong secret gets `Authentication failed` after `authFailDelayMs`, then close, as
 * Asterisk does), Challenge, Ping, Logoff, Events, list actions with scripted items, and Originate
 * (ack, then OriginateResponse). Records every action received, parsed and as raw bytes. Can replay
 * transcript bytes, drop or stall sockets, and hand any action to a custom handler.
 */

type Fields = Array<readonly [string, string]>

/** Self-signed, test-only certificate for localhost/127.0.0.1 (never used outside tests). */
export const FAKE_AMI_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUG3urtNymgImF53l03pfEbDDf5ywwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjA3MTIyOFoYDzIxMjYxMTAy
MDcxMjI4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQKl9sia+3MvMjUFXk1a+m9Ib/j5ENZyez/h+H5oYET9ugP307cA9rG
Y1+VOiTVLlv6iC6dJTSbPIbiDiLjaE4uo28wbTAdBgNVHQ4EFgQUzJHSbZyc8qc6
bTRbJ8eTHW1EUnQwHwYDVR0jBBgwFoAUzJHSbZyc8qc6bTRbJ8eTHW1EUnQwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhALl2maVpkVcdBrYp8nPDoxKeyqHFmcwGU3/53PSOnD/HAiEA
o3V2HU0zhr5IAPvCW5Ku5oZfL85QOqRHbVUrYsux9Yk=
-----END CERTIFICATE-----`
const FAKE_AMI_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgp6oFCjnyrcDzS9aj
Kt/D7WDUBnc7oXUrJMlDR0sBY7GhRANCAAQKl9sia+3MvMjUFXk1a+m9Ib/j5ENZ
yez/h+H5oYET9ugP307cA9rGY1+VOiTVLlv6iC6dJTSbPIbiDiLjaE4u
-----END PRIVATE KEY-----`

export interface ScriptedList {
  readonly items: Fields[]
  /** Called between items (after `index` items were sent): e.g. push live events, drop, stall. */
  readonly between?: (index: number, session: FakeAmiSession) => void
}

export interface FakeAmiServerOptions {
  readonly username?: string
  readonly secret?: string
  readonly greeting?: string
  /** Asterisk sleeps 1 s before refusing a login; tests pass a small value. */
  readonly authFailDelayMs?: number
  readonly lists?: Record<string, ScriptedList>
  readonly originate?: {
    readonly response: 'Success' | 'Failure'
    readonly reason: number
    readonly delayMs?: number
  }
  /** Serve TLS (Asterisk's `tlsenable`) with FAKE_AMI_TLS_CERT. */
  readonly tls?: boolean
}

export interface FakeAmiSession {
  readonly id: number
  readonly raw: Buffer[]
  stalled: boolean
  send(fields: Fields): void
  write(bytes: Buffer | string): void
  drop(): void
}

export type ActionHandler = (action: AmiMessage, session: FakeAmiSession) => void

export interface ReceivedAction {
  readonly session: number
  readonly action: AmiMessage
}

export class FakeAmiServer {
  readonly received: ReceivedAction[] = []
  readonly sessions: FakeAmiSession[] = []
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()
  private readonly handlers = new Map<string, ActionHandler>()
  private readonly waiters: Array<{
    test: (r: ReceivedAction) => boolean
    resolve: (r: ReceivedAction) => void
  }> = []
  private readonly options: Required<Omit<FakeAmiServerOptions, 'originate' | 'tls'>> & {
    originate: FakeAmiServerOptions['originate'] | undefined
  }
  port = 0

  constructor(options: FakeAmiServerOptions = {}) {
    this.server = options.tls
      ? tls.createServer({ key: FAKE_AMI_TLS_KEY, cert: FAKE_AMI_TLS_CERT }, (socket) => this.accept(socket))
      : net.createServer((socket) => this.accept(socket))
    this.options = {
      username: options.username ?? 'pano',
      secret: options.secret ?? 'pano-secret',
      greeting: options.greeting ?? 'Asterisk Call Manager/11.0.0',
      authFailDelayMs: options.authFailDelayMs ?? 1000,
      lists: options.lists ?? {},
      originate: options.originate,
    }
  }

  static async start(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const s = new FakeAmiServer(options)
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve))
    s.port = (s.server.address() as net.AddressInfo).port
    return s
  }

  /** Every byte any client sent, in order per session. */
  get rawReceived(): Buffer {
    return Buffer.concat(this.sessions.flatMap((s) => s.raw))
  }

  actionsNamed(name: string): AmiMessage[] {
    return this.received
      .map((r) => r.action)
      .filter((a) => a.get('Action')?.toLowerCase() === name.toLowerCase())
  }

  /** Resolves at the next (or an already received) action matching `name`. */
  waitForAction(name: string, count = 1): Promise<ReceivedAction> {
    const match = (r: ReceivedAction) => r.action.get('Action')?.toLowerCase() === name.toLowerCase()
    const already = this.received.filter(match)
    if (already.length >= count) return Promise.resolve(already[count - 1] as ReceivedAction)
    let seen = already.length
    return new Promise((resolve) => this.waiters.push({ test: (r) => match(r) && ++seen >= count, resolve }))
  }

  /** Replaces the built-in answer for an action (name case-insensitive). */
  handle(name: string, handler: ActionHandler): void {
    this.handlers.set(name.toLowerCase(), handler)
  }

  /** Sends an event to every logged-in session. */
  broadcast(fields: Fields): void {
    for (const s of this.sessions) s.send(fields)
  }

  /** Writes transcript bytes as they are, in chunks of `chunkSize` (default: one write). */
  replay(bytes: Buffer, chunkSize = bytes.length): void {
    for (const s of this.sessions)
      for (let i = 0; i < bytes.length; i += chunkSize) s.write(bytes.subarray(i, i + chunkSize))
  }

  dropAll(): void {
    for (const s of this.sessions) s.drop()
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => undefined)
    const framer = new AmiFramer({ expectGreeting: false })
    const session: FakeAmiSession = {
      id: this.sessions.length + 1,
      raw: [],
      stalled: false,
      send: (fields) => session.write(serializeFields(fields)),
      write: (bytes) => {
        if (!session.stalled && !socket.destroyed) socket.write(bytes)
      },
      drop: () => socket.destroy(),
    }
    const state = { loggedIn: false, challenge: '' }
    this.sessions.push(session)
    socket.write(`${this.options.greeting}\r\n`)
    socket.on('data', (chunk: Buffer) => {
      session.raw.push(Buffer.from(chunk))
      for (const frame of framer.push(chunk)) {
        if (frame.type !== 'message') continue
        const record = { session: session.id, action: frame.message }
        this.received.push(record)
        for (const w of [...this.waiters]) {
          if (w.test(record)) {
            this.waiters.splice(this.waiters.indexOf(w), 1)
            w.resolve(record)
          }
        }
        if (!session.stalled) this.answer(frame.message, session, state, socket)
      }
    })
  }

  private answer(
    action: AmiMessage,
    session: FakeAmiSession,
    state: { loggedIn: boolean; challenge: string },
    socket: net.Socket,
  ): void {
    const name = (action.get('Action') ?? '').toLowerCase()
    const id: Fields = action.has('ActionID') ? [['ActionID', action.get('ActionID') ?? '']] : []
    const custom = this.handlers.get(name)
    if (custom !== undefined) return custom(action, session)
    switch (name) {
      case 'challenge':
        state.challenge = String(100000000 + session.id * 7919)
        return session.send([['Response', 'Success'], ...id, ['Challenge', state.challenge]])
      case 'login': {
        const md5 = action.get('AuthType')?.toLowerCase() === 'md5'
        const secretOk = md5
          ? action.get('Key') ===
            createHash('md5')
              .update(state.challenge + this.options.secret)
              .digest('hex')
          : action.get('Secret') === this.options.secret
        if (action.get('Username') === this.options.username && secretOk) {
          state.loggedIn = true
          session.send([['Response', 'Success'], ...id, ['Message', 'Authentication accepted']])
          return session.send([
            ['Event', 'FullyBooted'],
            ['Privilege', 'system,all'],
            ['Uptime', '1176'],
            ['LastReload', '1176'],
            ['Status', 'Fully Booted'],
          ])
        }
        setTimeout(() => {
          session.send([['Response', 'Error'], ...id, ['Message', 'Authentication failed']])
          socket.end()
        }, this.options.authFailDelayMs)
        return
      }
      case 'logoff':
        session.send([['Response', 'Goodbye'], ...id, ['Message', 'Thanks for all the fish.']])
        return void socket.end()
    }
    if (!state.loggedIn) return session.send([['Response', 'Error'], ...id, ['Message', 'Permission denied']])
    switch (name) {
      case 'ping':
        return session.send([
          ['Response', 'Success'],
          ...id,
          ['Ping', 'Pong'],
          ['Timestamp', '1795668590.123456'],
        ])
      case 'events': {
        const on = (action.get('EventMask') ?? 'off').toLowerCase() !== 'off'
        return session.send([['Response', 'Success'], ...id, ['Events', on ? 'On' : 'Off']])
      }
      case 'originate':
        return this.originate(id, session)
    }
    const list = Object.entries(this.options.lists).find(([k]) => k.toLowerCase() === name)
    if (list !== undefined) return this.sendList(list[0], list[1], id, session)
    session.send([['Response', 'Error'], ...id, ['Message', 'Invalid/unknown command']])
  }

  private sendList(name: string, list: ScriptedList, id: Fields, session: FakeAmiSession): void {
    session.send([['Response', 'Success'], ...id, ['EventList', 'start'], ['Message', `${name} will follow`]])
    list.items.forEach((item, i) => {
      list.between?.(i, session)
      session.send([...item, ...id])
    })
    list.between?.(list.items.length, session)
    session.send([
      ['Event', `${name}Complete`],
      ...id,
      ['EventList', 'Complete'],
      ['ListItems', String(list.items.length)],
    ])
  }

  private originate(id: Fields, session: FakeAmiSession): void {
    session.send([['Response', 'Success'], ...id, ['Message', 'Originate successfully queued']])
    const outcome = this.options.originate ?? { response: 'Success', reason: 4 }
    setTimeout(() => {
      session.send([
        ['Event', 'Newchannel'],
        ['Privilege', 'call,all'],
        ['Channel', 'Local/1001@click2call-00000001;1'],
        ['Uniqueid', '1795668600.1'],
      ])
      session.send([
        ['Event', 'OriginateResponse'],
        ['Privilege', 'call,all'],
        ...id,
        ['Response', outcome.response],
        ['Channel', 'Local/1001@click2call-00000001;1'],
        ['Context', 'click2call-dest'],
        ['Exten', '905321234567'],
        ['Reason', String(outcome.reason)],
        ['Uniqueid', '1795668600.1'],
        ['CallerIDNum', '<unknown>'],
        ['CallerIDName', '<unknown>'],
      ])
    }, outcome.delayMs ?? 5)
  }
}
