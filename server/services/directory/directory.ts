/**
 * The unit directory the switchboard transfers to: units, their extensions and the
 * people on them, presence notes, and each operator's favourites. Reading only; admin edits are in
 * directory-admin.ts. Lights are joined in by the switchboard service from live device state.
 */
import { foldForSearch, type DirectoryEntryView, type LightState } from '../../contract/switchboard.ts'
import { splitUnitWords } from '../../contract/unit-words.ts'
import type { PrismaClient } from '../../db/generated/client.ts'

/** One active directory line as the switchboard needs it (a transfer target). */
export interface DirectoryLine {
  readonly id: number
  readonly pbxId: string
  readonly number: string
  readonly label: string
  readonly personName: string | null
  readonly unitId: number | null
  readonly unitName: string | null
  /** What callers call the unit's work (unit-words.ts); empty without a unit. */
  readonly unitWords: readonly string[]
  readonly presenceNote: string | null
  /** Device whose state drives the light (`PJSIP/2001`), if known. */
  readonly stateInterface: string | null
  /** Dialplan context a transfer sends the caller to. */
  readonly transferContext: string
}

export async function loadDirectoryLines(prisma: PrismaClient): Promise<DirectoryLine[]> {
  const rows = await prisma.extension.findMany({
    where: { active: true },
    include: { unit: { select: { name: true, active: true, searchWords: true } } },
    orderBy: [{ number: 'asc' }],
  })
  return rows.map((r) => ({
    id: r.id,
    pbxId: r.pbxId,
    number: r.number,
    label: r.label,
    personName: r.personName,
    unitId: r.unitId,
    unitName: r.unit?.name ?? null,
    unitWords: splitUnitWords(r.unit?.searchWords),
    presenceNote: r.presenceNote,
    stateInterface: r.stateInterface,
    transferContext: r.transferContext,
  }))
}

export async function favouriteIdsOf(prisma: PrismaClient, userId: number): Promise<Set<number>> {
  const rows = await prisma.favourite.findMany({ where: { userId }, select: { extensionId: true } })
  return new Set(rows.map((r) => r.extensionId))
}

export function searchTextOf(line: DirectoryLine): string {
  return foldForSearch(
    [line.label, line.personName ?? '', line.unitName ?? '', line.number, line.presenceNote ?? ''].join(' '),
  )
}

/** Unit lines first in unit order, then people by name. */
export function entryViews(
  lines: readonly DirectoryLine[],
  favourites: ReadonlySet<number>,
  lightOf: (line: DirectoryLine) => LightState,
): DirectoryEntryView[] {
  return lines
    .map((l) => ({
      id: l.id,
      pbxId: l.pbxId,
      number: l.number,
      label: l.label,
      personName: l.personName,
      unitId: l.unitId,
      unitName: l.unitName,
      presenceNote: l.presenceNote,
      light: lightOf(l),
      favourite: favourites.has(l.id),
      searchText: searchTextOf(l),
      unitWords: [...l.unitWords],
      wordsText: foldForSearch(l.unitWords.join(' ')),
    }))
    .sort(
      (a, b) =>
        (a.unitName ?? '￿').localeCompare(b.unitName ?? '￿', 'tr') ||
        Number(a.personName !== null) - Number(b.personName !== null) ||
        a.number.localeCompare(b.number),
    )
}

export async function setFavourite(
  prisma: PrismaClient,
  userId: number,
  extensionId: number,
  on: boolean,
): Promise<boolean> {
  const exists = await prisma.extension.count({ where: { id: extensionId, active: true } })
  if (exists === 0) return false
  if (on) {
    await prisma.favourite.upsert({
      where: { userId_extensionId: { userId, extensionId } },
      create: { userId, extensionId },
      update: {},
    })
  } else {
    await prisma.favourite.deleteMany({ where: { userId, extensionId } })
  }
  return true
}

export async function setPresenceNote(
  prisma: PrismaClient,
  extensionId: number,
  note: string | null,
): Promise<boolean> {
  const r = await prisma.extension.updateMany({
    where: { id: extensionId, active: true },
    data: { presenceNote: note },
  })
  return r.count > 0
}
