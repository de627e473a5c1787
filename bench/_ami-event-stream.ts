/**
 * Helper for bench/ami-ingest.ts: builds an Asterisk-20/22-style event stream and serves it over
 * loopback TCP from a child process, so the parser under test owns its process's event loop.
 *
 * Child mode: `node <this file> --serve <events>` prints the port, then for each connection sends the
 * greeting, answers the first action (Login) with Success, streams `<events>` events and ends.
 */
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { frameAll } from '../telephony/ami/frame.ts'
import { serializeFields } from '../telephony/ami/message.ts'

const LAB = new URL('../test/transcripts/asterisk-22-lab/02-single-answered.raw', import.meta.url)
/** Noise the bridge filters out in production (docs/ami-protocol.md §7); not part of the mix. */
const EXCLUDED = new Set(['VarSet', 'Newexten', 'Cdr', 'SuccessfulAuth', 'FullyBooted'])

/** One block of events: every other one a Newstate, the rest the lab's queue-call events in order. */
export function buildEventBlock(calls: number): Buffer {
  const lab = frameAll(readFileSync(LAB)).flatMap((f) =>
    f.type === 'message' && f.message.kind === 'event' ? [f.message] : [],
  )
  const callEvents = lab.filter((m) => !EXCLUDED.has(m.get('Event') ?? ''))
  const newstate = lab.find((m) => m.get('Event') === 'Newstate')
  if (newstate === undefined || callEvents.length === 0)
    throw new Error('lab capture lacks the events the bench copies')
  const parts: string[] = []
  for (let call = 0; call < calls; call++) {
    // Give each call its own ids so the stream is not one call repeated byte for byte.
    const seq = (n: string) =>
      n.replace(/1795668590\.(\d+)/g, (_, d: string) => `${1795668590 + call}.${Number(d) + call * 7}`)
    for (const m of callEvents) {
      parts.push(serializeFields(newstate.fields.map(([k, v]) => [k, seq(v)] as const)))
      parts.push(serializeFields(m.fields.map(([k, v]) => [k, seq(v)] as const)))
    }
  }
  return Buffer.from(parts.join(''), 'utf8')
}

export function countEvents(block: Buffer): number {
  let n = 0
  for (let i = block.indexOf('\r\n\r\n'); i !== -1; i = block.indexOf('\r\n\r\n', i + 4)) n++
  return n
}

function serve(totalEvents: number): void {
  const block = buildEventBlock(20)
  const perBlock = countEvents(block)
  const server = net.createServer((socket) => {
    socket.setNoDelay(true)
    socket.on('error', () => undefined)
    socket.write('Asterisk Call Manager/9.0.0\r\n')
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const end = buffered.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      const id = /actionid: *([^\r\n]*)/i.exec(buffered.slice(0, end))?.[1] ?? ''
      socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`)
      stream(socket)
    }
    socket.on('data', onData)
  })
  const stream = (socket: net.Socket) => {
    let sent = 0
    const pump = () => {
      while (sent < totalEvents) {
        if (totalEvents - sent >= perBlock) {
          sent += perBlock
          if (!socket.write(block)) return void socket.once('drain', pump)
        } else {
          // The tail: whole events from the start of the block.
          let at = 0
          for (; sent < totalEvents; sent++) at = block.indexOf('\r\n\r\n', at) + 4
          socket.write(block.subarray(0, at))
        }
      }
      // Keep the socket open: clients stop when they have counted every event.
    }
    pump()
  }
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`)
  })
  process.on('disconnect', () => process.exit(0))
  process.stdin.on('end', () => process.exit(0))
  process.stdin.resume()
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--serve')
  serve(Number(process.argv[3]))
