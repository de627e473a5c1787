/**
 * Phone numbers written inside free text ("beni 0532 111 22 33'ten arayın"): for roles that must not
 * see numbers (unit staff, docs/design.md §2.8) each is masked the way structured numbers are (`0532 *** ** 33`),
 * on the server, so the digits never reach them. A run of 10 to 13 digits (with spaces, dots, dashes,
 * slashes or brackets between them, an optional `+`) is a number when it reads as a valid phone
 * number; a local `368 12 34` written in phone groups is one too. Other numbers (dates, amounts,
 * ticket numbers like 2026-000123) stay.
 */
import { maskPhone, normalizePhone } from './phone.ts'

/** Digits with separators, not glued to other digits or letters. */
const CANDIDATE = /(?<![\p{L}\p{N}])\+?\(?\d[\d\s().\-/]{5,22}\d(?![\p{N}])/gu
const LOCAL_GROUPS = /^\d{3}[\s.-]\d{2}[\s.-]\d{2}$/

function masked(candidate: string): string | null {
  const digits = candidate.replace(/\D/g, '')
  if (digits.length >= 10 && digits.length <= 13) {
    const n = normalizePhone(candidate)
    return n.ok ? maskPhone(n.e164) : null
  }
  if (digits.length === 7 && LOCAL_GROUPS.test(candidate.trim())) return `*** ** ${digits.slice(-2)}`
  return null
}

export function maskPhonesInText(text: string): string {
  return text.replace(CANDIDATE, (found) => {
    // A run may carry a separator at either end ("(0532) 111 22 33 ") that is not part of the number.
    const core = found.trim()
    const replacement = masked(core)
    return replacement === null ? found : found.replace(core, replacement)
  })
}

export function maskPhonesInNullable(text: string | null): string | null {
  return text === null ? null : maskPhonesInText(text)
}
