/**
 * The AMI client's actions against the fake server over real TCP: lists gathered while live events
 * interleave, answers correlated by ActionID, errors and timeouts, Originate, injection refused before
 * a byte is written, and recorded lab bytes replayed whatever the chunking.
 */
import { describe, expect, it } from 'vitest'
import * as build from '../../../telephony/ami/action.ts'
import {
  AmiActionError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
} from '../../../telephony/ami/errors.ts'
import { readFileSync } from 'node:fs'
import { newstate, phase, setup } from './ami-client-harness.ts'

describe('AMI client actions against the fake server (real TCP)', () => {
  it('gathers a list while live events interleave; live events are not list items', async () => {
    const member = (name: string) =>
      [
        ['Event', 'QueueMember'],
        ['Queue', 'cagri-merkezi'],
        ['Name', name],
      ] as Array<[string, string]>
    const { client, events } = await setup({
      lists: {
        QueueStatus: {
          items: [member('Ayşe Yılmaz'), member('Emre Şahin'), member('Gülşen Doğan')],
          between: (i, s) => i === 1 && s.send(newstate('1795668590.400')),
        },
      },
    })
    client.start()
    await phase(client, 'connected')
    const r = await client.sendList(build.queueStatus())
    if (!r.ok) throw r.error
    expect(r.value.items.map((m) => m.get('Name'))).toEqual(['Ayşe Yılmaz', 'Emre Şahin', 'Gülşen Doğan'])
    expect(r.value.complete.get('ListItems')).toBe('3')
    expect(r.value.response.get('EventList')).toBe('start')
    expect(events.map((e) => e.message.get('Event'))).toContain('Newstate')
    expect(events.map((e) => e.message.get('Event'))).not.toContain('QueueMember')
  })

  it('demultiplexes interleaved lists by ActionID, incl. lower-case EventList and old lists without EventList', async () => {
    const { server, client } = await setup()
    const ids: string[] = []
    server.handle('DeviceStateList', (action, session) => {
      ids.push(action.get('ActionID') ?? '')
      if (ids.length < 2) return
      const [a, b] = ids as [string, string]
      session.send([
        ['Response', 'Success'],
        ['ActionID', a],
        ['EventList', 'start'],
      ])
      session.send([
        ['Response', 'Success'],
        ['ActionID', b],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', b],
        ['Device', 'PJSIP/1002'],
        ['State', 'INUSE'],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', a],
        ['Device', 'PJSIP/1001'],
        ['State', 'NOT_INUSE'],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['Device', 'PJSIP/1003'],
        ['State', 'RINGING'],
      ])
      session.send([
        ['Event', 'DeviceStateListComplete'],
        ['ActionID', b],
      ])
      session.send([
        ['Event', 'DeviceStateChange'],
        ['ActionID', a],
        ['Device', 'PJSIP/1004'],
        ['State', 'UNAVAILABLE'],
      ])
      session.send([
        ['Event', 'DeviceStateListComplete'],
        ['ActionID', a],
        ['EventList', 'COMPLETE'],
        ['ListItems', '2'],
      ])
    })
    const live: string[] = []
    client.on(
      'event',
      (e) => e.message.get('Event') === 'DeviceStateChange' && live.push(e.message.get('Device') ?? ''),
    )
    client.start()
    await phase(client, 'connected')
    const [first, second] = await Promise.all([
      client.sendList(build.deviceStateList()),
      client.sendList(build.deviceStateList()),
    ])
    expect(first.ok && first.value.items.map((m) => m.get('Device'))).toEqual(['PJSIP/1001', 'PJSIP/1004'])
    expect(second.ok && second.value.items.map((m) => m.get('Device'))).toEqual(['PJSIP/1002'])
    expect(live).toEqual(['PJSIP/1003'])
  })

  it('an unanswered action times out; the connection stays up', async () => {
    const { server, client } = await setup()
    server.handle('QueueAdd', () => undefined)
    client.start()
    await phase(client, 'connected')
    const r = await client.send(build.queueAdd({ queue: 'santral', interface: 'Local/3001@operators/n' }), {
      timeoutMs: 30,
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toBeInstanceOf(AmiTimeoutError)
    expect((await client.send(build.ping())).ok).toBe(true)
  })

  it('Response: Error becomes AmiActionError with Asterisk’s message', async () => {
    const { server, client } = await setup()
    server.handle('QueuePause', (a, s) =>
      s.send([
        ['Response', 'Error'],
        ['ActionID', a.get('ActionID') ?? ''],
        ['Message', 'Interface not found'],
      ]),
    )
    client.start()
    await phase(client, 'connected')
    const r = await client.send(build.queuePause({ interface: 'PJSIP/9999', paused: true }))
    expect(!r.ok && r.error instanceof AmiActionError && r.error.amiMessage).toBe('Interface not found')
  })

  it('Originate resolves with its OriginateResponse, correlated by ActionID', async () => {
    const { server, client, events } = await setup({ originate: { response: 'Failure', reason: 5 } })
    client.start()
    await phase(client, 'connected')
    const r = await client.originate({
      channel: 'Local/1001@click2call',
      context: 'click2call-dest',
      exten: '905321234567',
    })
    if (!r.ok) throw r.error
    expect(r.value).toMatchObject({ success: false, reason: 5, uniqueid: '1795668600.1' })
    expect(r.value.ack.get('Message')).toBe('Originate successfully queued')
    const sent = server.actionsNamed('Originate')[0]
    expect(sent?.get('Async')).toBe('true')
    expect(events.map((e) => e.message.get('Event'))).toEqual(['FullyBooted', 'Newchannel'])
  })

  it('injection attempts are refused before any byte is written', async () => {
    const { server, client } = await setup()
    client.start()
    await phase(client, 'connected')
    const before = server.rawReceived.length
    const attempts = await Promise.all([
      client.originate({
        channel: 'Local/1001@click2call',
        context: 'click2call-dest',
        exten: '2001\r\nAction: Hangup',
      }),
      client.send(build.hangup('/.*/')),
      client.send({
        name: 'QueuePause',
        fields: [
          ['Interface', 'PJSIP/1001'],
          ['Paused', 'true'],
          ['Reason', 'a\u0000b'],
        ],
      }),
      client.send({
        name: 'QueuePause',
        fields: [
          ['Interface', 'PJSIP/1001\r\n\r\nAction: Hangup\r\nChannel: /.*/'],
          ['Paused', 'true'],
        ],
      }),
      client.send({ name: 'Login', fields: [['Username', 'x']] }),
    ])
    for (const a of attempts) expect(!a.ok && a.error).toBeInstanceOf(AmiEncodeError)
    await client.send(build.ping())
    const after = server.rawReceived.subarray(before).toString()
    expect(after).toMatch(/^Action: Ping\r\nActionID: [^\r\n]+\r\n\r\n$/)
  })

  it('an action while not connected is refused at once and never sent later', async () => {
    const { server, client } = await setup()
    const r = await client.send(build.queueStatus())
    expect(!r.ok && r.error).toBeInstanceOf(AmiDisconnectedError)
    client.start()
    await phase(client, 'connected')
    await client.send(build.ping())
    expect(server.actionsNamed('QueueStatus')).toHaveLength(0)
  })

  it('replayed lab bytes arrive as the capture’s live events, whatever the chunking', async () => {
    const { server, client, events } = await setup()
    client.start()
    await phase(client, 'connected')
    const lab = readFileSync(
      new URL('../../transcripts/asterisk-22-lab/02-single-answered.raw', import.meta.url),
    )
    // Skip the capture's greeting and login response (the fake already sent its own).
    server.replay(lab.subarray(lab.indexOf('Event: FullyBooted')), 7)
    await client.send(build.ping())
    const names = events.map((e) => e.message.get('Event'))
    expect(names.filter((n) => n === 'VarSet')).toHaveLength(80)
    expect(events.find((e) => e.message.get('Event') === 'AgentCalled')?.message.get('MemberName')).toBe(
      'Emre Şahin',
    )
  })
})
