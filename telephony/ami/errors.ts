import type { AmiMessage } from './message.ts'

/**
 * Errors of the AMI edge, returned as values (docs/style-guide.md §3.5): nothing here is thrown across the
 * client's API. Each carries the action name and ActionID it belongs to where one exists.
 */

/** Asterisk answered `Response: Error` (e.g. `No such channel`, `Interface not found`). */
export class AmiActionError extends Error {
  override readonly name = 'AmiActionError'
  constructor(
    readonly action: string,
    readonly actionId: string,
    /** Asterisk's `Message:` text, or '' when none was sent. */
    readonly amiMessage: string,
    readonly response: AmiMessage,
  ) {
    super(`${action} failed: ${amiMessage || 'Response: Error'}`)
  }
}

/** No (complete) answer within the deadline. The action may still have run on the PBX. */
export class AmiTimeoutError extends Error {
  override readonly name = 'AmiTimeoutError'
  constructor(
    readonly action: string,
    readonly actionId: string,
    readonly timeoutMs: number,
  ) {
    super(`${action} (${actionId}) got no answer within ${timeoutMs} ms`)
  }
}

/** The connection was not up, or was lost while the action waited. It is never resent. */
export class AmiDisconnectedError extends Error {
  override readonly name = 'AmiDisconnectedError'
  constructor(
    readonly action: string,
    readonly actionId: string | undefined,
    readonly reason: string,
  ) {
    super(`${action} not completed: ${reason}`)
  }
}

/** Login refused (`Authentication failed`) or not answered in time. The client stops. */
export class AmiAuthError extends Error {
  override readonly name = 'AmiAuthError'
  constructor(readonly reason: string) {
    super(`AMI login failed: ${reason}`)
  }
}

/** An action was refused before any byte was written (injection, bad field name, bad number…). */
export class AmiEncodeError extends Error {
  override readonly name = 'AmiEncodeError'
  constructor(
    readonly action: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${action}: field ${field} ${problem}`)
  }
}

export type AmiError = AmiActionError | AmiTimeoutError | AmiDisconnectedError | AmiAuthError | AmiEncodeError

export type Result<T, E = AmiError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value })
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error })
