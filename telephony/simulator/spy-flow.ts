/**
 * ChanSpy on an originated leg (apps/app_chanspy.c in Asterisk, docs/decisions/018-listen-whisper-barge.md):
 * once the supervisor's phone answers, the leg runs `ChanSpy(<channel>,<options>)`, finds the first live
 * channel whose name starts with `<channel>`, and reports ChanSpyStart. With `E` the leg hangs up when
 * the spied-on channel does (ChanSpyStop, then Hangup); without it the leg stays up, scanning, until the
 * supervisor hangs up. No channel to spy on: the leg hangs up at once (Asterisk would keep scanning and
 * beeping; the simulator ends it instead, so a test is never left with a silent leg).
 */
import { snapshot, type SimChannel } from './channel.ts'
import type { TruthSpy } from './ground-truth.ts'
import type { Pbx } from './pbx.ts'

export interface SpyStart {
  readonly actionId: string
  readonly data: string
  readonly leg: SimChannel
  readonly partner: SimChannel | undefined
}

/** `<spec>,<options>` as ChanSpy reads its arguments (a missing option list is empty). */
export function parseChanSpyData(data: string): { spec: string; options: string } {
  const comma = data.indexOf(',')
  return comma < 0
    ? { spec: data.trim(), options: '' }
    : { spec: data.slice(0, comma).trim(), options: data.slice(comma + 1).trim() }
}

export function runChanSpy(pbx: Pbx, s: SpyStart): void {
  const { spec, options } = parseChanSpyData(s.data)
  const truth: TruthSpy = {
    actionId: s.actionId,
    spyChannel: s.leg.name,
    data: s.data,
    options,
    spiedChannel: undefined,
    startedAt: pbx.now,
    endedAt: undefined,
    endedBy: undefined,
  }
  pbx.truth.spies.push(truth)
  pbx.noiseExten(s.leg, 'ChanSpy', s.data)
  const own = new Set([s.leg.name, s.partner?.name])
  const spied = [...pbx.channels.values()].find(
    (c) => !c.hungUp && !own.has(c.name) && spec !== '' && c.name.startsWith(spec),
  )
  const dropLeg = (): void => {
    pbx.hangup(s.leg)
    if (s.partner) {
      pbx.hangupRequest(s.partner)
      pbx.hangup(s.partner)
    }
  }
  if (spied === undefined) {
    truth.endedAt = pbx.now
    truth.endedBy = 'no-channel'
    dropLeg()
    return
  }
  truth.spiedChannel = spied.name
  pbx.emit('ChanSpyStart', 'call', snapshot(s.leg, 'Spyer'), snapshot(spied, 'Spyee'))
  let spying = true
  const stopSpying = (): void => {
    if (!spying) return
    spying = false
    pbx.emit('ChanSpyStop', 'call', snapshot(s.leg, 'Spyer'), snapshot(spied, 'Spyee'))
  }
  const end = (by: 'spied-hangup' | 'spy-hangup'): void => {
    if (truth.endedAt !== undefined) return
    stopSpying()
    truth.endedAt = pbx.now
    truth.endedBy = by
    dropLeg()
  }
  pbx.hangupHandlers.set(s.leg.name, () => end('spy-hangup'))
  if (s.partner) pbx.hangupHandlers.set(s.partner.name, () => end('spy-hangup'))
  pbx.watchHangup(spied.name, () => {
    if (options.includes('E')) end('spied-hangup')
    else stopSpying()
  })
}
