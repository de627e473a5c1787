import { describe, expect, it } from 'vitest'
import type { AgentView, QueueView } from '../../../../server/contract/views.ts'
import { redactAgentForKiosk, redactQueueForKiosk } from '../../../../server/realtime/redaction.ts'

const LABELS = new Map([
  ['Geri arama', 'Geri arama listesi'],
  ['Evrak işi', 'Evrak / arka ofis'],
  ['Evrak', 'Evrak / arka ofis'],
])
const label = (code: string) => LABELS.get(code) ?? code

const agent = {
  pbxId: 'main',
  interface: 'Local/1002@agents/n',
  name: 'Mehmet Öztürk',
  userId: 7,
  queues: ['cagri-merkezi'],
  state: 'paused',
  since: 1,
  pauseReason: 'Geri arama',
  autoPaused: false,
  answeredToday: 3,
  missedToday: 0,
  talkSecToday: 120,
  pausedSecToday: 60,
  pausedByReasonSec: { 'Evrak işi': 20, Evrak: 10, 'Geri arama': 30 },
  occupancyPct: null,
  stale: false,
} satisfies AgentView

describe('kiosk pause reasons', () => {
  it('name an agent’s pause by its label, adding up codes that share one', () => {
    const tv = redactAgentForKiosk(agent, label)
    expect(tv.pauseReason).toBe('Geri arama listesi')
    expect(tv.pausedByReasonSec).toEqual({ 'Evrak / arka ofis': 30, 'Geri arama listesi': 30 })
    expect(tv.name).toBe('Dahili 1002')
  })

  it('keep a reason nobody labelled, and "no reason", as they are', () => {
    expect(redactAgentForKiosk({ ...agent, pauseReason: 'Toplantı' }, label).pauseReason).toBe('Toplantı')
    expect(redactAgentForKiosk({ ...agent, pauseReason: '' }, label).pauseReason).toBe('')
    expect(
      redactAgentForKiosk({ ...agent, state: 'available', pauseReason: null }, label).pauseReason,
    ).toBeNull()
  })

  it('count a queue’s paused members by label', () => {
    const queue = {
      pauseReasons: { 'Geri arama': 2, '': 1, Mola: 1 },
      trend: [],
      windows: {},
    } as unknown as QueueView
    expect(redactQueueForKiosk(queue, label).pauseReasons).toEqual({
      'Geri arama listesi': 2,
      '': 1,
      Mola: 1,
    })
  })
})
