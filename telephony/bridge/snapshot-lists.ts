/**
 * The list actions a resync rebuilds state from (docs/ami-protocol.md §13 step 3), sent together, each with
 * its own ActionID. A list that fails or times out is reported and left out: applySnapshot only prunes
 * the kinds of object whose `…Complete` event it received, so a missing list removes nothing.
 */
import * as build from '../ami/action.ts'
import type { AmiError, Result } from '../ami/errors.ts'
import type { AmiMessage } from '../ami/message.ts'
import type { AmiListResult } from '../connection/ami-client.ts'

export interface ListSender {
  sendList(action: build.ActionResult): Promise<Result<AmiListResult, AmiError>>
}

export interface GatheredLists {
  /** Items and each list's Complete event, in list order. */
  readonly messages: AmiMessage[]
  readonly failed: ReadonlyArray<{ readonly list: string; readonly error: AmiError }>
}

export const SNAPSHOT_LISTS = [
  ['CoreShowChannels', build.coreShowChannels],
  ['QueueStatus', () => build.queueStatus()],
  ['DeviceStateList', build.deviceStateList],
  ['ExtensionStateList', build.extensionStateList],
] as const

export async function gatherSnapshotLists(client: ListSender): Promise<GatheredLists> {
  const results = await Promise.all(SNAPSHOT_LISTS.map(([, make]) => client.sendList(make())))
  const messages: AmiMessage[] = []
  const failed: Array<{ list: string; error: AmiError }> = []
  results.forEach((r, i) => {
    const list = SNAPSHOT_LISTS[i]?.[0] ?? '?'
    if (!r.ok) failed.push({ list, error: r.error })
    else messages.push(...r.value.items, r.value.complete)
  })
  return { messages, failed }
}

/** Only QueueStatus, for the periodic reconciliation (§13 step 6). */
export async function gatherQueueStatus(client: ListSender): Promise<GatheredLists> {
  const r = await client.sendList(build.queueStatus())
  if (!r.ok) return { messages: [], failed: [{ list: 'QueueStatus', error: r.error }] }
  return { messages: [...r.value.items, r.value.complete], failed: [] }
}
