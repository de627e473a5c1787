import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { frameAll } from '../../../telephony/ami/frame.ts'
import { recordAmi } from '../../../scripts/record-ami.ts'
import { FakeAmiServer } from '../../fakes/fake-ami-server.ts'

const dirs: string[] = []
const servers: FakeAmiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function setup(authFailDelayMs = 10) {
  const server = await FakeAmiServer.start({ authFailDelayMs })
  servers.push(server)
  const dir = mkdtempSync(join(tmpdir(), 'pano-record-'))
  dirs.push(dir)
  return { server, out: join(dir, 'cap.raw') }
}

describe('scripts/record-ami.ts', () => {
  it('writes the raw bytes (greeting first), a timing line per read and sends only Login and Logoff', async () => {
    const { server, out } = await setup()
    const abort = new AbortController()
    const summary = await recordAmi({
      host: '127.0.0.1',
      port: server.port,
      username: 'pano',
      secret: 'pano-secret',
      out,
      stopSignal: abort.signal,
      onLoggedIn: () => {
        server.broadcast([
          ['Event', 'Newstate'],
          ['Channel', 'Local/s@incoming-000000ad;2'],
          ['CallerIDName', 'Gülşen Doğan'],
        ])
        server.broadcast([
          ['Event', 'Hangup'],
          ['Cause', '16'],
        ])
        // The server writes the events before it can read the Logoff, so they precede the Goodbye.
        abort.abort()
      },
    })
    expect(summary).toMatchObject({ loggedIn: true })
    const raw = readFileSync(out)
    expect(raw.subarray(0, 30).toString()).toBe('Asterisk Call Manager/11.0.0\r\n')
    const frames = frameAll(raw)
    const events = frames.flatMap((f) =>
      f.type === 'message' && f.message.kind === 'event' ? [f.message.get('Event')] : [],
    )
    expect(events).toEqual(['FullyBooted', 'Newstate', 'Hangup'])
    expect(frames.at(-1)?.type === 'message' && frames.at(-1)).toMatchObject({
      message: { values: ['Goodbye', 'rec-logoff-1', 'Thanks for all the fish.'] },
    })
    const timing = readFileSync(join(out, '..', 'cap.timing.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t_ms: number; offset: number; len: number })
    expect(timing.reduce((sum, t) => sum + t.len, 0)).toBe(raw.length)
    timing.forEach((t, i) =>
      expect(t.offset).toBe(i === 0 ? 0 : (timing[i - 1]?.offset ?? 0) + (timing[i - 1]?.len ?? 0)),
    )
    expect(server.received.map((r) => r.action.get('Action'))).toEqual(['Login', 'Logoff'])
    expect(server.actionsNamed('Login')[0]?.get('Events')).toBe('on')
    const sent = readFileSync(join(out, '..', 'cap.sent'), 'utf8')
    expect(sent).toContain('Secret: ***')
    expect(sent).not.toContain('pano-secret')
  })

  it('reports a refused login and stops', async () => {
    const { server, out } = await setup()
    const summary = await recordAmi({
      host: '127.0.0.1',
      port: server.port,
      username: 'pano',
      secret: 'wrong',
      out,
      seconds: 5,
    })
    expect(summary.loggedIn).toBe(false)
    expect(summary.error).toBe('login refused: Authentication failed')
    expect(frameAll(readFileSync(out)).length).toBe(2)
  })
})
