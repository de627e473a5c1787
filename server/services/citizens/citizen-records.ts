/**
 * Reading, creating and editing one citizen record. Reads follow the merge pointer to the survivor; every
 * read and change is written to the audit log in the same transaction as the change.
 */
import type {
  CitizenPhoneInput,
  CitizenView,
  CreateCitizenBody,
  CreateCitizenResponse,
  UpdateCitizenBody,
} from '../../contract/citizens.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { PHONE_INVALID_LABELS } from '../../domain/labels.ts'
import { normalizePhone } from '../../domain/phone.ts'
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../errors.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit, recordCitizenReads } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { citizenInclude, toCitizenSummary, toCitizenView } from './citizen-view.ts'
import type { MessageChannelCode } from '../../contract/messaging.ts'
import { pickRecipient } from '../messaging/queue-message.ts'

type Db = Prisma.TransactionClient

const MAX_MERGE_HOPS = 20

/** Follows `mergedIntoId` to the live record. Throws NotFound for an unknown id. */
export async function resolveSurvivorId(db: Db, id: number): Promise<number> {
  let current = id
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const row = await db.citizen.findUnique({ where: { id: current }, select: { mergedIntoId: true } })
    if (row === null) throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
    if (row.mergedIntoId === null) return current
    current = row.mergedIntoId
  }
  throw new ConflictError('Vatandaş kaydının birleştirme zinciri çözülemedi.', 'citizen_merge_loop')
}

export async function getCitizenInTx(db: Db, survivorId: number, requestedId: number): Promise<CitizenView> {
  const row = await db.citizen.findUnique({ where: { id: survivorId }, include: citizenInclude })
  if (row === null) throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
  const mergedFrom = await db.citizen.findMany({
    where: { mergedIntoId: survivorId },
    select: { id: true },
    orderBy: { id: 'asc' },
  })
  return toCitizenView(
    row,
    requestedId === survivorId ? null : requestedId,
    mergedFrom.map((m) => m.id),
  )
}

export async function getCitizen(deps: ServiceDeps, actor: Actor, id: number): Promise<CitizenView> {
  return deps.prisma.$transaction(async (tx) => {
    const survivorId = await resolveSurvivorId(tx, id)
    const view = await getCitizenInTx(tx, survivorId, id)
    await recordCitizenReads(tx, actor, deps.clock.now(), [survivorId], AUDIT_ACTIONS.citizenRead)
    return view
  })
}

interface NormalisedPhone {
  e164: string
  label: string | null
}

/** Every number normalised to E.164; a number that is not a phone number is a field error, not a crash. */
export function normalisePhoneInputs(phones: readonly CitizenPhoneInput[]): NormalisedPhone[] {
  const issues: FieldIssue[] = []
  const seen = new Map<string, NormalisedPhone>()
  phones.forEach((p, i) => {
    const phone = normalizePhone(p.number)
    if (!phone.ok) {
      issues.push({
        path: `phones.${i}.number`,
        code: 'invalid_phone',
        message: PHONE_INVALID_LABELS[phone.reason],
      })
      return
    }
    if (!seen.has(phone.e164)) seen.set(phone.e164, { e164: phone.e164, label: p.label?.trim() || null })
  })
  if (issues.length > 0) throw new ValidationError(issues)
  return [...seen.values()]
}

/** A preferred channel needs somewhere to write to, checked before anything is stored (400 at the field). */
function checkPreferredChannel(
  channel: MessageChannelCode | null,
  email: string | null,
  phones: { e164: string }[],
): void {
  if (channel === null) return
  const found = pickRecipient(channel, { email: blankToNull(email) ?? null, phones })
  if (!found.ok)
    throw new ValidationError([{ path: 'preferredChannel', code: 'no_recipient', message: found.reason }])
}

function blankToNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined
  if (value === null) return null
  const t = value.trim()
  return t === '' ? null : t
}

export async function createCitizen(
  deps: ServiceDeps,
  actor: Actor,
  body: CreateCitizenBody,
): Promise<CreateCitizenResponse> {
  const phones = normalisePhoneInputs(body.phones ?? [])
  checkPreferredChannel(body.preferredChannel ?? null, body.email ?? null, phones)
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    const { id, duplicates } = await createCitizenInTx(tx, actor, now, body, phones)
    return {
      citizen: await getCitizenInTx(tx, id, id),
      possibleDuplicates: duplicates.map(toCitizenSummary),
    }
  })
}

/**
 * A new record inside a caller's transaction, with its creation audit row and a read row for each
 * possible duplicate shown with it: for a record that must be stored with something else or not at all
 * (a ticket from the inbox or WhatsApp: tickets/ticket-create.ts `newCitizen`). `phones` are
 * `normalisePhoneInputs(body.phones)`.
 */
