import { describe, expect, it } from 'vitest'
import { AmiFramer, type AmiFrame } from '../../../../telephony/ami/frame.ts'
import { parseMessageText, serializeFields } from '../../../../telephony/ami/message.ts'
import { messagesOf, transcript, transcriptNames } from './transcript-bytes.ts'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { TRANSCRIPTS } from './transcript-bytes.ts'

function frameFile(name: string): { frames: AmiFrame[]; leftover: number; tail: AmiFrame[] } {
  const framer = new AmiFramer()
  const frames = framer.push(transcript(name))
  const leftover = framer.leftover
  return { frames, leftover, tail: framer.finish() }
}

// Counts were checked against an independent split of each file on blank lines (python re.split),
// and the lab ones against asterisk-22-lab/README.md ("162 messages").
const EXPECTED: Record<string, { greeting?: string; messages: number; unterminatedTail: boolean }> = {
  'asterisk-docs-amiv2__blind-transfer-dtmf__example.txt': { messages: 5, unterminatedTail: true },
  'asterisk-docs-amiv2__channel-lifetime-newchannel-newstate-hangup__example.txt': {
    messages: 2,
    unterminatedTail: true,
  },
  'asterisk-docs-amiv2__dial-success-failed-parallel__example.txt': { messages: 2, unterminatedTail: true },
  'asterisk-docs-amiv2__local-channel-optimization__example.txt': { messages: 5, unterminatedTail: true },
  'asterisk-docs-amiv2__two-party-bridge__example.txt': { messages: 3, unterminatedTail: true },
  'asterisk-issue-395__queuepause-pause-unpause-with-reason__ast20.5.txt': {
    messages: 3,
    unterminatedTail: true,
  },
  'asterisk-java-issue-185__command-output-headers__ast14plus.txt': { messages: 0, unterminatedTail: true },
  'goami2__basic-call-dial-bridge-hangup__ast13.txt': { messages: 49, unterminatedTail: false },
  'goami2__queuepause-unpause-and-pause-with-reason__ast13.txt': { messages: 9, unterminatedTail: false },
  'goami2__queuestatus-lists-interleaved-with-actions__ast13.txt': { messages: 42, unterminatedTail: false },
  'panoramisk__command-core-show-channels-follows__pre14.txt': { messages: 2, unterminatedTail: false },
  'panoramisk__command-follows-end-command__ast11.txt': { messages: 2, unterminatedTail: false },
  'panoramisk__login-failed__ast11.txt': { greeting: '1.3', messages: 2, unterminatedTail: false },
  'panoramisk__login-md5-challenge__ast18.txt': { greeting: '7.0.3', messages: 2, unterminatedTail: false },
  'panoramisk__login-ok__ast11.txt': { greeting: '1.3', messages: 3, unterminatedTail: false },
  'panoramisk__logoff.txt': { messages: 2, unterminatedTail: false },
  'panoramisk__member-state-queuememberstatus__xivo-ast11.txt': { messages: 60, unterminatedTail: true },
  'panoramisk__originate-sync-local-channel-with-events__xivo-ast11.txt': {
    messages: 749,
    unterminatedTail: true,
  },
  'panoramisk__ping-response.txt': { messages: 1, unterminatedTail: false },
  'panoramisk__pjsipshowendpoint-eventlist.txt': { messages: 6, unterminatedTail: true },
  'panoramisk__queueadd-response.txt': { messages: 1, unterminatedTail: false },
  'panoramisk__queuestatus-list__xivo-ast11.txt': { messages: 9, unterminatedTail: false },
  'panoramisk__sipnotify-action-repeated-variable.txt': { messages: 2, unterminatedTail: false },
  'asterisk-22-lab/02-single-answered.raw': { greeting: '11.0.0', messages: 162, unterminatedTail: false },
  'asterisk-22-lab/05a-mid-traffic-status-events-off.raw': {
    greeting: '11.0.0',
    messages: 75,
    unterminatedTail: false,
  },
  'asterisk-22-lab/06-wrong-secret.raw': { greeting: '11.0.0', messages: 1, unterminatedTail: false },
}

