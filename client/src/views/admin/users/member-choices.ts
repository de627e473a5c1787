/**
 * What the user form offers as a person's PBX identity: every queue member interface the PBXs reported
 * (server/contract/pbx-setup.ts), once per interface with the member's name and queues, and who in Pano
 * already answers on it; plus the person's own saved interfaces the PBX does not show now (a dynamic
 * member who is logged out). Pure.
 */
import type { PbxSetupResponse } from '../../../../../server/contract/pbx-setup.ts'

export interface InterfaceChoice {
  interface: string
  pbxId: string
  /** The member names the PBX reports for it (usually one). */
  names: string[]
  /** The queues it is a member of: their label once set, else the PBX's name. */
  queues: string[]
  /** Another Pano user answering on it; null when it is free or the edited person's own. */
  takenBy: { id: number; username: string; fullName: string } | null
  /** False: saved for this person but not reported by the PBX now. */
  onPbx: boolean
}

export interface ExtensionChoice {
  exten: string
  pbxId: string
  context: string
  hint: string | null
}

const byText = (a: string, b: string) => a.localeCompare(b, 'tr', { numeric: true })

export function interfaceChoices(
  setup: PbxSetupResponse | null,
  userId: number | null,
  current: readonly string[],
): InterfaceChoice[] {
  const found = new Map<string, InterfaceChoice>()
  for (const pbx of setup?.pbxs ?? []) {
    for (const queue of pbx.queues) {
      if (!queue.onPbx) continue
      const queueName = queue.settings?.label ?? queue.name
      for (const member of queue.members) {
        let choice = found.get(member.interface)
        if (choice === undefined) {
          const user = member.user
          choice = {
            interface: member.interface,
            pbxId: pbx.id,
            names: [],
            queues: [],
            takenBy: user !== null && user.id !== userId ? user : null,
            onPbx: true,
          }
          found.set(member.interface, choice)
        }
        if (member.name !== '' && !choice.names.includes(member.name)) choice.names.push(member.name)
        if (!choice.queues.includes(queueName)) choice.queues.push(queueName)
      }
    }
  }
  const listed = [...found.values()].sort(
    (a, b) => byText(a.pbxId, b.pbxId) || byText(a.interface, b.interface),
  )
  const missing = current
    .filter((i) => !found.has(i))
    .map((i) => ({ interface: i, pbxId: '', names: [], queues: [], takenBy: null, onPbx: false }))
  return [...listed, ...missing]
}

/** True when the PBXs report no interface this person could take (none at all, or all taken). */
export function noFreeInterface(choices: readonly InterfaceChoice[]): boolean {
  return !choices.some((c) => c.onPbx && c.takenBy === null)
}

export function extensionChoices(setup: PbxSetupResponse | null): ExtensionChoice[] {
  const all = (setup?.pbxs ?? []).flatMap((pbx) =>
    pbx.extensions.map((x) => ({ exten: x.exten, pbxId: pbx.id, context: x.context, hint: x.hint })),
  )
  return all.sort((a, b) => byText(a.exten, b.exten))
}
