/**
 * One answered call through the simulator over real TCP, compared event by event with the real
 * Asterisk 22.10.1 capture asterisk-22-lab/02-single-answered.raw (Emre Şahin answers +905465799768
 * after 2 s of ringing, talks 6 s, hangs up).
 *
 * Compared: message kinds and event names in order, field NAMES in order, and every value that is not
 * an identifier or a time. Identifiers (Uniqueid/Linkedid, channel-name suffixes, BridgeUniqueid,
 * the generator's OriginateResponse ActionID) must map one-to-one between the two runs, so that who is
 * linked to whom is still checked. Times (HoldTime, RingTime, TalkTime, LastCall, LastPause, LoginTime,
 * Uptime, LastReload, EventTV, SessionTV) and the connection's own addresses are not compared.
 *
 * Filtered from both sides before comparing:
 * - VarSet and Newexten: dialplan noise. Their number and order depend on the lab's dialplan text, Pano
 *   subscribes without them (docs/ami-protocol.md §7), and the simulator emits only a sparse subset on
 *   purpose (to exercise parsers) — they are still present in the simulator's stream here.
 * - Cdr: cdr_manager was on in the lab; Pano never uses CDR events and the simulator does not make them.
 * - SuccessfulAuth after the first: the lab's second one is the traffic generator's own AMI login.
 * Kept and compared: MusicOnHoldStart/Stop, DeviceStateChange, OriginateResponse (the lab caller is an
 * originated Local channel), LocalBridge, and every queue, dial, bridge and hangup event.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frameAll } from '../../../telephony/ami/frame.ts'
import type { AmiMessage } from '../../../telephony/ami/message.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/simulator/index.ts'
import { AmiTestClient } from '../../unit/telephony/simulator/support/ami-test-client.ts'

const LAB = new URL('../../transcripts/asterisk-22-lab/02-single-answered.raw', import.meta.url)
const NOISE = new Set(['VarSet', 'Newexten', 'Cdr'])
const TIMES =
  /^(HoldTime|RingTime|TalkTime|LastCall|LastPause|LoginTime|Uptime|LastReload|EventTV|SessionTV|Timestamp)$/
const CONNECTION = /^(SessionID|LocalAddress|RemoteAddress)$/
const IDENTIFIER = /(Uniqueid|Linkedid|UniqueID)$/
const CHANNEL = /Channel$/

function comparable(messages: AmiMessage[]): AmiMessage[] {
  let auths = 0
  return messages.filter((m) => {
    const ev = m.get('Event')
    if (ev === 'SuccessfulAuth') return auths++ === 0
    return ev === undefined || !NOISE.has(ev)
  })
}

/** Keeps a one-to-one mapping between the lab's identifiers and the simulator's. */
class Bijection {
  private readonly there = new Map<string, string>()
  private readonly back = new Map<string, string>()
  check(lab: string, sim: string): boolean {
    const a = this.there.get(lab)
    const b = this.back.get(sim)
    if (a === undefined && b === undefined) {
      this.there.set(lab, sim)
      this.back.set(sim, lab)
      return true
    }
    return a === sim && b === lab
  }
}

describe('simulator vs the Asterisk 22 lab capture of one answered call', () => {
  let sim: PbxSimulator
  let client: AmiTestClient

  beforeAll(async () => {
    sim = await createPbxSimulator({ clock: 'virtual', asteriskVersion: 22, noise: 'sparse' })
    client = await AmiTestClient.connect(sim.port)
    await client.action(
      [
        ['Action', 'Login'],
        ['Username', 'dashboard'],
        ['Secret', 'dashboard-secret'],
        ['Events', 'on'],
      ],
      'rec-login-1',
    )
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '+905465799768',
      ringMember: 'Emre Şahin',
      answer: 2000,
      talkMs: 6000,
    })
    await sim.advance(12_000)
    await client.action([['Action', 'Logoff']], 'rec-logoff-1')
    await client.waitClosed()
  })

  afterAll(async () => {
    client.close()
    await sim.close()
  })

  it('sends the same banner as Asterisk 22', () => {
    const lab = frameAll(readFileSync(LAB))[0]
    expect(lab?.type === 'greeting' && lab.text).toBe(client.greeting)
  })

  it('emits the lab sequence: same events, same field names in order, same non-identifier values', () => {
    const lab = comparable(
      frameAll(readFileSync(LAB)).flatMap((f) => (f.type === 'message' ? [f.message] : [])),
    )
    const ours = comparable(client.messages)
    const names = (ms: AmiMessage[]): string[] =>
      ms.map((m) => m.get('Event') ?? `Response: ${m.get('Response')}`)
    expect(names(ours)).toEqual(names(lab))

    const ids = new Bijection()
    const mismatches: string[] = []
    lab.forEach((l, i) => {
      const o = ours[i] as AmiMessage
      const where = `#${i} ${names(lab)[i]}`
      if (o.keys.join('|') !== l.keys.join('|'))
        mismatches.push(`${where}: fields ${o.keys.join(',')} ≠ ${l.keys.join(',')}`)
      l.keys.forEach((key, k) => {
        const lv = l.values[k] as string
        const ov = o.values[k] ?? ''
        if (TIMES.test(key) || CONNECTION.test(key)) return
        const isId =
          IDENTIFIER.test(key) ||
          key === 'BridgeUniqueid' ||
          key.endsWith('BridgeUniqueid') ||
          (key === 'ActionID' && l.get('Event') === 'OriginateResponse')
        if (isId) {
          if (!ids.check(lv, ov)) mismatches.push(`${where} ${key}: ${ov} does not map to ${lv}`)
          return
        }
        if (CHANNEL.test(key) && lv.includes('/')) {
          const strip = (v: string): string => v.replace(/-[0-9a-f]{8}(;[12])?$/, '$1')
          if (strip(lv) !== strip(ov) || !ids.check(lv, ov))
            mismatches.push(`${where} ${key}: ${ov} vs ${lv}`)
          return
        }
        if (lv !== ov) mismatches.push(`${where} ${key}: ${JSON.stringify(ov)} ≠ lab ${JSON.stringify(lv)}`)
      })
    })
    expect(mismatches).toEqual([])
  })

  it('keeps the ground truth of that call', () => {
    const [call] = sim.groundTruth().calls
    expect(call).toMatchObject({
      queue: 'cagri-merkezi',
      callerNumber: '+905465799768',
      outcome: 'answered',
      memberName: 'Emre Şahin',
      waitSec: 2,
      talkSec: 6,
      hangupBy: 'agent',
      abandonEventEmitted: false,
    })
  })
})
