/**
 * A finished call answered in 10 s and talked for a minute, as the bridge hands it to the call recorder;
 * `key` names it (callKey and linkedId) and `at` is when it entered the queue.
 */
import type { FinishedCall } from '../../../telephony/index.ts'

export function answeredCall(key: string, at: Date, p: Partial<FinishedCall> = {}): FinishedCall {
  return {
    pbxId: 'main',
    callKey: key,
    linkedId: key,
    direction: 'INBOUND',
    queue: 'cagri-merkezi',
    callerNumber: '+905417006600',
    callerName: null,
    agentName: 'Ayşe Yılmaz',
    agentInterface: 'Local/1001@agents/n',
    enteredAt: at,
    answeredAt: new Date(at.getTime() + 10_000),
    endedAt: new Date(at.getTime() + 70_000),
    waitSec: 10,
    talkSec: 60,
    outcome: 'ANSWERED',
    transferredTo: null,
    missedBy: [],
    ...p,
  }
}
