/**
 * What the santral console is set up with, read from the database: the directory lines, the operators
 * (who holds which call), which queues are the switchboard's and their labels; and each line's light
 * from the PBX's device and hint states.
 */
import type { DirectoryView, LightState } from '../../contract/switchboard.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { TelephonyState } from '../../../telephony/index.ts'
import { entryViews, favouriteIdsOf, loadDirectoryLines, type DirectoryLine } from '../directory/directory.ts'
import { interfacesOf, MEMBER_INTERFACES_SELECT } from '../users/member-interfaces.ts'
import type { OperatorLine } from './switchboard-calls.ts'

export interface SwitchboardSetup {
  lines: DirectoryLine[]
  operators: OperatorLine[]
  /** `<pbxId>/<queue>` of every queue marked SWITCHBOARD. */
  switchboardQueues: Set<string>
  /** `<pbxId>/<queue>` → the label an admin gave it. */
  queueLabels: Map<string, string>
}

export async function loadSwitchboardSetup(prisma: PrismaClient): Promise<SwitchboardSetup> {
  const lines = await loadDirectoryLines(prisma)
  const users = await prisma.user.findMany({
    where: { active: true, role: { in: ['OPERATOR', 'SUPERVISOR'] } },
    select: { id: true, displayName: true, extension: true, ...MEMBER_INTERFACES_SELECT },
  })
  const operators = users
    .filter((u) => u.memberInterfaces.length > 0 || u.extension !== null)
    .map((u) => ({
      userId: u.id,
      name: u.displayName,
      memberInterfaces: interfacesOf(u),
      extension: u.extension,
    }))
  const queues = await prisma.queue.findMany({ select: { pbxId: true, name: true, label: true, kind: true } })
  return {
    lines,
    operators,
    switchboardQueues: new Set(
      queues.filter((q) => q.kind === 'SWITCHBOARD').map((q) => `${q.pbxId}/${q.name}`),
    ),
    queueLabels: new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label])),
  }
}

/** The switchboard queues of one PBX, by name. */
export function queuesOf(setup: Pick<SwitchboardSetup, 'switchboardQueues'>, pbxId: string): Set<string> {
  return new Set(
    [...setup.switchboardQueues]
      .filter((k) => k.startsWith(`${pbxId}/`))
      .map((k) => k.slice(pbxId.length + 1)),
  )
}

const LIGHT: Record<string, LightState> = {
  idle: 'idle',
  ringing: 'ringing',
  inUse: 'busy',
  busy: 'busy',
  onHold: 'busy',
  unavailable: 'unavailable',
  unknown: 'unavailable',
}

/** A line's light: its device's state when it names one, else its dialplan hint's. */
export function lightOf(line: DirectoryLine, state: TelephonyState | undefined): LightState {
  if (state === undefined) return 'unavailable'
  const device = line.stateInterface === null ? undefined : state.devices.get(line.stateInterface)
  const ext = state.extensions.get(`${line.number}@${line.transferContext}`)?.light
  return LIGHT[device ?? ext ?? 'unknown'] ?? 'unavailable'
}

/** The directory as one operator sees it: the active units, every line with its light, their favourites. */
export async function directoryFor(
  prisma: PrismaClient,
  lines: readonly DirectoryLine[],
  userId: number,
  stateOf: (pbxId: string) => TelephonyState | undefined,
): Promise<DirectoryView> {
  const favourites = await favouriteIdsOf(prisma, userId)
  const units = await prisma.unit.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, code: true },
  })
  return { units, entries: entryViews([...lines], favourites, (l) => lightOf(l, stateOf(l.pbxId))) }
}
