/**
 * The simulator's AMI TCP listener: banner, Login (plain; wrong secret → delay, error, close, as in
 * 06-wrong-secret.raw), event masks, FullyBooted and SuccessfulAuth, Logoff, `Permission denied` before
 * login, and one action at a time per session with its events held until its response is written.
 */
import net from 'node:net'
import { md5Key } from '../ami/action.ts'
import { AmiFramer } from '../ami/frame.ts'
import { serializeFields, type AmiMessage } from '../ami/message.ts'
import type { Fields } from './channel.ts'
import type { EventClass, SimEvent } from './pbx.ts'

export interface AmiServerOptions {
  readonly host: string
  readonly port: number
  readonly amiVersion: string
  readonly username: string
  readonly secret: string
  readonly authFailDelayMs: number
  /** Simulated clock (epoch ms) for FullyBooted / SuccessfulAuth. */
  readonly now: () => number
  readonly uptimeSec: () => number
  /** Runs a post-login action; returns the messages to write (response first). */
  readonly runAction: (session: AmiSession, action: string, m: AmiMessage) => Fields[]
  /** Called after a successful login (used by capture replay). */
  readonly onLogin?: (session: AmiSession) => void
}

const ALL_CLASSES: readonly EventClass[] = [
  'call',
  'agent',
  'dialplan',
  'system',
  'security',
  'cdr',
  'reporting',
  'user',
]

/** Parses `Events:` / `EventMask:` (on, off, a class list, or a number) into a class set. */
export function parseEventMask(value: string | undefined): Set<EventClass> {
  const v = (value ?? 'on').trim().toLowerCase()
  if (v === 'on' || v === 'yes' || v === 'true' || (/^-?\d+$/.test(v) && v !== '0'))
    return new Set(ALL_CLASSES)
  if (v === 'off' || v === 'no' || v === 'false' || v === '0') return new Set()
  return new Set(
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s): s is EventClass => (ALL_CLASSES as readonly string[]).includes(s)),
  )
}

export class AmiSession {
  authed = false
  private issuedChallenge: string | null = null
  mask = new Set<EventClass>()
  /** While an action runs, this session's events wait here (response first, like Asterisk). */
  private held: string[] | undefined
  /** Replay sessions get recorded bytes instead of live events. */
  replaying = false
  private readonly framer = new AmiFramer({ expectGreeting: false })
  private closed = false

  constructor(
    readonly socket: net.Socket,
    private readonly server: AmiServer,
  ) {}

  get open(): boolean {
    return !this.closed && !this.socket.destroyed
  }

  write(text: string | Buffer): void {
    if (!this.open) return
    this.socket.write(text)
  }

  send(fields: Fields): void {
    this.write(serializeFields(fields))
  }

  deliver(event: SimEvent): void {
    if (!this.authed || this.replaying || !this.mask.has(event.cls)) return
    const text = serializeFields(event.fields)
    if (this.held) this.held.push(text)
    else this.write(text)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.socket.end()
  }

  destroy(): void {
    this.closed = true
    this.socket.destroy()
  }

  onData(chunk: Buffer): void {
    let frames
    try {
      frames = this.framer.push(chunk)
    } catch {
      this.send([
        ['Response', 'Error'],
        ['Message', 'Failed to parse message'],
      ])
      return
    }
    for (const f of frames) if (f.type === 'message' && this.open) this.handle(f.message)
  }

  private handle(m: AmiMessage): void {
    const action = m.get('Action')?.trim() ?? ''
    const id = m.get('ActionID')
    const reply = (status: 'Success' | 'Error' | 'Goodbye', extra: Fields): void => {
      const out: Fields = [['Response', status]]
      if (id) out.push(['ActionID', id])
      this.send([...out, ...extra])
    }
    if (!action) return reply('Error', [['Message', 'Missing action in request']])
    const lower = action.toLowerCase()
    if (lower === 'logoff') {
      reply('Goodbye', [['Message', 'Thanks for all the fish.']])
      this.close()
      return
    }
    if (lower === 'login') return this.login(m, reply)
    if (lower === 'challenge') return this.challenge(m, reply)
    if (!this.authed) return reply('Error', [['Message', 'Permission denied']])
    if (lower === 'events') {
      this.mask = parseEventMask(m.get('EventMask'))
      return reply('Success', [['Events', this.mask.size > 0 ? 'On' : 'Off']])
    }
    this.held = []
    let out: Fields[]
    try {
      out = this.server.options.runAction(this, action, m)
    } catch {
      out = [
        [
          ['Response', 'Error'],
          ...(id ? ([['ActionID', id]] as Fields) : []),
          ['Message', 'Internal simulator error'],
        ],
      ]
    }
    const held = this.held
    this.held = undefined
    for (const msg of out) this.send(msg)
    for (const text of held) this.write(text)
  }

