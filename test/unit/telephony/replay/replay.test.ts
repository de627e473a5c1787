import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCaptureFile, parseRawCapture } from '../../../../telephony/cli/capture.ts'
import { replayCapture } from '../../../../telephony/cli/replay-core.ts'
import { TRANSCRIPTS } from '../events/transcripts.ts'

const ROOT = join(import.meta.dirname, '../../../..')

/** Each capture with queue traffic, the clock to replay it at, and the expected document beside it. */
const CASES = [
  {
    capture: 'asterisk-22-lab/02-single-answered.raw',
    at: '2026-11-26T04:49:49Z',
    expected: 'asterisk-22-lab.02-single-answered.expected.json',
  },
  {
    capture: 'asterisk-22-lab/05a-mid-traffic-status-events-off.raw',
    at: '2026-11-26T04:46:55Z',
    expected: 'asterisk-22-lab.05a-mid-traffic-status-events-off.expected.json',
  },
  {
    capture: 'pano-derived__agentcomplete-caller-gone__ast22.raw',
    at: '2026-11-26T04:49:49Z',
    expected: 'pano-derived__agentcomplete-caller-gone__ast22.expected.json',
  },
  {
    capture: 'cacofonisk__queue-abandon-queuecallerabandon__ami2.json',
    at: '2020-03-27T14:15:45Z',
    expected: 'cacofonisk__queue-abandon-queuecallerabandon__ami2.expected.json',
  },
]

function replay(capture: string, at: string) {
  const {
    finishedCalls: _c,
    pauses: _p,
    ...doc
  } = replayCapture(loadCaptureFile(join(TRANSCRIPTS, capture), Date.parse(at)), {
    at: Date.parse(at),
  })
  return doc
}

describe('replay of stored captures', () => {
  it.each(CASES)('$capture gives $expected', ({ capture, at, expected }) => {
    const want: unknown = JSON.parse(readFileSync(join(TRANSCRIPTS, expected), 'utf8'))
    expect(replay(capture, at)).toEqual(want)
  })

  it('counts the lab call as offered 1, answered 1 by Emre Şahin after about 2 s', () => {
    const doc = replay('asterisk-22-lab/02-single-answered.raw', '2026-11-26T04:49:49Z')
    expect(doc.amiVersion).toBe('11.0.0')
    expect(doc.queues['cagri-merkezi']).toMatchObject({
      offered: 1,
      answered: 1,
      abandoned: 0,
      serviceLevelPct: 100,
    })
    expect(doc.agents['Emre Şahin']).toMatchObject({ answered: 1, missed: 0 })
    expect(doc.calls).toEqual([
      expect.objectContaining({ callerNumber: '+905465799768', outcome: 'answered', agent: 'Emre Şahin' }),
    ])
    expect(doc.calls[0]?.waitSec).toBeCloseTo(2, 1)
    expect(doc.decodeErrors).toBe(0)
  })

  it('matches an AgentComplete without the caller fields (caller gone first) by queue and member', () => {
    const doc = replay('pano-derived__agentcomplete-caller-gone__ast22.raw', '2026-11-26T04:49:49Z')
    expect(doc.decodeErrors).toBe(0)
    expect(doc.calls).toEqual([
      expect.objectContaining({ outcome: 'answered', agent: 'Emre Şahin', waitSec: 2, talkSec: 6 }),
    ])
    expect(doc.agents['Emre Şahin']).toMatchObject({ answered: 1, talkSec: 6 })
  })

  it('gives the same counts without the timing file, from the events own HoldTime/TalkTime', () => {
    const bytes = readFileSync(join(TRANSCRIPTS, 'asterisk-22-lab/02-single-answered.raw'))
    const doc = replayCapture(parseRawCapture(bytes), { at: 0 })
    expect(doc.calls.map((c) => [c.outcome, c.waitSec, c.talkSec])).toEqual([['answered', 2, 6]])
  })
})

describe('replay CLI', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'telephony/cli/replay.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    })

  it('prints exactly one JSON document for a capture', () => {
    const r = run('test/transcripts/asterisk-22-lab/02-single-answered.raw', '--at', '2026-11-26T04:49:49Z')
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const want: unknown = JSON.parse(readFileSync(join(TRANSCRIPTS, CASES[0]!.expected), 'utf8'))
    expect(JSON.parse(r.stdout)).toEqual(want)
  })

  it('fails with a clear message for a missing file', () => {
    const r = run('test/transcripts/no-such-capture.raw')
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain('capture file not found: test/transcripts/no-such-capture.raw')
    expect(r.stdout).toBe('')
  })
})
