/**
 * Erasure on a data subject's request (KVKK md. 7 and 11; docs/kvkk.md §5–6): the person is taken out of
 * Pano at once (citizen-anonymise.ts) and the answer says, in Turkish, what Pano keeps and under which
 * law, so the officer can put it in the written reply. One audit row with the officer's reason.
 */
import { TICKET_STATUS_LABELS, type TicketStatusCode } from '../../contract/tickets.ts'
import type { EraseResult, KeptRecord } from '../../contract/kvkk.ts'
import { dayText } from './turkish-time.ts'
import { ConflictError } from '../../errors.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { resolveSurvivorId } from '../citizens/citizen-records.ts'
import { anonymiseCitizens, type AnonymiseOutcome } from './citizen-anonymise.ts'
import type { KvkkDeps } from './kvkk-deps.ts'
import { deleteRecordingsOfCitizens, type RecordingRetention } from './retention-recordings.ts'
import { readRetentionPeriods } from './retention-settings.ts'

/** What became of the person's recordings: `folder` false when Pano reads none (they stay on the PBX). */
type RecordingErasure = RecordingRetention & { folder: boolean }

function keptRecords(outcome: AnonymiseOutcome, recordings: RecordingErasure): KeptRecord[] {
  const kept: KeptRecord[] = []
  for (const t of outcome.tickets.filter((x) => x.keptByLaw)) {
    const what = `Talep ${t.number} (${TICKET_STATUS_LABELS[t.status as TicketStatusCode] ?? t.status})`
    kept.push({
      what,
      reason:
        t.keptUntil === null
          ? 'Açık başvuru: yanıtlanıp kapanana kadar tutulur (3071 sayılı Kanun md. 7, 4982 sayılı Kanun md. 11, CİMER). Kişisel alanları anonimleştirildi; yanıt başvurunun geldiği kanaldan verilmeli.'
          : `Kapanmış talep: genel zamanaşımı (TBK md. 146, 10 yıl) nedeniyle ${dayText(t.keptUntil)} tarihine kadar tutulur. Kişisel alanları anonimleştirildi.`,
    })
  }
  if (outcome.callsMasked > 0)
    kept.push({
      what: `${outcome.callsMasked} çağrı kaydı`,
      reason:
        'Çağrı merkezi istatistikleri için saat ve süreler tutulur; arayan numarası maskelendi, arayan adı silindi.',
    })
  kept.push(
    {
      what: 'Erişim ve işlem kayıtları',
      reason:
        'Kaydı kimin ne zaman gördüğü (KVKK md. 12) ve bu silme işleminin kaydı (Silme Yönetmeliği, en az 3 yıl) tutulur; bu kayıtlarda ad ve numara yok.',
    },
    {
      what: 'Aydınlatma tarihi',
      reason:
        'Aydınlatma yükümlülüğünü ispat yükü veri sorumlusundadır (Aydınlatma Tebliği); yalnızca tarih tutulur.',
    },
  )
  if (!recordings.folder)
    kept.push({
      what: 'Ses kayıtları',
      reason:
        'Ses kayıtları santralde tutulur, Pano’da değil: silinmeleri santral yöneticisinden ayrıca istenmeli.',
    })
  else if (recordings.recordingsNotDeleted > 0)
    kept.push({
      what: `${recordings.recordingsNotDeleted} ses kaydı`,
      reason:
        'Kayıt klasöründen silinemedi (dosya izinleri): santral yöneticisinden silinmesi istenmeli; saklama çalışması her gün yeniden dener.',
    })
  return kept
}

export async function eraseCitizen(
  deps: KvkkDeps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<EraseResult> {
  const now = deps.now()
  return deps.prisma.$transaction(
    async (tx) => {
      const survivorId = await resolveSurvivorId(tx, id)
      const [row] = await tx.$queryRaw<{ anonymizedAt: Date | null }[]>`
        SELECT "anonymizedAt" FROM "Citizen" WHERE id = ${survivorId} FOR UPDATE`
      if (row?.anonymizedAt != null)
        throw new ConflictError(
          `Bu kayıt ${dayText(row.anonymizedAt)} tarihinde anonimleştirilmiş; silinecek kişisel veri kalmadı.`,
          'citizen_anonymized',
        )
      const merged = await tx.citizen.findMany({ where: { mergedIntoId: survivorId }, select: { id: true } })
      const periods = await readRetentionPeriods(tx)
      const citizenIds = [survivorId, ...merged.map((m) => m.id)]
      // Before the calls are masked: their numbers find the recordings of calls no record was tied to.
      const phones = await tx.citizenPhone.findMany({
        where: { citizenId: { in: citizenIds } },
        select: { e164: true },
      })
      const store = deps.recordings ?? null
      const recordings = await deleteRecordingsOfCitizens(
        tx,
        store,
        { citizenIds, phones: phones.map((p) => p.e164) },
        now,
        actor,
      )
      const outcome = await anonymiseCitizens(tx, {
        citizenIds,
        now,
        ticketDays: periods.tickets,
        actorId: actor.userId,
      })
      const done: EraseResult['done'] = {
        citizensAnonymised: outcome.citizensAnonymised,
        phonesDeleted: outcome.phonesDeleted,
        callsMasked: outcome.callsMasked,
        transfersMasked: outcome.transfersMasked,
        callbacksDeleted: outcome.callbacksDeleted,
        whatsappConversationsDeleted: outcome.whatsappConversationsDeleted,
        ticketsAnonymised: outcome.tickets.filter((t) => t.keptByLaw).length,
        ticketsEmptied: outcome.tickets.filter((t) => !t.keptByLaw).length,
        ...recordings,
      }
      await recordAudit(tx, actor, now, [
        {
          action: AUDIT_ACTIONS.kvkkErase,
          entity: CITIZEN_ENTITY,
          entityId: survivorId,
          detail: {
            reason,
            requestedId: id,
            mergedFromIds: merged.map((m) => m.id),
            done: { ...done },
            keptTickets: outcome.tickets.filter((t) => t.keptByLaw).map((t) => t.number),
          },
        },
      ])
      return {
        citizenId: survivorId,
        erasedAt: now.toISOString(),
        done,
        kept: keptRecords(outcome, { ...recordings, folder: store !== null }),
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  )
}
