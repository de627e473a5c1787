/**
 * The calls live telephony holds now (waiting in a queue, talking, just left), in the statistics'
 * terms: what the wallboard adds to its "bugün" on top of the stored calls (telephony/stats/live.ts).
 */
import { liveInputsOf, type InProgressCall } from '../../../telephony/index.ts'
import type { TelephonyService } from '../telephony/telephony-service.ts'

export function inProgressCallsOf(telephony: Pick<TelephonyService, 'pbxs'> | null): InProgressCall[] {
  if (telephony === null) return []
  return [...telephony.pbxs.values()].flatMap((e) => liveInputsOf(e.bridge.state, e.clock.now()).calls)
}
