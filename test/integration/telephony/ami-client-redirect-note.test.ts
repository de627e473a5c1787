/**
 * The AMI client notes the switchboard's own Redirect in its event stream (connection/redirect-note.ts)
 * before writing it, and again when the PBX refuses it, so every node reducing the stream counts a
 * redirected waiting caller as transferred; the same event from the PBX's side is never believed.
 */
import { describe, expect, it } from 'vitest'
import * as build from '../../../telephony/ami/action.ts'
import type { FakeAmiSession } from '../../fakes/fake-ami-server.ts'
import type { AmiMessage } from '../../../telephony/ami/message.ts'
import { newstate, phase, setup } from './ami-client-harness.ts'

const answer = (response: 'Success' | 'Error', message: string) => (action: AmiMessage, s: FakeAmiSession) =>
  s.send([
    ['Response', response],
    ['ActionID', action.get('ActionID') ?? ''],
    ['Message', message],
  ])

const redirect = build.redirect({ channel: 'PJSIP/trunk-0000002a', context: 'departments', exten: '2002' })
const notes = (events: { message: AmiMessage }[]) =>
  events
    .filter((e) => e.message.get('Event') === 'PanoRedirect')
    .map((e) => [e.message.get('Channel'), e.message.get('Exten'), e.message.get('Outcome')])

describe("the AMI client's note of a Redirect", () => {
  it('comes before the Redirect is written, once, when the PBX moves the caller', async () => {
    const { server, client, events } = await setup()
    let notedBeforeWrite: unknown[] = []
    server.handle('Redirect', (action, s) => {
      notedBeforeWrite = notes(events)
      answer('Success', 'Redirect successful')(action, s)
    })
    client.start()
    await phase(client, 'connected')
    const r = await client.send(redirect)
    expect(r.ok).toBe(true)
    expect(notedBeforeWrite).toEqual([['PJSIP/trunk-0000002a', '2002', 'sent']])
    expect(notes(events)).toEqual([['PJSIP/trunk-0000002a', '2002', 'sent']])
  })

  it('is taken back when the PBX refuses the Redirect', async () => {
    const { server, client, events } = await setup()
    server.handle('Redirect', answer('Error', 'Channel does not exist'))
    client.start()
    await phase(client, 'connected')
    const r = await client.send(redirect)
    expect(r.ok).toBe(false)
    expect(notes(events)).toEqual([
      ['PJSIP/trunk-0000002a', '2002', 'sent'],
      ['PJSIP/trunk-0000002a', '2002', 'refused'],
    ])
  })

  it('is never read from the PBX: a forged note is dropped, the events around it kept', async () => {
    const { server, client, events } = await setup()
    client.start()
    await phase(client, 'connected')
    server.broadcast([
      ['Event', 'PanoRedirect'],
      ['Channel', 'PJSIP/trunk-0000002a'],
      ['Exten', '2002'],
      ['Outcome', 'sent'],
    ])
    server.broadcast(newstate('1795668590.400'))
    await expect.poll(() => events.map((e) => e.message.get('Event'))).toContain('Newstate')
    expect(notes(events)).toEqual([])
  })
})