  /** `Action: Challenge` with `AuthType: MD5`, the first step of Asterisk's MD5 login. */
  private challenge(m: AmiMessage, reply: (status: 'Success' | 'Error', extra: Fields) => void): void {
    if (m.get('AuthType')?.toLowerCase() !== 'md5')
      return reply('Error', [['Message', 'Must specify AuthType']])
    this.issuedChallenge ??= String(100_000_000 + Math.floor(Math.random() * 900_000_000))
    reply('Success', [['Challenge', this.issuedChallenge]])
  }

  private login(m: AmiMessage, reply: (status: 'Success' | 'Error', extra: Fields) => void): void {
    const opts = this.server.options
    if (this.authed) return reply('Success', [['Message', 'Already authenticated']])
    // Plain (Secret) or, after a Challenge, AuthType MD5 with Key = md5(challenge + secret), as Asterisk.
    const md5 = m.get('AuthType')?.toLowerCase() === 'md5'
    const ok =
      m.get('Username') === opts.username &&
      (md5
        ? this.issuedChallenge !== null && m.get('Key') === md5Key(this.issuedChallenge, opts.secret)
        : m.get('Secret') === opts.secret && !m.get('AuthType'))
    if (!ok) {
      // Asterisk sleeps 1 s before answering a failed login, then closes the session (§3).
      const t = setTimeout(() => {
        this.server.timers.delete(t)
        reply('Error', [['Message', 'Authentication failed']])
        this.close()
      }, opts.authFailDelayMs)
      this.server.timers.add(t)
      return
    }
    this.authed = true
    this.server.logins++
    this.mask = parseEventMask(m.get('Events'))
    reply('Success', [['Message', 'Authentication accepted']])
    if (this.mask.has('system')) {
      this.send([
        ['Event', 'FullyBooted'],
        ['Privilege', 'system,all'],
        ['Uptime', String(opts.uptimeSec())],
        ['LastReload', String(opts.uptimeSec())],
        ['Status', 'Fully Booted'],
      ])
    }
    this.server.broadcast({ cls: 'security', fields: this.successfulAuth(opts) })
    opts.onLogin?.(this)
  }

  private successfulAuth(opts: AmiServerOptions): Fields {
    const tv = new Date(opts.now()).toISOString().replace('Z', '+0000')
    const local = this.socket.localAddress ?? '127.0.0.1'
    const remote = this.socket.remoteAddress ?? '127.0.0.1'
    return [
      ['Event', 'SuccessfulAuth'],
      ['Privilege', 'security,all'],
      ['EventTV', tv],
      ['Severity', 'Informational'],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
      ['AccountID', opts.username],
      ['SessionID', `0x${(this.socket.remotePort ?? 0).toString(16).padStart(12, '0')}`],
      ['LocalAddress', `IPV4/TCP/${local.replace(/^::ffff:/, '')}/${this.socket.localPort ?? 0}`],
      ['RemoteAddress', `IPV4/TCP/${remote.replace(/^::ffff:/, '')}/${this.socket.remotePort ?? 0}`],
      ['UsingPassword', '0'],
      ['SessionTV', tv],
    ]
  }
}

export class AmiServer {
  readonly sessions = new Set<AmiSession>()
  /** Successful logins since start (several Pano nodes must make exactly one). */
  logins = 0
  readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private server: net.Server | undefined
  private boundPort: number

  constructor(readonly options: AmiServerOptions) {
    this.boundPort = options.port
  }

  get port(): number {
    return this.boundPort
  }

  get listening(): boolean {
    return this.server?.listening === true
  }

  async listen(): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.boundPort, this.options.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address()
    if (address && typeof address === 'object') this.boundPort = address.port
    return this.boundPort
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true)
    const session = new AmiSession(socket, this)
    this.sessions.add(session)
    socket.on('data', (chunk: Buffer) => session.onData(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => this.sessions.delete(session))
    socket.write(`Asterisk Call Manager/${this.options.amiVersion}\r\n`)
  }

  broadcast(event: SimEvent): void {
    for (const s of this.sessions) s.deliver(event)
  }

  /** Resolves when every session's socket has flushed what was written (back-pressure for virtual time). */
  async drain(): Promise<void> {
    const waits: Promise<void>[] = []
    for (const s of this.sessions) {
      const sock = s.socket
      if (sock.destroyed || sock.writableLength === 0) continue
      waits.push(
        new Promise<void>((resolve) => {
          const done = (): void => {
            sock.off('drain', done)
            sock.off('close', done)
            resolve()
          }
          sock.once('drain', done)
          sock.once('close', done)
        }),
      )
    }
    await Promise.all(waits)
  }

  /** Drops every connection and stops listening (Asterisk going down). */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    for (const s of this.sessions) s.destroy()
    this.sessions.clear()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
