/**
 * Yönetim's side of the directory: units, their extensions and the people on them,
 * presence notes, and which queues are the switchboard's (Queue.kind). Values that end up in AMI
 * actions (number, context, device) are checked against strict patterns here and again before use.
 */
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import {
  UNIT_WORD_MAX_LENGTH,
  UNIT_WORDS_MAX,
  joinUnitWords,
  splitUnitWords,
} from '../../contract/unit-words.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts'

const unitFields = {
  code: textField()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,49}$/, 'küçük harf, rakam ve tire'),
  name: textField().trim().min(2).max(120),
  active: z.boolean(),
  /** Comma separated as typed; stored as the words joined again (unit-words.ts). */
  searchWords: textField()
    .max(4000)
    .transform((text, ctx) => {
      const words = splitUnitWords(text)
      const long = words.find((w) => w.length > UNIT_WORD_MAX_LENGTH)
      if (long !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `“${long.slice(0, UNIT_WORD_MAX_LENGTH)}…” çok uzun: bir sözcük en çok ${UNIT_WORD_MAX_LENGTH} karakter olabilir; sözcükleri virgülle ayırın.`,
        })
      else if (words.length > UNIT_WORDS_MAX)
        ctx.addIssue({
          code: 'custom',
          message: `En çok ${UNIT_WORDS_MAX} sözcük yazılabilir (${words.length} yazıldı).`,
        })
      return joinUnitWords(words)
    }),
}
export const unitInput = z.strictObject({
  ...unitFields,
  active: unitFields.active.default(true),
  searchWords: unitFields.searchWords.default(''),
})
/** No defaults in patches: a field not sent stays as it is. */
export const unitPatch = z.strictObject(unitFields).partial()

const extensionFields = {
  pbxId: textField()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/),
  number: textField()
    .trim()
    .regex(/^[0-9*#]{1,32}$/, 'Dahili numarasını yazın (yalnızca rakam, * ve #).'),
  label: textField().trim().min(2).max(120),
  personName: textField().trim().min(2).max(120).nullable(),
  unitId: idField().nullable(),
  stateInterface: textField()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]*\/[^\s/][^\s]{0,120}$/, 'ör. PJSIP/2001')
    .nullable(),
  presenceNote: textField().trim().max(200).nullable(),
  transferContext: textField()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, 'harf, rakam, _ ve -'),
  active: z.boolean(),
}
export const extensionInput = z.strictObject({
  ...extensionFields,
  /** Absent: the one PBX Pano follows (resolvePbxId). */
  pbxId: extensionFields.pbxId.optional(),
  personName: extensionFields.personName.default(null),
  unitId: extensionFields.unitId.default(null),
  stateInterface: extensionFields.stateInterface.default(null),
  presenceNote: extensionFields.presenceNote.default(null),
  transferContext: extensionFields.transferContext.default('departments'),
  active: extensionFields.active.default(true),
})
export const extensionPatch = z.strictObject(extensionFields).partial()
export const queueKindInput = z.strictObject({ kind: z.enum(['CALL_CENTRE', 'SWITCHBOARD']) })

/** The PBX id of a single AMI_HOST (server/config-pbx.ts), for an extension added before any is followed. */
const SINGLE_PBX_ID = 'main'

/**
 * Which PBX a new extension is on: the one asked for, else the only one Pano follows (`demo` for the
 * built-in simulator, `main` for AMI_HOST, the ids of AMI_PBXS); with several, the admin must say which,
 * and one Pano does not follow is refused, since no call could ever be transferred to it.
 */
export function resolvePbxId(asked: string | undefined, followed: readonly string[]): string {
  if (followed.length === 0) return asked ?? SINGLE_PBX_ID
  if (asked === undefined) {
    if (followed.length === 1) return followed[0]!
    throw new ValidationError([
      { path: 'pbxId', code: 'required', message: 'Dahilinin hangi santralde olduğunu seçin.' },
    ])
  }
  if (!followed.includes(asked))
    throw new ValidationError([
      {
        path: 'pbxId',
        code: 'unknown_pbx',
        message: `“${asked}” adında bir santral izlenmiyor; şunlardan birini seçin: ${followed.join(', ')}.`,
      },
    ])
  return asked
}

export interface DirectoryAdminView {
  units: Array<{ id: number; code: string; name: string; active: boolean; searchWords: string }>
  extensions: Array<Required<z.output<typeof extensionInput>> & { id: number }>
  /** The PBXs Pano follows, by id: with more than one, a new extension says which it is on. */
  pbxIds: string[]
  queues: Array<{
    id: number
    pbxId: string
    name: string
    label: string
    kind: 'CALL_CENTRE' | 'SWITCHBOARD'
  }>
}

export async function directoryAdminView(
  prisma: PrismaClient,
  pbxIds: readonly string[],
): Promise<DirectoryAdminView> {
  const [units, extensions, queues] = await Promise.all([
    prisma.unit.findMany({
      orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
      select: { id: true, code: true, name: true, active: true, searchWords: true },
    }),
    prisma.extension.findMany({
      orderBy: [{ pbxId: 'asc' }, { number: 'asc' }],
      select: {
        id: true,
        pbxId: true,
        number: true,
        label: true,
        personName: true,
        unitId: true,
        stateInterface: true,
        presenceNote: true,
        transferContext: true,
        active: true,
      },
    }),
    prisma.queue.findMany({
      orderBy: [{ pbxId: 'asc' }, { name: 'asc' }],
      select: { id: true, pbxId: true, name: true, label: true, kind: true },
    }),
  ])
  return {
    units: units.map((u) => ({ ...u, searchWords: u.searchWords ?? '' })),
    extensions,
    queues,
    pbxIds: [...pbxIds],
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002'
}
function isMissing(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2025'
}

async function guarded<T>(work: () => Promise<T>, duplicate: string): Promise<T> {
  try {
    return await work()
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConflictError(duplicate, 'duplicate')
    if (isMissing(e)) throw new NotFoundError()
    throw e
  }
}

export function createUnit(prisma: PrismaClient, input: z.output<typeof unitInput>) {
  return guarded(() => prisma.unit.create({ data: input }), 'Bu kod veya adla bir birim zaten var.')
}

export function updateUnit(prisma: PrismaClient, id: number, input: z.output<typeof unitPatch>) {
  return guarded(
    () => prisma.unit.update({ where: { id }, data: stripUndefined(input) }),
    'Bu kod veya adla bir birim zaten var.',
  )
}

export function createExtension(
  prisma: PrismaClient,
  input: z.output<typeof extensionInput>,
  followedPbxIds: readonly string[],
) {
  const data = { ...input, pbxId: resolvePbxId(input.pbxId, followedPbxIds) }
  return guarded(() => prisma.extension.create({ data }), 'Bu santralde bu dahili zaten var.')
}

export function updateExtension(prisma: PrismaClient, id: number, input: z.output<typeof extensionPatch>) {
  return guarded(
    () => prisma.extension.update({ where: { id }, data: stripUndefined(input) }),
    'Bu santralde bu dahili zaten var.',
  )
}

export function setQueueKind(prisma: PrismaClient, id: number, kind: 'CALL_CENTRE' | 'SWITCHBOARD') {
  return guarded(() => prisma.queue.update({ where: { id }, data: { kind } }), 'Kuyruk güncellenemedi.')
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }
}
