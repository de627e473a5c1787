import { describe, expect, it } from 'vitest'
import {
  AmiMessage,
  parseMessageText,
  serializeFields,
  unescapeC,
} from '../../../../telephony/ami/message.ts'

describe('parseMessageText', () => {
  it.each([
    ['empty value with trailing space', 'AccountCode: \r\n', [['AccountCode', '']]],
    ['Key: without a space', 'Output:\r\n', [['Output', '']]],
    ['Key:value without a space', 'Key:value\r\n', [['Key', 'value']]],
    ['value containing ": " split at the first colon only', 'AppData: a: b: c\r\n', [['AppData', 'a: b: c']]],
    ['value keeps its own leading spaces beyond the first', 'Data:   x\r\n', [['Data', '  x']]],
    [
      'bare LF lines',
      'Event: A\nB: 2\n',
      [
        ['Event', 'A'],
        ['B', '2'],
      ],
    ],
    ['trailing whitespace kept in values', 'Message: ok \r\n', [['Message', 'ok ']]],
  ])('%s', (_label, text, fields) => {
    expect(parseMessageText(text).fields).toEqual(fields)
  })

  it('repeated keys keep order; get returns the first, getAll every one', () => {
    const m = parseMessageText(
      'Event: Newchannel\r\nChanVariable: A=1\r\nChanVariable: B=2\r\nDestChanVariable: C=3\r\n',
    )
    expect(m.get('chanvariable')).toBe('A=1')
    expect(m.getAll('CHANVARIABLE')).toEqual(['A=1', 'B=2'])
    expect(m.getAll('DestChanVariable')).toEqual(['C=3'])
    expect(m.keys).toEqual(['Event', 'ChanVariable', 'ChanVariable', 'DestChanVariable'])
  })

  it('lines without a colon, or with a space before it, are kept raw', () => {
    const m = parseMessageText(
      'Response: Follows\r\n0 active channels\r\nUptime is 10:00\r\n: leading colon\r\n--END COMMAND--\r\n',
    )
    expect(m.fields).toEqual([['Response', 'Follows']])
    expect(m.rawLines).toEqual(['0 active channels', 'Uptime is 10:00', ': leading colon', '--END COMMAND--'])
  })

  it('classifies by the first field, not by a Response key further down', () => {
    expect(parseMessageText('Event: OriginateResponse\r\nResponse: Failure\r\n').kind).toBe('event')
    expect(parseMessageText('Response: Success\r\n').kind).toBe('response')
    expect(parseMessageText('action: Login\r\n').kind).toBe('action')
    expect(parseMessageText('ActionID: 1\r\nResponse: Success\r\n').kind).toBe('unknown')
  })

  it('missing keys are undefined; empty values are "" and present', () => {
    const m = parseMessageText('PausedReason: \r\n')
    expect(m.get('Nope')).toBeUndefined()
    expect(m.has('PausedReason')).toBe(true)
    expect(m.get('pausedreason')).toBe('')
  })
})

describe('AmiMessage.of / serializeFields', () => {
  it('serialises in order with CRLF and a terminating blank line, and parses back', () => {
    const fields: Array<[string, string]> = [
      ['Action', 'Ping'],
      ['ActionID', 'p-1'],
      ['Variable', 'A=1'],
      ['Variable', 'B=2'],
    ]
    const text = serializeFields(fields)
    expect(text).toBe('Action: Ping\r\nActionID: p-1\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n')
    expect(parseMessageText(text).fields).toEqual(fields)
    expect(AmiMessage.of(fields).getAll('variable')).toEqual(['A=1', 'B=2'])
  })
})

describe('unescapeC (ast_escape_c reversed)', () => {
  it.each([
    ["O\\'Brien", "O'Brien"],
    ['Who\\?', 'Who?'],
    ['a\\\\b', 'a\\b'],
    ['tab\\there', 'tab\there'],
    ['\\"quoted\\"', '"quoted"'],
    ['unknown \\q kept', 'unknown \\q kept'],
    ['Gülşen', 'Gülşen'],
  ])('%s → %s', (input, output) => {
    expect(unescapeC(input)).toBe(output)
  })
})