export async function createCitizenInTx(
  tx: Prisma.TransactionClient,
  actor: Actor,
  now: Date,
  body: CreateCitizenBody,
  phones: ReturnType<typeof normalisePhoneInputs>,
) {
  const created = await tx.citizen.create({
    data: {
      fullName: body.fullName.trim(),
      email: blankToNull(body.email) ?? null,
      mahalle: blankToNull(body.mahalle) ?? null,
      address: blankToNull(body.address) ?? null,
      kvkkNoticeAt: body.kvkkNoticeGiven === true ? now : null,
      preferredChannel: body.preferredChannel ?? null,
      messagingConsentAt: body.messagingConsent === true ? now : null,
      messagingConsentById: body.messagingConsent === true ? actor.userId : null,
      phones: { create: phones },
    },
    select: { id: true },
  })
  const duplicates = await tx.citizen.findMany({
    where: {
      id: { not: created.id },
      mergedIntoId: null,
      anonymizedAt: null,
      phones: { some: { e164: { in: phones.map((p) => p.e164) } } },
    },
    include: citizenInclude,
    orderBy: { id: 'asc' },
    take: 10,
  })
  await recordAudit(tx, actor, now, [
    {
      action: AUDIT_ACTIONS.citizenCreate,
      entity: CITIZEN_ENTITY,
      entityId: created.id,
      detail: { kvkkNoticeGiven: body.kvkkNoticeGiven === true },
    },
  ])
  await recordCitizenReads(
    tx,
    actor,
    now,
    duplicates.map((d) => d.id),
    AUDIT_ACTIONS.citizenList,
    { reason: 'possible-duplicate', of: created.id },
  )
  return { id: created.id, duplicates }
}

export async function updateCitizen(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  body: UpdateCitizenBody,
): Promise<CitizenView> {
  const phones = body.phones === undefined ? undefined : normalisePhoneInputs(body.phones)
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    const current = await tx.citizen.findUnique({ where: { id } })
    if (current === null) throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
    if (current.mergedIntoId !== null) {
      throw new ConflictError(
        'Bu kayıt başka bir kayıtla birleştirildi; güncel kaydı düzenleyin.',
        'citizen_merged',
        { survivorId: current.mergedIntoId },
      )
    }
    if (current.anonymizedAt !== null) {
      throw new ConflictError('Anonimleştirilmiş kayıt düzenlenemez.', 'citizen_anonymized')
    }
    const data: Prisma.CitizenUpdateInput = {}
    const changed: string[] = []
    if (body.fullName !== undefined && body.fullName.trim() !== current.fullName) {
      data.fullName = body.fullName.trim()
      changed.push('fullName')
    }
    for (const field of ['email', 'mahalle', 'address'] as const) {
      const next = blankToNull(body[field])
      if (next !== undefined && next !== current[field]) {
        data[field] = next
        changed.push(field)
      }
    }
    if (body.preferredChannel !== undefined || body.email !== undefined || phones !== undefined) {
      const channel = body.preferredChannel === undefined ? current.preferredChannel : body.preferredChannel
      const email = body.email === undefined ? current.email : body.email
      const numbers =
        phones ?? (await tx.citizenPhone.findMany({ where: { citizenId: id }, select: { e164: true } }))
      checkPreferredChannel(channel, email, numbers)
      if (channel !== current.preferredChannel) {
        data.preferredChannel = channel
        changed.push('preferredChannel')
      }
    }
    if (body.messagingConsent === true && current.messagingConsentAt === null) {
      data.messagingConsentAt = now
      data.messagingConsentById = actor.userId
      changed.push('messagingConsent')
    } else if (body.messagingConsent === false && current.messagingConsentAt !== null) {
      data.messagingConsentAt = null
      data.messagingConsentById = null
      changed.push('messagingConsent')
    }
    if (body.kvkkNoticeGiven === true && current.kvkkNoticeAt === null) {
      data.kvkkNoticeAt = now
      changed.push('kvkkNoticeAt')
    }
    if (phones !== undefined) {
      const existing = await tx.citizenPhone.findMany({ where: { citizenId: id } })
      const wanted = new Map(phones.map((p) => [p.e164, p]))
      const gone = existing.filter((p) => !wanted.has(p.e164))
      if (gone.length > 0) await tx.citizenPhone.deleteMany({ where: { id: { in: gone.map((p) => p.id) } } })
      for (const p of phones) {
        const old = existing.find((e) => e.e164 === p.e164)
        if (old === undefined)
          await tx.citizenPhone.create({ data: { citizenId: id, e164: p.e164, label: p.label } })
        else if (old.label !== p.label)
          await tx.citizenPhone.update({ where: { id: old.id }, data: { label: p.label } })
      }
      const before = existing
        .map((p) => `${p.e164}|${p.label ?? ''}`)
        .sort()
        .join(',')
      const after = phones
        .map((p) => `${p.e164}|${p.label ?? ''}`)
        .sort()
        .join(',')
      if (before !== after) changed.push('phones')
    }
    if (Object.keys(data).length > 0) await tx.citizen.update({ where: { id }, data })
    else if (changed.includes('phones')) await tx.citizen.update({ where: { id }, data: { updatedAt: now } })
    // Field names only: the log must not become a second copy of the personal data.
    await recordAudit(tx, actor, now, [
      { action: AUDIT_ACTIONS.citizenUpdate, entity: CITIZEN_ENTITY, entityId: id, detail: { changed } },
    ])
    return getCitizenInTx(tx, id, id)
  })
}
