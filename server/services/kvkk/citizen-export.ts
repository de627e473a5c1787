/**
 * A data subject's export (KVKK md. 11/1-a,b; the Board's 2020/504 on call records, docs/kvkk.md §5, §7):
 * everything Pano holds on one person, the records merged into theirs included: the citizen fields, calls
 * from their numbers, tickets with their history, call-back entries, WhatsApp messages with their numbers,
 * and who (by role) read the record.
 * Staff names are left out: they are personal data of the staff, and the right is to know the purposes
 * and recipients (the KVKK ADR in docs/decisions/). The export itself is audited as a read.
 */
import type {
  CitizenExport,
  ExportCall,
  ExportMessage,
  ExportRead,
  ExportTicket,
} from '../../contract/kvkk.ts'
import { WHATSAPP_KIND_LABELS } from '../../contract/whatsapp.ts'
import {
  CHANNEL_LABELS,
  LEGAL_TRACK_LABELS,
  TICKET_EVENT_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
} from '../../contract/tickets.ts'
import { CALLBACK_REASON_LABELS } from '../../contract/unit-callbacks.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { formatPhoneTr } from '../../domain/phone.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { resolveSurvivorId } from '../citizens/citizen-records.ts'
import { actionLabel, roleLabel } from './access-log.ts'
import type { KvkkDeps } from './kvkk-deps.ts'
import type { Role } from '../../contract/auth.ts'
import { recordingStateOf } from '../recordings/recording-state.ts'
import { answeredUnseen } from '../../../telephony/index.ts'

type Tx = Prisma.TransactionClient

export const CONTROLLER =
  'Karşıyaka Belediyesi — Halkla İlişkiler Müdürlüğü (veri sorumlusu: Karşıyaka Belediyesi)'
/** A person read thousands of times (a frequent caller) still gets an answer of a printable size. */
const MAX_READS = 10_000

const DIRECTION_LABELS: Record<string, string> = { INBOUND: 'Gelen', OUTBOUND: 'Giden', INTERNAL: 'Dahili' }
const OUTCOME_LABELS: Record<string, string> = {
  ANSWERED: 'Cevaplandı',
  ABANDONED: 'Arayan beklerken kapattı',
  TIMEOUT: 'Sırada zaman aşımı',
  EXIT_EMPTY: 'Temsilci yoktu',
  EXIT_KEY: 'Tuşla çıktı',
  TRANSFERRED: 'Aktarıldı',
  NO_ANSWER: 'Cevap yok',
  FAILED: 'Kurulamadı',
  UNKNOWN: 'Sonucu bilinmiyor',
}
const CALLBACK_STATUS_LABELS: Record<string, string> = {
  OPEN: 'Açık',
  DONE: 'Tamamlandı',
  CANCELLED: 'İptal',
}

const NOT_HELD = [
  'Ses kayıtları santralde tutulur, Pano’da değil; istenirse santral yöneticisinden ayrıca alınır.',
  'Pano vatandaşlardan gelen e-posta ve SMS yazışmalarını bu dökümde vermiyor; WhatsApp yazışmaları “Mesajlar” altındadır.',
]

const labelOf = (labels: Readonly<Record<string, string>>, code: string) => labels[code] ?? code
const phoneText = (n: string) => (n.startsWith('+') ? formatPhoneTr(n) : n)

async function ticketsOf(tx: Tx, ids: number[]): Promise<ExportTicket[]> {
  const rows = await tx.ticket.findMany({
    where: { citizenId: { in: ids } },
    include: { unit: { select: { name: true } }, events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((t) => ({
    number: t.number,
    type: labelOf(TICKET_TYPE_LABELS, t.type),
    channel: labelOf(CHANNEL_LABELS, t.channel),
    legalTrack: labelOf(LEGAL_TRACK_LABELS, t.legalTrack),
    subject: t.subject,
    description: t.description,
    status: t.status,
    statusLabel: labelOf(TICKET_STATUS_LABELS, t.status),
    unit: t.unit?.name ?? null,
    unitAnswer: t.unitAnswer,
    externalRef: t.externalRef,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
    history: t.events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      kindLabel: labelOf(TICKET_EVENT_LABELS, e.kind),
      fromStatus: e.fromStatus === null ? null : labelOf(TICKET_STATUS_LABELS, e.fromStatus),
      toStatus: e.toStatus === null ? null : labelOf(TICKET_STATUS_LABELS, e.toStatus),
      note: e.note,
    })),
  }))
}

