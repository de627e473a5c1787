/**
 * The one zod helper for every text a client sends (request bodies, query strings, route parameters,
 * socket payloads): a string without control characters. Those of CONTROL_CHARACTER are refused at the boundary with 400 and the field's name
 * (http/error-handler.ts), so they never reach PostgreSQL (which refuses NUL in text and would fail
 * the write), the logs, the AMI encoder or a CSV export. ESLint forbids `textField()` elsewhere in
 * server/ (eslint.config.js), so a new field cannot forget it.
 *
 *   const body = z.object({ note: textField().trim().max(2000).nullish() })
 */
import { z } from 'zod'

/**
 * Control characters other than \t \n \r (C0, DEL and C1, with U+0085), the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make a subject read backwards in another
 * person's list), and a surrogate half without its pair (not a character; stored as U+FFFD).
 */
export const CONTROL_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const CONTROL_CHARACTER_MESSAGE = 'Görünmeyen denetim karakteri içeremez.'

export function textField(): z.ZodString {
  return z.string().refine((v) => !CONTROL_CHARACTER.test(v), { message: CONTROL_CHARACTER_MESSAGE })
}
