/**
 * Turkish UI labels of the domain. The enum labels live in the wire contract (server/contract/tickets.ts,
 * which the client imports); they are re-exported here under short names so domain code has one place to
 * look. Labels that only the domain defines (actions, warnings, errors) are declared here.
 */
import type { DeadlineWarning, LegalTrackWarning } from './legal-clock.ts'
import type { TransitionAction, TransitionErrorCode } from './ticket-status.ts'
import type { PhoneInvalidReason, PhoneKind } from './phone.ts'

export {
  CHANNEL_LABELS,
  DEADLINE_LABELS,
  LEGAL_TRACK_LABELS as TRACK_LABELS,
  PRIORITY_LABELS,
  TICKET_EVENT_LABELS as EVENT_LABELS,
  TICKET_STATUS_LABELS as STATUS_LABELS,
  TICKET_TYPE_LABELS as TYPE_LABELS,
} from '../contract/tickets.ts'

/** Button text for each move of the status table. */
export const TRANSITION_ACTION_LABELS: Record<TransitionAction, string> = {
  route: 'Birime havale et',
  accept: 'İşleme al',
  answer: 'Yanıtla',
  'reject-answer': 'Yanıt yetersiz: birime geri gönder',
  notify: 'Vatandaşa bildirildi',
  close: 'Kapat',
  dismiss: 'İşlem yapmadan kapat',
  reopen: 'Yeniden aç',
  return: 'Müdürlüğe iade et',
}

export const TRANSITION_ERROR_LABELS: Record<TransitionErrorCode, string> = {
  NOT_A_TRANSITION: 'Talep bu durumdan o duruma geçirilemez',
  ROLE_NOT_ALLOWED: 'Bu işlem için yetkiniz yok',
  REASON_REQUIRED: 'Gerekçe yazılmalı',
  ANSWER_REQUIRED: 'Yanıt metni yazılmalı',
}

export const LEGAL_TRACK_WARNING_LABELS: Record<LegalTrackWarning, string> = {
  BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION:
    'Telefonla bilgi edinme başvurusu 4982 kapsamında alınamaz: vatandaşı yazılı ya da elektronik başvuruya yönlendirin (Bilgi Edinme formu, CİMER).',
  BILGI_EDINME_CHECK_APPLICANT_DETAILS:
    '4982 başvurusunda ad, soyad, adres ve imza (e-imza) bulunmalı; eksikse başvuru 4982 kapsamında değildir.',
  KVKK_REQUIRES_WRITTEN_APPLICATION:
    'KVKK başvurusu telefonla alınamaz: yazılı ya da Kurul’un kabul ettiği bir yolla başvurulmalı.',
  PETITION_REQUIRES_WRITTEN_APPLICATION:
    '3071 dilekçesi yazılı ve imzalı olmalı: telefonla dilekçe alınamaz.',
}

export const DEADLINE_WARNING_LABELS: Record<DeadlineWarning, string> = {
  HOLIDAYS_NOT_CONFIGURED:
    'Bu yılın resmî tatilleri tanımlı değil: son tarih tatiller hesaba katılmadan bulundu.',
}

export const PHONE_KIND_LABELS: Record<PhoneKind, string> = {
  mobile: 'Cep',
  fixed: 'Sabit',
  service: 'Özel hizmet numarası',
  other: 'Diğer',
}

export const PHONE_INVALID_LABELS: Record<PhoneInvalidReason, string> = {
  EMPTY: 'Numara boş',
  NOT_A_NUMBER: 'Numara rakam içermiyor',
  SHORT_CODE: 'Kısa numara (153, 112 gibi) vatandaş numarası olarak kaydedilemez',
  TOO_SHORT: 'Numara eksik',
  TOO_LONG: 'Numara fazla uzun',
  INVALID: 'Geçerli bir telefon numarası değil',
}