describe('every transcript frames into the expected messages', () => {
  it('covers every transcript file in test/transcripts', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(transcriptNames())
  })

  for (const name of transcriptNames()) {
    it(name, () => {
      const want = EXPECTED[name]
      if (want === undefined) throw new Error(`no expectation for ${name}`)
      const { frames, leftover, tail } = frameFile(name)
      const greeting = frames.find((f) => f.type === 'greeting')
      expect(greeting?.type === 'greeting' ? greeting.version : undefined).toBe(want.greeting)
      expect(messagesOf(frames)).toHaveLength(want.messages)
      // A file whose last message lacks its blank line leaves bytes over; finish() turns them into one message.
      expect(leftover > 0).toBe(want.unterminatedTail)
      expect(tail).toHaveLength(want.unterminatedTail ? 1 : 0)
    })
  }
})

describe('asterisk-22-lab captures (Asterisk 22.10.1)', () => {
  const single = messagesOf(frameFile('asterisk-22-lab/02-single-answered.raw').frames)

  it('02: login response first, then 160 events and the Goodbye', () => {
    expect(single[0]?.get('Message')).toBe('Authentication accepted')
    expect(single[0]?.get('actionid')).toBe('rec-login-1')
    expect(single.filter((m) => m.kind === 'event')).toHaveLength(160)
    expect(single.at(-1)?.get('Response')).toBe('Goodbye')
    const names = single.map((m) => m.get('Event'))
    expect(names.filter((n) => n === 'VarSet')).toHaveLength(80)
    expect(names.filter((n) => n === 'Newstate')).toHaveLength(5)
    expect(names.filter((n) => n === 'AgentConnect')).toHaveLength(1)
  })

  it('02: AgentCalled keeps UTF-8 names, Dest* fields and empty AccountCode', () => {
    const called = single.find((m) => m.get('Event') === 'AgentCalled')
    expect(called?.get('MemberName')).toBe('Emre Şahin')
    expect(called?.get('Interface')).toBe('Local/1004@agents/n')
    expect(called?.get('Queue')).toBe('cagri-merkezi')
    expect(called?.get('DestAccountCode')).toBe('')
    expect(called?.get('CallerIDNum')).toBe('+905465799768')
    expect(called?.get('DestUniqueid')).toBe('1795668590.348')
  })

  it('02: identifiers stay strings with their exact digits', () => {
    const join = single.find((m) => m.get('Event') === 'QueueCallerJoin')
    expect(join?.get('Linkedid')).toBe('1795668590.346')
    expect(join?.get('Position')).toBe('1')
  })

  it('05a: QueueStatus list with EventList start … Complete and the UTF-8 member names', () => {
    const msgs = messagesOf(frameFile('asterisk-22-lab/05a-mid-traffic-status-events-off.raw').frames)
    const first = msgs.filter((m) => m.get('ActionID') === 'rec-queuestatus-1')
    expect(first[0]?.get('EventList')).toBe('start')
    expect(first.at(-1)?.get('Event')).toBe('QueueStatusComplete')
    expect(first.at(-1)?.get('ListItems')).toBe('12')
    expect(first.slice(1, -1)).toHaveLength(12)
    const names = first.filter((m) => m.get('Event') === 'QueueMember').map((m) => m.get('Name'))
    expect(names).toContain('Gülşen Doğan')
    expect(msgs.filter((m) => m.get('Event') === 'CoreShowChannel')).toHaveLength(18 + 16)
  })

  it('06: wrong secret gives Authentication failed', () => {
    const msgs = messagesOf(frameFile('asterisk-22-lab/06-wrong-secret.raw').frames)
    expect(msgs.map((m) => [m.get('Response'), m.get('Message')])).toEqual([
      ['Error', 'Authentication failed'],
    ])
  })
})

