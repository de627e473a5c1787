/**
 * Taking a person out of free text (a ticket's description, a unit's answer, a history note) while the
 * rest of the text, the substance of the request that the law keeps, stays readable. Pure.
 *
 * Replaced: the person's full name and each word of it (Turkish case rules: I/ı and İ/i), their address,
 * every e-mail address, and every run of digits that is a valid phone number (so ticket numbers and
 * dates stay). docs/kvkk.md §6; the erasure rule is in the KVKK ADR in docs/decisions/.
 */
import { normalizePhone } from './phone.ts'

export const ANONYMISED_MARK = '[anonimleştirildi]'
/** The whole text of a record no law keeps any more. */
export const ERASED_TEXT = '[KVKK kapsamında silindi]'
/** The name an anonymised citizen record carries. */
export const ANONYMOUS_NAME = 'Anonim vatandaş'

export interface PersonMarks {
  /** Full names the person has carried in Pano (a merged record may add one). */
  names: readonly string[]
  addresses: readonly string[]
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu
/** A digit, then digits and the usual separators, then a digit: a phone candidate. */
const DIGIT_RUN = /\+?\d[\d\s().\-/]{5,22}\d/g
/** Name words shorter than this (initials, "de") are too common to replace everywhere. */
const MIN_NAME_WORD = 3

const TURKISH_I = '[iİıI]'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A pattern that matches `word` in any letter case, Turkish dotted and dotless i included. */
function caseless(word: string): string {
  return [...word].map((ch) => (/[iİıI]/.test(ch) ? TURKISH_I : escapeRegExp(ch))).join('')
}

function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${caseless(word)}(?![\\p{L}\\p{N}])`, 'giu')
}

function namePatterns(names: readonly string[]): RegExp[] {
  const words = new Set<string>()
  const phrases = new Set<string>()
  for (const name of names) {
    const parts = name.trim().split(/\s+/).filter(Boolean)
    if (parts.length > 1) phrases.add(parts.join(' '))
    for (const p of parts) if ([...p].length >= MIN_NAME_WORD) words.add(p)
  }
  // Whole names first, so "Ayşe Yılmaz" becomes one mark rather than two.
  return [...[...phrases].map(wordPattern), ...[...words].map(wordPattern)]
}

function scrubPhones(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (normalizePhone(run.trim()).ok ? ANONYMISED_MARK : run))
}

/** `text` without the person in it; null stays null. */
export function scrubPersonalText(text: string, person: PersonMarks): string
export function scrubPersonalText(text: string | null, person: PersonMarks): string | null
export function scrubPersonalText(text: string | null, person: PersonMarks): string | null {
  if (text === null) return null
  let out = text.replace(EMAIL, ANONYMISED_MARK)
  for (const address of person.addresses) {
    const a = address.trim()
    if (a.length >= 5) out = out.replace(new RegExp(caseless(a), 'giu'), ANONYMISED_MARK)
  }
  out = scrubPhones(out)
  for (const pattern of namePatterns(person.names)) out = out.replace(pattern, ANONYMISED_MARK)
  return out
}
