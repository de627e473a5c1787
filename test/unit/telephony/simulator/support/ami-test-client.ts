/** A minimal AMI client for simulator tests: collects every frame, waits for one by predicate. */
import net from 'node:net'
import { AmiFramer } from '../../../../../telephony/ami/frame.ts'
import { serializeFields, type AmiMessage } from '../../../../../telephony/ami/message.ts'

export class AmiTestClient {
  readonly messages: AmiMessage[] = []
  greeting = ''
  closed = false
  private readonly framer = new AmiFramer()
  private waiters: Array<() => void> = []

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.framer.push(chunk)) {
        if (f.type === 'greeting') this.greeting = f.text
        else this.messages.push(f.message)
      }
      this.wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
    socket.on('error', () => undefined)
  }

  static connect(port: number): Promise<AmiTestClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port })
      s.once('connect', () => resolve(new AmiTestClient(s)))
      s.once('error', reject)
    })
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  send(fields: ReadonlyArray<readonly [string, string]>): void {
    this.socket.write(serializeFields(fields))
  }

  /** Resolves with the first message (at or after `from`) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (m: AmiMessage) => boolean, from = 0, timeoutMs = 5000): Promise<AmiMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for an AMI message')), timeoutMs)
      const check = (): void => {
        const found = this.messages.slice(from).find(pred)
        if (found) {
          clearTimeout(timer)
          resolve(found)
        } else if (this.closed) {
          clearTimeout(timer)
          reject(new Error('connection closed'))
        } else this.waiters.push(check)
      }
      check()
    })
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs)
      const check = (): void => {
        if (this.closed) {
          clearTimeout(timer)
          resolve()
        } else this.waiters.push(check)
      }
      check()
    })
  }

  /** Sends an action with an ActionID and resolves with its response. */
  async action(fields: ReadonlyArray<readonly [string, string]>, actionId: string): Promise<AmiMessage> {
    const from = this.messages.length
    this.send([...fields.slice(0, 1), ['ActionID', actionId], ...fields.slice(1)])
    return this.waitFor((m) => m.kind === 'response' && m.get('ActionID') === actionId, from)
  }

  async login(secret = 'dashboard-secret', events = 'on'): Promise<AmiMessage> {
    return this.action(
      [
        ['Action', 'Login'],
        ['Username', 'dashboard'],
        ['Secret', secret],
        ['Events', events],
      ],
      'login-1',
    )
  }

  events(name?: string): AmiMessage[] {
    return this.messages.filter((m) => m.kind === 'event' && (name === undefined || m.get('Event') === name))
  }

  close(): void {
    this.socket.destroy()
  }
}
