/**
 * Yönetim › Santral: what Pano found on each PBX (queues with their members, extensions with hints)
 * next to what an admin configured for them. Wire shapes of `GET /api/v1/pbx-setup` and
 * `PUT /api/v1/pbx-setup/queues/:pbxId/:name` (docs/api.md). Types only.
 */
export type QueueKindSetting = 'CALL_CENTRE' | 'SWITCHBOARD'

export interface QueueSettingsInput {
  label: string
  kind: QueueKindSetting
  /** False: followed for statistics but left off the boards. */
  shown: boolean
  serviceLevelSec: number
  shortAbandonSec: number
  /** The queue's `wrapuptime` (AMI does not report it). */
  wrapUpSec: number
}

export interface DiscoveredMember {
  interface: string
  /** The member's name as the PBX reports it (MemberName). */
  name: string
  /** The Pano user answering on this interface, if mapped. */
  user: { id: number; username: string; fullName: string } | null
}

export interface QueueSetupView {
  pbxId: string
  name: string
  /** Seen on the PBX in its last QueueStatus. */
  onPbx: boolean
  members: DiscoveredMember[]
  /** Null until an admin saves settings for this queue (the boards then show it under its name). */
  settings: (QueueSettingsInput & { id: number }) | null
}

export interface ExtensionSetupView {
  pbxId: string
  exten: string
  context: string
  /** The device the hint follows (`PJSIP/2001`), if any. */
  hint: string | null
  /** The directory line for this number, if one exists. */
  directory: { id: number; label: string; unit: string | null } | null
}

export interface PbxSetupView {
  id: string
  /** 'connected' once Pano has read the PBX's lists; otherwise the lists below may be empty or old. */
  state: string
  simulated: boolean
  queues: QueueSetupView[]
  extensions: ExtensionSetupView[]
}

export interface PbxSetupResponse {
  pbxs: PbxSetupView[]
  /** Queue settings saved for a PBX id Pano does not follow now (a PBX removed from the configuration). */
  orphanQueues: Array<{ pbxId: string; name: string; label: string }>
}
