/**
 * The one zod helper for every text a client sends (request bodies, query strings, route parameters,
 * socket payloads): a string without control characters. U+0000–U+001F except tab, line feed and
 * carriage return, and U+007F, are refused at the boundary with 400 and the field's name
 * (http/error-handler.ts), so they never reach PostgreSQL (which refuses NUL in text and would fail
 * the write), the logs, the AMI encoder or a CSV export. ESLint forbids `textField()` elsewhere in
 * server/ (eslint.config.js), so a new field cannot forget it.
 *
 *   const body = z.object({ note: textField().trim().max(2000).nullish() })
 */
import { z } from 'zod'

/** Control characters other than \t \n \r. */
// eslint-disable-next-line no-control-regex -- matching them is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

export const CONTROL_CHARACTER_MESSAGE = 'Görünmeyen denetim karakteri içeremez.'

export function textField(): z.ZodString {
  return z.string().refine((v) => !CONTROL_CHARACTER.test(v), { message: CONTROL_CHARACTER_MESSAGE })
}
