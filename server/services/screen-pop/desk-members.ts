/**
 * Who answers on which queue member interface, and what a member is doing now, as the Çağrı Masası
 * needs it: read from the users' MemberInterface rows and from the PBX's live state (pure where it can).
 */
import type { DeskMember, RetractReason } from '../../contract/agent-desk.ts'
import type { Role } from '../../contract/auth.ts'
import { roleFromDatabase } from '../../auth/principal.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { TelephonyState } from '../../../telephony/index.ts'
import { interfacesOf, MEMBER_INTERFACES_SELECT } from '../users/member-interfaces.ts'

export interface DeskUser {
  id: number
  displayName: string
  role: Role
  /** Every queue member interface the user answers on. */
  memberInterfaces: readonly string[]
  extension: string | null
}

export interface DeskDirectory {
  /** Member interface → the user answering on it. */
  byInterface: Map<string, DeskUser>
  byId: Map<number, DeskUser>
  /** `<pbxId>/<queue>` → its label. */
  queueLabels: Map<string, string>
}

export async function loadDeskDirectory(prisma: PrismaClient): Promise<DeskDirectory> {
  const [rows, queues] = await Promise.all([
    prisma.user.findMany({
      where: { memberInterfaces: { some: {} }, active: true },
      select: { id: true, displayName: true, role: true, extension: true, ...MEMBER_INTERFACES_SELECT },
    }),
    prisma.queue.findMany({ select: { pbxId: true, name: true, label: true } }),
  ])
  const byInterface = new Map<string, DeskUser>()
  const byId = new Map<number, DeskUser>()
  for (const r of rows) {
    const user: DeskUser = {
      id: r.id,
      displayName: r.displayName,
      role: roleFromDatabase(r.role),
      memberInterfaces: interfacesOf(r),
      extension: r.extension,
    }
    byId.set(user.id, user)
    for (const iface of user.memberInterfaces) byInterface.set(iface, user)
  }
  return { byInterface, byId, queueLabels: new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label])) }
}

/** One interface across every queue of a PBX: paused anywhere, ringing or on a call anywhere. */
export function memberState(pbxId: string, state: TelephonyState, iface: string): DeskMember | null {
  let member: DeskMember | null = null
  for (const q of state.queues.values()) {
    const m = q.members.get(iface)
    if (m === undefined) continue
    member ??= {
      pbxId,
      interface: iface,
      paused: false,
      pausedReason: null,
      pausedSince: null,
      inCall: false,
      ringing: false,
    }
    if (m.paused) {
      member.paused = true
      member.pausedReason ??= m.pausedReason ?? null
      if (m.pausedSince !== undefined) member.pausedSince ??= new Date(m.pausedSince).toISOString()
    }
    member.inCall ||= m.onCallKey !== undefined || m.inCall
    member.ringing ||= m.ringingFor !== undefined
  }
  return member
}

/** Why a ring stopped before this agent answered: the caller left, a colleague answered, or no answer. */
export function retractReason(state: TelephonyState, callKey: string): RetractReason {
  const call = state.queueCalls.get(callKey)
  if (call === undefined || call.phase === 'abandoned' || call.phase === 'left') return 'caller-left'
  if (call.phase === 'connected' || call.phase === 'completing') return 'answered-elsewhere'
  return 'no-answer'
}
