/**
 * The unit's phone a transfer rings, as an AMI client sees it on the simulator's socket: like a channel
 * Dial() makes in Asterisk, its caller id is the number dialled and its connected line the party
 * calling (test/transcripts/cacofonisk__queue-call-then-attended-transfer__ami2.json), so an
 * AttendedTransfer names the extension the operator transferred to in TransferTargetCallerIDNum.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createPbxSimulator, type PbxSimulator } from '../../../../telephony/simulator/index.ts'
import { AmiTestClient } from './support/ami-test-client.ts'

let sim: PbxSimulator | undefined
let client: AmiTestClient | undefined

afterEach(async () => {
  client?.close()
  client = undefined
  await sim?.close()
  sim = undefined
})

describe('the channel a transfer rings at the unit', () => {
  it('carries the extension as caller id and the caller as connected line', async () => {
    sim = await createPbxSimulator({ clock: 'virtual', noise: 'none' })
    client = await AmiTestClient.connect(sim.port)
    await client.login()
    sim.placeCall({
      queue: 'santral',
      callerNumber: '+905321119101',
      ringMember: 'Local/3001@operators/n',
      answer: 1000,
      talkMs: 600_000,
      transfer: { kind: 'attended', exten: '2004', afterMs: 1000 },
    })
    await sim.advance(30_000)
    const dial = await client.waitFor(
      (m) => m.get('Event') === 'DialBegin' && /^PJSIP\/2004-/.test(m.get('DestChannel') ?? ''),
    )
    expect([dial.get('DestCallerIDNum'), dial.get('DestConnectedLineNum')]).toEqual(['2004', '+905321119101'])
    const done = await client.waitFor((m) => m.get('Event') === 'AttendedTransfer')
    expect([
      done.get('Result'),
      done.get('TransferTargetCallerIDNum'),
      done.get('TransferTargetConnectedLineNum'),
    ]).toEqual(['Success', '2004', '+905321119101'])
  })
})
