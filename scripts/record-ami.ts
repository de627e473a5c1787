/**
 * Records what an Asterisk sends on AMI, byte for byte, for test transcripts (docs/style-guide.md §3.8).
 *
 *   npm run ami:record -- --host 127.0.0.1 --port 5038 --username U --secret S --out cap.raw [--seconds N]
 *
 * Read-only intent: it sends Login (Events: on) and, at the end, Logoff; nothing else. Writes
 * `cap.raw` (every byte received, greeting included), `cap.timing.jsonl` (one line per TCP read:
 * t_ms, offset, len, as in test/transcripts/asterisk-22-lab) and `cap.sent` (what was sent, secret
 * masked). Without --seconds it records until Ctrl-C. Redact numbers before committing a capture.
 */
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs'
import net from 'node:net'
import { parseArgs } from 'node:util'
import { encodeAction, loginPlain, logoff } from '../telephony/ami/action.ts'
import { AmiFramer } from '../telephony/ami/frame.ts'

export interface RecordOptions {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly secret: string
  readonly out: string
  /** Stop after this many seconds; undefined = until `stopSignal` fires. */
  readonly seconds?: number
  readonly stopSignal?: AbortSignal
  /** Called once the login is accepted (the CLI prints a line; tests start their traffic). */
  readonly onLoggedIn?: () => void
}

export interface RecordSummary {
  readonly bytes: number
  readonly reads: number
  readonly loggedIn: boolean
  readonly error?: string
}

function basePath(out: string): string {
  return out.endsWith('.raw') ? out.slice(0, -4) : out
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve))
}

export async function recordAmi(options: RecordOptions): Promise<RecordSummary> {
  const loginAction = loginPlain(options.username, options.secret, 'on')
  const logoffAction = logoff()
  const login = loginAction.ok ? encodeAction(loginAction.value, 'rec-login-1') : loginAction
  const bye = logoffAction.ok ? encodeAction(logoffAction.value, 'rec-logoff-1') : logoffAction
  if (!login.ok) return { bytes: 0, reads: 0, loggedIn: false, error: login.error.message }
  if (!bye.ok) return { bytes: 0, reads: 0, loggedIn: false, error: bye.error.message }
  const raw = createWriteStream(options.out)
  const timing = createWriteStream(`${basePath(options.out)}.timing.jsonl`)
  const sent: string[] = []
  const socket = net.connect({ host: options.host, port: options.port })
  const framer = new AmiFramer()
  const started = Date.now()
  let bytes = 0
  let reads = 0
  let loggedIn = false
  let error: string | undefined
  let stopTimer: ReturnType<typeof setTimeout> | undefined

  const send = (text: string, logged: string) => {
    sent.push(logged)
    socket.write(text)
  }
  const finish = () => {
    if (stopTimer !== undefined) clearTimeout(stopTimer)
    if (!socket.destroyed && loggedIn) {
      send(bye.value, bye.value)
      setTimeout(() => socket.destroy(), 2000).unref()
    } else {
      socket.destroy()
    }
  }
  options.stopSignal?.addEventListener('abort', finish, { once: true })

  socket.on('data', (chunk: Buffer) => {
    timing.write(`${JSON.stringify({ t_ms: Date.now() - started, offset: bytes, len: chunk.length })}\n`)
    raw.write(chunk)
    bytes += chunk.length
    reads++
    for (const frame of framer.push(chunk)) {
      if (frame.type === 'greeting') {
        send(login.value, login.value.replace(/^Secret: .*$/m, 'Secret: ***'))
        continue
      }
      const m = frame.message
      if (m.get('ActionID') !== 'rec-login-1' || m.kind !== 'response') continue
      if (m.get('Response')?.toLowerCase() === 'success') {
        loggedIn = true
        options.onLoggedIn?.()
        if (options.seconds !== undefined) stopTimer = setTimeout(finish, options.seconds * 1000)
      } else {
        error = `login refused: ${m.get('Message') ?? 'Response: Error'}`
        socket.end()
      }
    }
  })
  await new Promise<void>((resolve) => {
    socket.on('error', (e) => {
      error ??= e.message
    })
    socket.on('close', () => resolve())
  })
  if (stopTimer !== undefined) clearTimeout(stopTimer)
  options.stopSignal?.removeEventListener('abort', finish)
  await Promise.all([closeStream(raw), closeStream(timing)])
  writeFileSync(`${basePath(options.out)}.sent`, sent.join(''))
  return { bytes, reads, loggedIn, ...(error === undefined ? {} : { error }) }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5038' },
      username: { type: 'string' },
      secret: { type: 'string' },
      out: { type: 'string' },
      seconds: { type: 'string' },
    },
  })
  if (values.username === undefined || values.secret === undefined || values.out === undefined) {
    console.error(
      'usage: npm run ami:record -- --host H --port P --username U --secret S --out file.raw [--seconds N]',
    )
    process.exitCode = 64
    return
  }
  const abort = new AbortController()
  process.once('SIGINT', () => abort.abort())
  const summary = await recordAmi({
    host: values.host,
    port: Number(values.port),
    username: values.username,
    secret: values.secret,
    out: values.out,
    stopSignal: abort.signal,
    onLoggedIn: () => console.error('logged in; recording (Ctrl-C to stop)'),
    ...(values.seconds === undefined ? {} : { seconds: Number(values.seconds) }),
  })
  console.log(JSON.stringify({ out: values.out, ...summary }))
  if (!summary.loggedIn || summary.error !== undefined) process.exitCode = 1
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
