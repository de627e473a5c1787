import { describe, expect, it } from 'vitest'
import {
  CONFIRMATION_MIN_MS,
  feedbackAbout,
  feedbackHolds,
} from '../../client/src/components/switchboard/feedback.ts'
import type { SwitchboardCallView } from '../../server/contract/switchboard.ts'

const AT = 1_800_000_000_000

function call(state: SwitchboardCallView['state'], consult: SwitchboardCallView['consult'] = null) {
  const view: SwitchboardCallView = {
    key: 'demo/1',
    pbxId: 'demo',
    callId: '1',
    state,
    queue: 'santral',
    queueLabel: 'Santral',
    callerNumber: '+905325550101',
    citizenName: null,
    callerIdName: null,
    since: AT - 30_000,
    answeredAt: null,
    holder: null,
    holderUserId: null,
    transferTarget: null,
    ringingAt: [],
    transferable: true,
    consult,
  }
  return view
}

describe('what the santral console says after an action', () => {
  it('keeps a confirmation in view for a while even when its call left before the answer came', () => {
    const done = feedbackAbout('info', 'Çağrı Zabıta dahilisine aktarıldı.', call('talking'), AT)
    expect(feedbackHolds(done, [], AT + 100)).toBe(true)
    expect(feedbackHolds(done, [], AT + CONFIRMATION_MIN_MS - 1)).toBe(true)
    // Then it goes: its call is no longer on the console.
    expect(feedbackHolds(done, [], AT + CONFIRMATION_MIN_MS)).toBe(false)
    // While the call is still there (the unit is being rung), it stays.
    expect(feedbackHolds(done, [call('talking')], AT + 60_000)).toBe(true)
  })

  it('takes an error about a waiting call away as soon as someone answered it', () => {
    const refused = feedbackAbout('error', 'Aktarım yapılamadı.', call('waiting'), AT)
    expect(feedbackHolds(refused, [call('waiting')], AT + 100)).toBe(true)
    expect(feedbackHolds(refused, [call('talking')], AT + 100)).toBe(false)
    expect(feedbackHolds(refused, [], AT + 100)).toBe(false)
  })

  it('takes a message given while a consult rang away once the unit answers, after the confirmation time', () => {
    const ringing = { transferId: 7, target: '2002', answered: false }
    const given = feedbackAbout('info', 'Zabıta aranıyor.', call('talking', ringing), AT)
    const answered = [call('talking', { ...ringing, answered: true })]
    expect(feedbackHolds(given, answered, AT + CONFIRMATION_MIN_MS)).toBe(false)
    expect(feedbackHolds(given, [call('talking', ringing)], AT + CONFIRMATION_MIN_MS)).toBe(true)
  })

  it('keeps a message about no call until the next one replaces it', () => {
    const note = feedbackAbout('error', 'Önce aktarılacak çağrıyı seçin.', undefined, AT)
    expect(feedbackHolds(note, [], AT + 3_600_000)).toBe(true)
  })
})