describe('public transcripts: field values', () => {
  it('repeated keys keep their order (ChanVariable in goami2, Variable in an action)', () => {
    const msgs = messagesOf(frameFile('goami2__basic-call-dial-bridge-hangup__ast13.txt').frames)
    const withVars = msgs.find((m) => m.getAll('ChanVariable').length > 1)
    expect(withVars?.getAll('chanvariable').every((v) => v.includes('='))).toBe(true)
    const notify = messagesOf(frameFile('panoramisk__sipnotify-action-repeated-variable.txt').frames)[0]
    expect(notify?.getAll('Variable')).toHaveLength(7)
  })

  it('Command 14+ output: repeated Output, "Output:" without space, values with ": "', () => {
    const [msg] = frameFile('asterisk-java-issue-185__command-output-headers__ast14plus.txt').tail
    if (msg?.type !== 'message') throw new Error('expected a message')
    expect(msg.message.getAll('Output')).toEqual(['key  : /family1/key1', '', 'key  : /family2/key2', ''])
  })

  it('old Response: Follows keeps the body raw, blank-free here, through --END COMMAND--', () => {
    const [, follows] = messagesOf(
      frameFile('panoramisk__command-core-show-channels-follows__pre14.txt').frames,
    )
    expect(follows?.get('Response')).toBe('Follows')
    expect(follows?.get('ActionID')).toBe('generated_id')
    expect(follows?.rawLines.at(-1)).toBe('--END COMMAND--')
    expect(follows?.rawLines).toContain('2 calls processed')
  })

  it('goami2 Follows without --END COMMAND-- does not swallow the lists after it', () => {
    const msgs = messagesOf(frameFile('goami2__queuestatus-lists-interleaved-with-actions__ast13.txt').frames)
    const follows = msgs.find((m) => m.get('Response') === 'Follows')
    expect(follows?.fields).toEqual([
      ['Response', 'Follows'],
      ['Privilege', 'Command'],
      ['ActionID', 'bef2eb20211b9@okon.ferry.sip.com'],
    ])
    expect(msgs.filter((m) => m.get('Event') === 'QueueStatusComplete').length).toBeGreaterThan(0)
  })

  it('goami2 anomaly: a missing blank line merges two messages (documented, no crash)', () => {
    const msgs = messagesOf(frameFile('goami2__queuestatus-lists-interleaved-with-actions__ast13.txt').frames)
    const merged = msgs.find((m) => m.get('Event') === 'QueueStatusComplete' && m.has('Response'))
    expect(merged?.get('ListItems')).toBe('3')
    expect(merged?.get('Response')).toBe('Success')
    // Both ActionIDs are kept; get() returns the first (the list's), getAll() both.
    expect(merged?.getAll('ActionID')).toHaveLength(2)
    expect(merged?.kind).toBe('event')
    const call = messagesOf(frameFile('goami2__basic-call-dial-bridge-hangup__ast13.txt').frames)
    const mergedPairs = call.filter((m) => m.getAll('Event').length === 2).map((m) => m.getAll('Event'))
    expect(mergedPairs).toEqual([
      ['Newexten', 'DialEnd'],
      ['Newexten', 'Newexten'],
    ])
  })

  it('login failure in Asterisk 11 has Message before ActionID', () => {
    const [, resp] = messagesOf(frameFile('panoramisk__login-failed__ast11.txt').frames)
    expect(resp?.keys).toEqual(['Response', 'Message', 'ActionID'])
    expect(resp?.get('Message')).toBe('Authentication failed')
  })

  it('MD5 challenge response carries the Challenge', () => {
    const [, resp] = messagesOf(frameFile('panoramisk__login-md5-challenge__ast18.txt').frames)
    expect(resp?.get('Challenge')).toBe('145769581')
  })
})

describe('cacofonisk JSON (pre-parsed by panoramisk) round-trips through serialise → frame', () => {
  const files = readdirSync(TRANSCRIPTS).filter(
    (f) => f.startsWith('cacofonisk__') && f.endsWith('__ami2.json'),
  )
  it('has the seven cacofonisk files', () => expect(files).toHaveLength(7))
  for (const file of files) {
    it(file, () => {
      const events = JSON.parse(readFileSync(join(TRANSCRIPTS, file), 'utf8')) as Array<
        Record<string, string>
      >
      // `content` is panoramisk's own key, not an AMI field; Event goes first as on the wire.
      const wire = events.map((e) => {
        const fields = Object.entries(e).filter(([k]) => k !== 'content')
        fields.sort(([a], [b]) => (a === 'Event' ? -1 : b === 'Event' ? 1 : 0))
        return serializeFields(fields)
      })
      const framer = new AmiFramer({ expectGreeting: false })
      const msgs = messagesOf(framer.push(Buffer.from(wire.join(''), 'utf8')))
      expect(msgs).toHaveLength(events.length)
      msgs.forEach((m, i) => {
        const { content: _content, ...want } = events[i] as Record<string, string>
        expect(Object.fromEntries(m.fields)).toEqual(want)
        expect(m.kind).toBe('event')
      })
      expect(parseMessageText(wire[0] ?? '').get('Event')).toBe(events[0]?.Event)
    })
  }
})
