/**
 * A PBX action's failure → the error a person reads (docs/errors.md). Every screen that acts on the PBX
 * (santral, Çağrı Masası, the müdür's agent board and listen) goes through here, so each says the same
 * three different things: the PBX refused (with Asterisk's own `Message:`), the PBX cannot be reached
 * (nothing was done), or the PBX did not answer in time (the outcome is unknown). Errors are told apart
 * by `name`, which survives the trip from the node holding the PBX connection (server/services/cluster).
 */
import { AppError } from '../../errors.ts'

/** The failure as one Turkish sentence, without the action's name (click-to-call and listen progress). */
export function pbxFailureText(error: Error): string {
  switch (error.name) {
    case 'AmiActionError': {
      const said = pbxWords(error)
      return said === '' ? 'santral reddetti (bir neden bildirmedi).' : `santral reddetti: “${said}”.`
    }
    case 'AmiDisconnectedError':
      return 'santrale ulaşılamıyor (bağlantı yok); işlem yapılmadı. Bağlantı dönünce yeniden deneyin.'
    case 'AmiTimeoutError':
      return 'santral zamanında yanıt vermedi; işlemin yapılıp yapılmadığı bilinmiyor, ekrandan kontrol edin.'
    case 'AmiEncodeError':
      return 'geçersiz bir değer santrale gönderilmedi.'
    case 'UnknownPbxError':
      return 'bu hat ya da temsilci hiçbir santralde tanımlı değil.'
    default:
      return 'santral işlemi tamamlanamadı.'
  }
}

/** The same, as a sentence of its own (a list row's detail: "Santral reddetti: “…”."). */
export function pbxFailureSentence(error: Error): string {
  const text = pbxFailureText(error)
  return text.charAt(0).toLocaleUpperCase('tr') + text.slice(1)
}

/** Asterisk's OriginateResponse `Reason` codes for a first leg that was not answered (docs/ami-protocol.md). */
const ORIGINATE_REASON_TEXT: Readonly<Record<number, string>> = {
  1: 'Dahili hattınız kapatıldı.',
  3: 'Dahili hattınız cevap vermedi.',
  5: 'Dahili hattınız meşgul.',
  8: 'Hat yoğun, çağrı kurulamadı.',
}

/** Why the person's own phone did not take an originated call (click-to-call, listen). */
export function originateReasonText(reason: number | undefined): string {
  return ORIGINATE_REASON_TEXT[reason ?? 0] ?? 'Santral çağrıyı kuramadı.'
}

/** The HTTP (and acknowledgement) error for a failed PBX action; `what` names the action in Turkish. */
export function pbxError(error: Error, what = 'Santral işlemi'): AppError {
  const message = `${what}: ${pbxFailureText(error)}`
  const action = (error as { action?: unknown }).action
  switch (error.name) {
    case 'AmiActionError':
      return new AppError(502, 'pbx_refused', message, {
        kind: 'pbx_refused',
        details: { pbxMessage: pbxWords(error), action: typeof action === 'string' ? action : '' },
      })
    case 'AmiDisconnectedError':
      return new AppError(503, 'pbx_unreachable', message, { kind: 'pbx_unreachable', cause: error })
    case 'AmiTimeoutError':
      return new AppError(504, 'pbx_timeout', message, { kind: 'pbx_timeout', cause: error })
    case 'AmiEncodeError': {
      const field = (error as { field?: unknown }).field
      return new AppError(400, 'validation_failed', message, {
        details: { field: typeof field === 'string' ? field : '' },
      })
    }
    case 'UnknownPbxError':
      return new AppError(404, 'pbx_not_found', message)
    default:
      return new AppError(500, 'pbx_failed', message, { kind: 'internal', cause: error })
  }
}

/** Pano runs without a PBX connection (none configured, or the desk/console not started yet). */
export function pbxNotConfigured(what = 'Santral işlemi'): AppError {
  return new AppError(503, 'pbx_not_configured', `${what}: santral bağlantısı yapılandırılmamış.`, {
    kind: 'pbx_unreachable',
  })
}

/** Asterisk's `Message:` of a refusal, trimmed and bounded (it is shown as it came). */
function pbxWords(error: Error): string {
  const said = (error as { amiMessage?: unknown }).amiMessage
  return typeof said === 'string' ? said.trim().slice(0, 200) : ''
}
