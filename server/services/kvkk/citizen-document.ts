/**
 * The export as the file the person is handed (docs/kvkk.md §5): what exportCitizen gathered, under
 * Turkish keys and with every time on Istanbul clocks with its offset (`2026-12-07T04:12:38+03:00`),
 * since the reader is a Turkish citizen and not the screen that formats `…Z` instants for the officer.
 * Nothing is added or left out: each key of CitizenExport has its Turkish one here.
 */
import type { CitizenDocument, CitizenExport } from '../../contract/kvkk.ts'
import { istanbulDate, istanbulIsoTime } from '../../domain/calendar/istanbul-time.ts'

const time = (iso: string) => istanbulIsoTime(new Date(iso))
const timeOrNull = (iso: string | null) => (iso === null ? null : time(iso))
/** A call answered and ended while Pano could not see the PBX: its stored wait is only what Pano saw. */
const ANSWERED_UNSEEN_NOTE =
  'Santral bağlantısı kesikken cevaplanıp bitti: bekleme süresi en az bu kadardır, görüşme süresi bilinmiyor.'

/** A call that ended while Pano could not see the PBX, answered or not: nobody can tell. */
const OUTCOME_UNKNOWN_NOTE =
  'Santral bağlantısı kesikken bitti: cevaplanıp cevaplanmadığı bilinmiyor; bekleme süresi en az bu kadardır.'

export function citizenDocument(x: CitizenExport): CitizenDocument {
  const c = x.citizen
  return {
    oluşturulma: time(x.generatedAt),
    veriSorumlusu: x.controller,
    vatandaş: {
      kayıtNo: c.id,
      adSoyad: c.fullName,
      telefonlar: c.phones.map((p) => ({ numara: p.number, etiket: p.label })),
      ePosta: c.email,
      mahalle: c.mahalle,
      adres: c.address,
      aydınlatmaTarihi: timeOrNull(c.kvkkNoticeAt),
      kayıtTarihi: time(c.createdAt),
      güncellemeTarihi: time(c.updatedAt),
      anonimleştirmeTarihi: timeOrNull(c.anonymizedAt),
      birleştirilenKayıtlar: c.mergedFromIds,
    },
    talepler: x.tickets.map((t) => ({
      numara: t.number,
      tür: t.type,
      kanal: t.channel,
      yasalSüreç: t.legalTrack,
      konu: t.subject,
      açıklama: t.description,
      durumKodu: t.status,
      durum: t.statusLabel,
      birim: t.unit,
      birimYanıtı: t.unitAnswer,
      başvuruNo: t.externalRef,
      açılış: time(t.createdAt),
      sonTarih: time(t.dueAt),
      kapanış: timeOrNull(t.closedAt),
      geçmiş: t.history.map((e) => ({
        zaman: time(e.at),
        olayKodu: e.kind,
        olay: e.kindLabel,
        öncekiDurum: e.fromStatus,
        yeniDurum: e.toStatus,
        not: e.note,
      })),
    })),
    çağrılar: x.calls.map((k) => ({
      çağrıNo: k.callId,
      zaman: time(k.enteredAt),
      yön: k.direction,
      hat: k.queue,
      arayanNumara: k.callerNumber,
      sonuç: k.outcome,
      beklemeSaniye: k.waitSec,
      görüşmeSaniye: k.talkSec,
      not: k.answeredUnseen ? ANSWERED_UNSEEN_NOTE : k.outcomeUnknown ? OUTCOME_UNKNOWN_NOTE : null,
      konu: k.wrapUp,
      konuNotu: k.wrapUpNote,
      sesKaydı:
        k.recording === null
          ? null
          : k.recording.state === 'available'
            ? { durum: 'var' }
            : { durum: 'silindi', silinme: time(k.recording.deletedAt) },
    })),
    geriAramalar: x.callbacks.map((b) => ({
      numara: b.phone,
      neden: b.reason,
      durum: b.status,
      oluşturulma: time(b.createdAt),
      kapanış: timeOrNull(b.closedAt),
      denemeSayısı: b.attempts,
    })),
    mesajlar: x.messages.map((m) => ({
      kanal: m.channel,
      numara: m.phone,
      yön: m.direction,
      zaman: time(m.at),
      tür: m.kind,
      metin: m.text,
      dosya: m.file,
    })),
    erişimler: x.reads.map((r) => ({
      zaman: time(r.at),
      işlemKodu: r.action,
      işlem: r.actionLabel,
      rol: r.role,
    })),
    tutulmayanlar: x.notHeld,
  }
}

/** `kvkk-dokum-vatandas-12-2026-12-07.json`: the record number and the Istanbul day it was made. */
export function citizenDocumentFileName(x: CitizenExport): string {
  return `kvkk-dokum-vatandas-${x.citizen.id}-${istanbulDate(new Date(x.generatedAt))}.json`
}
