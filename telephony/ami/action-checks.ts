/**
 * The per-action field rules the builders share (docs/ami-protocol.md §12): patterns for numbers, channels,
 * tokens and variable names, and `build`, which returns the first failed check or the action. Bytes are
 * written only by `encodeAction` in action.ts.
 */
import { AmiEncodeError, err, ok, type Result } from './errors.ts'

/** An action ready to encode. ActionID is added by `encodeAction`; do not put it in `fields`. */
export interface AmiAction {
  readonly name: string
  readonly fields: ReadonlyArray<readonly [string, string]>
}

export type ActionResult = Result<AmiAction, AmiEncodeError>

/** Phone numbers and dialled extensions (§12.1). */
export const NUMBER_PATTERN = /^\+?[0-9*#]{1,32}$/
/** Exact channel or interface names: `PJSIP/1001-0000002a`, `Local/1004@agents-000000ae;1`, `Local/1001@agents/n`. */
export const CHANNEL_PATTERN = /^[A-Za-z][A-Za-z0-9_]*\/[^\s/][^\s]{0,199}$/
export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
export const TOKEN_PATTERN = /^[A-Za-z0-9_.@+-]{1,80}$/
export const EXTEN_PATTERN = /^[A-Za-z0-9*#+_-]{1,80}$/
export const VARIABLE_NAME_PATTERN = /^_{0,2}[A-Za-z][A-Za-z0-9_]{0,63}$/
// Every C0 control character and DEL: CR, LF and NUL included.
// eslint-disable-next-line no-control-regex
export const CONTROL_CHAR = /[\u0000-\u001f\u007f]/

export function action(name: string, fields: Array<readonly [string, string]>): ActionResult {
  return ok({ name, fields })
}

export function check(
  actionName: string,
  field: string,
  value: string,
  pattern: RegExp,
  what: string,
): AmiEncodeError | undefined {
  return pattern.test(value)
    ? undefined
    : new AmiEncodeError(actionName, field, `is not ${what}: ${JSON.stringify(value.slice(0, 40))}`)
}

/** Runs the checks in order; the first failure is returned, else the action. */
export function build(
  name: string,
  checks: Array<AmiEncodeError | undefined>,
  fields: Array<readonly [string, string] | false | undefined>,
): ActionResult {
  const failure = checks.find((c) => c !== undefined)
  if (failure !== undefined) return err(failure)
  return action(
    name,
    fields.filter((f): f is readonly [string, string] => f !== false && f !== undefined),
  )
}
