/**
 * The one zod helper for a database id a client sends (route parameters, query strings, request
 * bodies): a whole number from 1 to 2 147 483 647, PostgreSQL's `integer`. A JSON number must be such
 * an integer; a string (a path or a query) must be that number in plain decimal digits, so `0x10`,
 * `1e3`, ` 5` or `5.0` are refused instead of read as another id. Anything else is a 400 with one
 * sentence for the field, never a number PostgreSQL cannot store (which would be a 500).
 *
 *   const params = z.object({ id: idField() })
 *   const body = z.object({ unitId: idField().nullish() })
 */
import { z } from 'zod'

/** The largest value of PostgreSQL's `integer` (int4), the type of every id column. */
export const MAX_DB_ID = 2_147_483_647

export const ID_FIELD_MESSAGE = 'Geçerli bir kayıt numarası olmalı.'

const DECIMAL_DIGITS = /^[0-9]+$/

/** A missing value keeps "Bu alan gerekli." (http/validation-messages.ts); every other failure is one sentence. */
const idError = (issue: { input?: unknown }) => (issue.input === undefined ? undefined : ID_FIELD_MESSAGE)

export function idField() {
  return z.preprocess(
    (value) => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value),
    z
      .number({ error: idError })
      .int({ error: ID_FIELD_MESSAGE, abort: true })
      .min(1, { error: ID_FIELD_MESSAGE, abort: true })
      .max(MAX_DB_ID, { error: ID_FIELD_MESSAGE }),
  )
}
