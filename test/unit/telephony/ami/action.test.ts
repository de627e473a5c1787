import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as A from '../../../../telephony/ami/action.ts'
import type { ActionResult, AmiAction } from '../../../../telephony/ami/action.ts'
import { parseMessageText } from '../../../../telephony/ami/message.ts'
import { isPanoSpyLeg, spyLegIds } from '../../../../telephony/index.ts'

function built(result: ActionResult): AmiAction {
  if (!result.ok) throw result.error
  return result.value
}
function wire(result: ActionResult, id = 'pano-1'): string {
  const encoded = A.encodeAction(built(result), id)
  if (!encoded.ok) throw encoded.error
  return encoded.value
}
function refusal(result: ActionResult): string {
  if (result.ok) {
    const encoded = A.encodeAction(result.value, 'pano-1')
    if (encoded.ok) throw new Error(`accepted: ${JSON.stringify(encoded.value)}`)
    return encoded.error.message
  }
  return result.error.message
}
function dataRefusal(result: ReturnType<typeof A.chanSpyData>): string {
  if (result.ok) throw new Error(`accepted: ${result.value}`)
  return result.error.message
}

describe('encodeAction', () => {
  it('writes Action, ActionID, the fields in order, CRLF and the blank line', () => {
    expect(
      wire(
        A.queuePause({
          interface: 'Local/1001@agents/n',
          paused: true,
          queue: 'cagri-merkezi',
          reason: 'Mola',
        }),
      ),
    ).toBe(
      'Action: QueuePause\r\nActionID: pano-1\r\nInterface: Local/1001@agents/n\r\nPaused: true\r\nQueue: cagri-merkezi\r\nReason: Mola\r\n\r\n',
    )
  })

  it.each([
    ['CRLF smuggling a second action', '2001\r\n\r\nAction: Hangup'],
    ['CRLF adding a header', '2001\r\nAction: Hangup'],
    ['bare LF', 'a\nb'],
    ['lone CR', 'a\rb'],
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['ESC', '\u001b[31m'],
    ['DEL', 'a\u007f'],
  ])('refuses %s in a value', (_label, value) => {
    const r = A.encodeAction({ name: 'QueuePause', fields: [['Reason', value]] }, 'x-1')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toBe('Reason')
  })

  it.each([['Bad Name'], ['X:Y'], [''], ['Key\r\n'], ['9lives']])('refuses field name %j', (name) => {
    expect(A.encodeAction({ name: 'Ping', fields: [[name, 'v']] }, 'x-1').ok).toBe(false)
  })

  it('refuses a control character in the ActionID or the action name, and Action/ActionID given as fields', () => {
    expect(A.encodeAction({ name: 'Ping', fields: [] }, 'x\r\n1').ok).toBe(false)
    expect(A.encodeAction({ name: 'Ping\r\nAction: Command', fields: [] }, 'x-1').ok).toBe(false)
    expect(A.encodeAction({ name: 'Ping', fields: [['actionid', 'y']] }, 'x-1').ok).toBe(false)
    expect(A.encodeAction({ name: 'Ping', fields: [['Action', 'Command']] }, 'x-1').ok).toBe(false)
  })

  it('refuses lines over 1024 bytes and more than 128 headers (Asterisk limits)', () => {
    expect(A.encodeAction({ name: 'UserEvent', fields: [['Body', 'x'.repeat(1100)]] }, 'x-1').ok).toBe(false)
    const many = Array.from({ length: 130 }, (_, i) => [`H${i}`, 'v'] as const)
    expect(A.encodeAction({ name: 'UserEvent', fields: many }, 'x-1').ok).toBe(false)
  })

  it('whatever the values, accepted output is exactly the given fields (no header can be added)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('Reason', 'Exten', 'CallerID'),
            fc.string({ unit: 'binary', maxLength: 30 }),
          ),
          { maxLength: 6 },
        ),
        (fields) => {
          const r = A.encodeAction({ name: 'Test', fields }, 'x-1')
          if (!r.ok) return
          const parsed = parseMessageText(r.value)
          expect(parsed.fields).toEqual([['Action', 'Test'], ['ActionID', 'x-1'], ...fields])
          expect(r.value.indexOf('\r\n\r\n')).toBe(r.value.length - 4)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('createActionIdAllocator', () => {
  it('counts up with the prefix and refuses unsafe prefixes', () => {
    const next = A.createActionIdAllocator('pbx1-a1b2')
    expect([next(), next(), next()]).toEqual(['pbx1-a1b2-1', 'pbx1-a1b2-2', 'pbx1-a1b2-3'])
    expect(() => A.createActionIdAllocator('bad\r\nprefix')).toThrow(TypeError)
  })
})

describe('builders', () => {
  it('Login plain and MD5 (Key = md5 hex of challenge + secret)', () => {
    expect(built(A.loginPlain('dashboard', 's3cret', 'off')).fields).toEqual([
      ['Username', 'dashboard'],
      ['Secret', 's3cret'],
      ['Events', 'off'],
    ])
    expect(built(A.challenge()).fields).toEqual([['AuthType', 'MD5']])
    const key = createHash('md5').update('145769581s3cret').digest('hex')
    expect(A.md5Key('145769581', 's3cret')).toBe(key)
    expect(built(A.loginMd5('dashboard', '145769581', 's3cret')).fields).toEqual([
      ['AuthType', 'MD5'],
      ['Username', 'dashboard'],
      ['Key', key],
    ])
    expect(A.redactedFields(built(A.loginPlain('u', 's3cret')))).toEqual([
      ['Username', 'u'],
      ['Secret', '***'],
    ])
  })

  it('simple and list actions', () => {
    expect(wire(A.ping(), 'p-9')).toBe('Action: Ping\r\nActionID: p-9\r\n\r\n')
    expect(wire(A.logoff())).toContain('Action: Logoff\r\n')
    expect(built(A.events(['call', 'agent'])).fields).toEqual([['EventMask', 'call,agent']])
    expect(built(A.events('off')).fields).toEqual([['EventMask', 'off']])
    expect(built(A.queueStatus({ queue: 'santral' })).fields).toEqual([['Queue', 'santral']])
    expect(built(A.queueStatus()).fields).toEqual([])
    expect(built(A.queueSummary()).name).toBe('QueueSummary')
    expect(built(A.coreShowChannels()).name).toBe('CoreShowChannels')
    expect(built(A.deviceStateList()).name).toBe('DeviceStateList')
    expect(built(A.extensionStateList()).name).toBe('ExtensionStateList')
  })

  it('QueuePause unpause without queue; QueueAdd / QueueRemove', () => {
    expect(built(A.queuePause({ interface: 'PJSIP/1001', paused: false })).fields).toEqual([
      ['Interface', 'PJSIP/1001'],
      ['Paused', 'false'],
    ])
    expect(
      built(
        A.queueAdd({
          queue: 'santral',
          interface: 'Local/3001@operators/n',
          memberName: 'Operatör Fatma Kaya',
          penalty: 0,
        }),
      ).fields,
    ).toContainEqual(['MemberName', 'Operatör Fatma Kaya'])
    expect(
      built(A.queueRemove({ queue: 'santral', interface: 'Local/3001@operators/n' })).fields,
    ).toHaveLength(2)
    expect(
      refusal(A.queueAdd({ queue: 'santral', interface: 'Local/3001@operators/n', penalty: -1 })),
    ).toMatch(/Penalty/)
    expect(refusal(A.queuePause({ interface: 'x', paused: true }))).toMatch(/Interface/)
  })

  it('Redirect, BlindTransfer, Atxfer validate channel names and targets', () => {
    expect(
      built(A.redirect({ channel: 'PJSIP/1001-0000002a', context: 'departments', exten: '2001' })).fields,
    ).toEqual([
      ['Channel', 'PJSIP/1001-0000002a'],
      ['Context', 'departments'],
      ['Exten', '2001'],
      ['Priority', '1'],
    ])
    expect(
      built(
        A.blindTransfer({ channel: 'Local/1004@agents-000000ae;1', exten: '2002', context: 'departments' }),
      ).name,
    ).toBe('BlindTransfer')
    expect(built(A.atxfer({ channel: 'PJSIP/1001-0000002a', exten: '2003' })).name).toBe('Atxfer')
    expect(refusal(A.blindTransfer({ channel: 'PJSIP/1001', exten: '2001\r\nAction: Hangup' }))).toMatch(
      /Exten/,
    )
    expect(refusal(A.redirect({ channel: '/.*/', context: 'x', exten: '1' }))).toMatch(/Channel/)
  })

  it('Hangup takes an exact channel only: a leading "/" (regex) is refused', () => {
    expect(built(A.hangup('PJSIP/1001-0000002a', 16)).fields).toEqual([
      ['Channel', 'PJSIP/1001-0000002a'],
      ['Cause', '16'],
    ])
    expect(refusal(A.hangup('/.*/'))).toMatch(/regex/)
    expect(refusal(A.hangup('/PJSIP/'))).toMatch(/regex/)
    expect(refusal(A.hangup('PJSIP/1001 extra'))).toMatch(/Channel/)
    expect(refusal(A.hangup('PJSIP/1', 999))).toMatch(/Cause/)
  })

  it('Originate is always Async and validates number, channel, context and variables', () => {
    const fields = built(
      A.originate({
        channel: 'Local/1001@click2call-agent',
        context: 'click2call-dest',
        exten: '+905321234567',
        callerId: '"Pano" <1001>',
        variables: { CRM_TICKET: '12345' },
      }),
    ).fields
    expect(fields).toContainEqual(['Async', 'true'])
    expect(fields).toContainEqual(['Variable', 'CRM_TICKET=12345'])
    expect(fields).toContainEqual(['Timeout', '30000'])
    const base = { channel: 'Local/1001@agents', context: 'dest' }
    expect(refusal(A.originate({ ...base, exten: '2001\r\nAction: Hangup' }))).toMatch(/Exten/)
    expect(refusal(A.originate({ ...base, exten: '0532 123' }))).toMatch(/Exten/)
    expect(refusal(A.originate({ ...base, exten: '1'.repeat(33) }))).toMatch(/Exten/)
    expect(refusal(A.originate({ ...base, channel: 'DAHDI/g1/0532', exten: '1' }))).toMatch(/Channel/)
    expect(refusal(A.originate({ ...base, context: 'a b', exten: '1' }))).toMatch(/Context/)
    expect(refusal(A.originate({ ...base, exten: '1', variables: { A: '1,B=2' } }))).toMatch(/comma/)
    expect(built(A.originate({ ...base, exten: '1', variables: { A: '1\\,2' } })).fields).toContainEqual([
      'Variable',
      'A=1\\,2',
    ])
    expect(refusal(A.originate({ ...base, exten: '1', variables: { 'A B': '1' } }))).toMatch(/Variable/)
    const strict = { channelPatterns: [/^Local\/[0-9]{4}@agents$/], contextPatterns: [/^click2call-dest$/] }
    expect(A.originate({ ...base, exten: '1' }, strict).ok).toBe(false)
    expect(
      A.originate({ channel: 'Local/1001@agents', context: 'click2call-dest', exten: '1' }, strict).ok,
    ).toBe(true)
  })
  it('Originate to ChanSpy: Application and Data instead of Context and Exten, options in one order', () => {
    const data = A.chanSpyData('Local/1004@agents-0000000a;1', ['E', 'w', 'q'])
    expect(data).toEqual({ ok: true, value: 'Local/1004@agents-0000000a;1,qwE' })
    const fields = built(
      A.originate({ channel: 'Local/1009@agents', application: 'ChanSpy', data: 'PJSIP/1001-0000002a,qBE' }),
    ).fields
    expect(fields).toEqual([
      ['Channel', 'Local/1009@agents'],
      ['Application', 'ChanSpy'],
      ['Data', 'PJSIP/1001-0000002a,qBE'],
      ['Timeout', '30000'],
      ['Async', 'true'],
    ])
    expect(dataRefusal(A.chanSpyData('PJSIP/1001,x', ['q']))).toMatch(/separator/)
    expect(dataRefusal(A.chanSpyData('PJSIP/1001-1 ', ['q']))).toMatch(/Data/)
    expect(dataRefusal(A.chanSpyData('PJSIP/1001-1', ['w', 'B']))).toMatch(/exclude/)
    expect(dataRefusal(A.chanSpyData('PJSIP/1001-1', ['x' as A.ChanSpyOption]))).toMatch(/option/)
    const spy = { channel: 'Local/1009@agents', application: 'ChanSpy' as const }
    expect(refusal(A.originate({ ...spy, data: 'PJSIP/1001-1,qX(/tmp)' }))).toMatch(/Data/)
    expect(refusal(A.originate({ ...spy, data: 'PJSIP/1001-1,q,extra' }))).toMatch(/Data/)
    expect(refusal(A.originate({ ...spy, application: 'System' as 'ChanSpy', data: 'PJSIP/1-1,q' }))).toMatch(
      /Application/,
    )
  })

  it('Originate to ChanSpy names Pano’s listening leg on the wire: ChannelId and OtherChannelId', () => {
    const session = '0b6f1c2e-5d4a-4f3b-9c8d-7e6f5a4b3c2d'
    const text = wire(
      A.originate({
        channel: 'Local/1009@agents',
        application: 'ChanSpy',
        data: 'Local/1004@agents-0000000a;1,qE',
        ...spyLegIds(session),
      }),
      'pano-7',
    )
    expect(text).toContain(`\r\nChannelId: pano-spy-${session}\r\n`)
    expect(text).toContain(`\r\nOtherChannelId: pano-spy-${session}-2\r\n`)
    // One action: the ids add header lines, never another action.
    expect(text.match(/^Action: /gm)).toHaveLength(1)
    const spy = { channel: 'Local/1009@agents', application: 'ChanSpy' as const, data: 'PJSIP/1-1,q' }
    expect(refusal(A.originate({ ...spy, channelId: 'pano-spy-1\r\nAction: Hangup' }))).toMatch(/ChannelId/)
    expect(refusal(A.originate({ ...spy, channelId: 'a', otherChannelId: 'b;2' }))).toMatch(/OtherChannelId/)
  })
})

describe('Pano’s listening leg (telephony/spy-leg.ts)', () => {
  it('names both halves after the session with one prefix, and knows them from Asterisk’s own ids', () => {
    const ids = spyLegIds('0b6f1c2e-5d4a-4f3b-9c8d-7e6f5a4b3c2d')
    expect(ids).toEqual({
      channelId: 'pano-spy-0b6f1c2e-5d4a-4f3b-9c8d-7e6f5a4b3c2d',
      otherChannelId: 'pano-spy-0b6f1c2e-5d4a-4f3b-9c8d-7e6f5a4b3c2d-2',
    })
    expect(isPanoSpyLeg(ids.channelId)).toBe(true)
    expect(isPanoSpyLeg(ids.otherChannelId)).toBe(true)
    // Asterisk's Uniqueids: `<epoch>.<seq>`, or `<systemname>-<epoch>.<seq>` whatever the system's name.
    for (const asterisk of ['1764925200.42', 'pano-1764925200.42', 'pano-spy-1764925200.42'])
      expect(isPanoSpyLeg(asterisk), asterisk).toBe(false)
    for (const other of ['', 'pano-spy', 'PANO-SPY-x', 'x-pano-spy-1', undefined, null])
      expect(isPanoSpyLeg(other), String(other)).toBe(false)
    expect(() => spyLegIds('a.b')).toThrow(/session id/)
    expect(() => spyLegIds('a;b')).toThrow(/session id/)
  })
})