async function callsOf(tx: Tx, ids: number[], phones: string[], role: Role): Promise<ExportCall[]> {
  const rows = await tx.call.findMany({
    where: { OR: [{ citizenId: { in: ids } }, { callerNumber: { in: phones } }] },
    include: { wrapUpCode: { select: { label: true } } },
    orderBy: { enteredAt: 'asc' },
  })
  const queues = await tx.queue.findMany({ select: { pbxId: true, name: true, label: true } })
  const label = new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label]))
  return rows.map((c) => ({
    callId: c.id,
    enteredAt: c.enteredAt.toISOString(),
    direction: labelOf(DIRECTION_LABELS, c.direction),
    queue: c.queue === null ? null : (label.get(`${c.pbxId}/${c.queue}`) ?? c.queue),
    callerNumber: c.callerNumber === null ? null : phoneText(c.callerNumber),
    outcome: labelOf(OUTCOME_LABELS, c.outcome),
    waitSec: Math.round(c.waitSec),
    talkSec: c.talkSec === null ? null : Math.round(c.talkSec),
    answeredUnseen: answeredUnseen(c),
    outcomeUnknown: c.outcome === 'UNKNOWN',
    wrapUp: c.wrapUpCode?.label ?? null,
    wrapUpNote: c.wrapUpNote,
    recording: recordingStateOf(c, role),
  }))
}

async function readsOf(tx: Tx, ids: number[]): Promise<{ reads: ExportRead[]; capped: boolean }> {
  const rows = await tx.auditLog.findMany({
    where: { entity: CITIZEN_ENTITY, entityId: { in: ids.map(String) } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: MAX_READS + 1,
    select: { at: true, action: true, actorRole: true },
  })
  return {
    capped: rows.length > MAX_READS,
    reads: rows.slice(0, MAX_READS).map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      actionLabel: actionLabel(r.action),
      role: roleLabel(r.actorRole),
    })),
  }
}

async function whatsappOf(tx: Tx, phones: string[]): Promise<ExportMessage[]> {
  const rows = await tx.whatsappMessage.findMany({
    where: { conversation: { phone: { in: phones } } },
    select: {
      direction: true,
      at: true,
      kind: true,
      text: true,
      mediaFilename: true,
      conversation: { select: { phone: true } },
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  })
  return rows.map((m) => ({
    channel: 'WhatsApp',
    phone: phoneText(m.conversation.phone),
    direction: m.direction === 'IN' ? 'Vatandaştan' : 'Vatandaşa',
    at: m.at.toISOString(),
    kind: labelOf(WHATSAPP_KIND_LABELS, m.kind),
    text: m.text,
    file: m.mediaFilename,
  }))
}

export async function exportCitizen(deps: KvkkDeps, actor: Actor, id: number): Promise<CitizenExport> {
  const now = deps.now()
  return deps.prisma.$transaction(
    async (tx) => {
      const survivorId = await resolveSurvivorId(tx, id)
      const citizen = await tx.citizen.findUniqueOrThrow({
        where: { id: survivorId },
        include: { phones: { orderBy: { id: 'asc' } } },
      })
      const merged = await tx.citizen.findMany({
        where: { mergedIntoId: survivorId },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
      const ids = [survivorId, ...merged.map((m) => m.id)]
      const phones = citizen.phones.map((p) => p.e164)
      // One after another: a transaction has one connection.
      const tickets = await ticketsOf(tx, ids)
      const calls = await callsOf(tx, ids, phones, actor.role)
      const callbacks = await tx.callback.findMany({
        where: { OR: [{ citizenId: { in: ids } }, { phoneE164: { in: phones } }] },
        include: { _count: { select: { attempts: true } } },
        orderBy: { createdAt: 'asc' },
      })
      const messages = await whatsappOf(tx, phones)
      const reads = await readsOf(tx, ids)
      await recordAudit(tx, actor, now, [
        { action: AUDIT_ACTIONS.kvkkExport, entity: CITIZEN_ENTITY, entityId: survivorId },
      ])
      const notHeld = [...NOT_HELD]
      if (reads.capped)
        notHeld.push(
          `Erişim kayıtlarının en yeni ${MAX_READS} tanesi listelendi; tamamı istenirse ayrıca verilir.`,
        )
      return {
        generatedAt: now.toISOString(),
        controller: CONTROLLER,
        citizen: {
          id: citizen.id,
          fullName: citizen.fullName,
          phones: citizen.phones.map((p) => ({ number: formatPhoneTr(p.e164), label: p.label })),
          email: citizen.email,
          mahalle: citizen.mahalle,
          address: citizen.address,
          kvkkNoticeAt: citizen.kvkkNoticeAt?.toISOString() ?? null,
          createdAt: citizen.createdAt.toISOString(),
          updatedAt: citizen.updatedAt.toISOString(),
          anonymizedAt: citizen.anonymizedAt?.toISOString() ?? null,
          mergedFromIds: merged.map((m) => m.id),
        },
        tickets,
        calls,
        callbacks: callbacks.map((b) => ({
          phone: phoneText(b.phoneE164),
          reason: labelOf(CALLBACK_REASON_LABELS, b.reason),
          status: labelOf(CALLBACK_STATUS_LABELS, b.status),
          createdAt: b.createdAt.toISOString(),
          closedAt: b.closedAt?.toISOString() ?? null,
          attempts: b._count.attempts,
        })),
        messages,
        reads: reads.reads,
        notHeld,
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}
