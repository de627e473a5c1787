/**
 * The socket side of the one error model (server/error-response.ts, docs/errors.md): a refused
 * acknowledgement carries the same `{ code, kind, message }` an HTTP call would answer.
 */
import type { Ack, AckError, AckErrorCode } from '../contract/events.ts'
import type { ErrorKind } from '../contract/errors.ts'

const KIND_OF_CODE: Readonly<Record<AckErrorCode, ErrorKind>> = {
  forbidden: 'not_allowed',
  invalid_request: 'invalid_input',
  unavailable: 'unavailable',
  unauthorized: 'unauthenticated',
  internal_error: 'internal',
}

export function ackRefusal(code: AckErrorCode, message: string): { ok: false; error: AckError } {
  return { ok: false, error: { code, kind: KIND_OF_CODE[code], message } }
}

/** Calls `ack` only when the client sent a function (a malformed event gets no answer and no crash). */
export function answerAck<T>(ack: unknown, value: Ack<T>): void {
  if (typeof ack === 'function') (ack as (a: Ack<T>) => void)(value)
}
