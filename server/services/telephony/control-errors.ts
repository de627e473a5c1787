/**
 * A PBX action's error value → the AppError the HTTP layer answers with. The PBX's own words
 * (`Interface not found`) are kept in the message and in `details.pbxMessage`, so the supervisor
 * sees why the PBX refused.
 */
import { AppError, NotFoundError } from '../../errors.ts'
import {
  AmiActionError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
} from '../../../telephony/index.ts'
import { UnknownPbxError, type ControlError } from './telephony-actions.ts'

export function controlErrorToAppError(error: ControlError): AppError {
  if (error instanceof AmiActionError)
    return new AppError(502, 'pbx_error', `Santral işlemi reddetti: ${error.amiMessage || 'hata'}`, {
      details: { pbxMessage: error.amiMessage, action: error.action },
    })
  if (error instanceof AmiDisconnectedError)
    return new AppError(503, 'pbx_unavailable', 'Santral bağlantısı yok; işlem yapılamadı.', {
      details: { reason: error.reason },
    })
  if (error instanceof AmiTimeoutError)
    return new AppError(504, 'pbx_timeout', 'Santral zamanında yanıt vermedi; işlemin sonucu bilinmiyor.')
  if (error instanceof AmiEncodeError)
    return new AppError(400, 'validation_failed', `Geçersiz değer: ${error.field} ${error.problem}`, {
      details: { field: error.field },
    })
  if (error instanceof UnknownPbxError)
    return new NotFoundError('Santral veya temsilci bulunamadı.', 'pbx_not_found')
  return new AppError(502, 'pbx_error', 'Santral işlemi tamamlanamadı.')
}
