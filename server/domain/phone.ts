/**
 * Phone numbers as the call centre meets them: caller IDs from the PBX and numbers typed by agents.
 *
 * Uses libphonenumber-js with the `max` metadata on purpose: `min` only checks lengths, so it cannot tell a
 * valid 0532… mobile from a non-existent 0222 999… or type 444 numbers as UAN. `max` validates number ranges
 * and gives the number type (mobile / fixed / service), which masking, formatting and search depend on.
 * The extra ~140 kB is server-side only.
 *
 * Turkish rules decided here (ADR 005):
 * - 0…, +90…, 90… (12 digits), 0090…, and bare 10-digit national numbers are Turkish numbers.
 * - A 7-digit number is local to `defaultAreaCode` (İzmir 232), except 444 xxxx: a nationwide "ulusal erişim"
 *   number (UAN) which is dialled without an area code and stored as +90444xxxx.
 * - 3–5 digit numbers starting with 1 (112, 153, 155 …) are short codes, not citizen phones.
 */
import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max'

export type PhoneKind = 'mobile' | 'fixed' | 'service' | 'other'

export type PhoneInvalidReason =
  'EMPTY' | 'NOT_A_NUMBER' | 'SHORT_CODE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID'

export type NormalizedPhone =
  | { readonly ok: true; readonly e164: string; readonly country: string | null; readonly kind: PhoneKind }
  | { readonly ok: false; readonly reason: PhoneInvalidReason }

export interface NormalizePhoneOptions {
  readonly defaultCountry?: CountryCode
  /** Area code (without the trunk 0) for 7-digit local numbers; İzmir is 232. */
  readonly defaultAreaCode?: string
}

const SEPARATORS = /[\s\-.()/]/g
const MAX_INPUT = 40

function kindOf(type: string | undefined): PhoneKind {
  switch (type) {
    case 'MOBILE':
      return 'mobile'
    case 'FIXED_LINE':
      return 'fixed'
    case 'UAN':
    case 'TOLL_FREE':
    case 'SHARED_COST':
    case 'PREMIUM_RATE':
    case 'VOIP':
      return 'service'
    default:
      return 'other'
  }
}

/** Strips separators; returns `+digits`, `digits`, or null when other characters remain. */
function compact(input: string): string | null {
  const s = input.replace(SEPARATORS, '')
  return /^\+?\d+$/.test(s) ? s : null
}

/** Turkish dialling habits → an international candidate (`+…`), or the reason it cannot be one. */
function turkishCandidate(
  s: string,
  areaCode: string,
): { candidate: string } | { reason: PhoneInvalidReason } {
  if (s.startsWith('+')) return { candidate: s }
  if (s.startsWith('00')) return { candidate: `+${s.slice(2)}` }
  if (s.startsWith('0')) return { candidate: `+90${s.slice(1)}` }
  if (s.length === 12 && s.startsWith('90')) return { candidate: `+${s}` }
  if (s.length === 10) return { candidate: `+90${s}` }
  if (s.length === 7) return { candidate: s.startsWith('444') ? `+90${s}` : `+90${areaCode}${s}` }
  if (s.length <= 5 && s.startsWith('1')) return { reason: 'SHORT_CODE' }
  return { reason: s.length < 10 ? 'TOO_SHORT' : 'TOO_LONG' }
}

function invalidReason(candidate: string): PhoneInvalidReason {
  const length = validatePhoneNumberLength(candidate)
  if (length === 'TOO_SHORT') return 'TOO_SHORT'
  if (length === 'TOO_LONG') return 'TOO_LONG'
  // Turkish numbers are 10 digits (7 for 444 numbers): tell "eksik" from "fazla" where the library cannot.
  if (length === 'INVALID_LENGTH' && candidate.startsWith('+90')) {
    return candidate.length - 3 < 10 ? 'TOO_SHORT' : 'TOO_LONG'
  }
  return 'INVALID'
}

export function normalizePhone(input: unknown, options: NormalizePhoneOptions = {}): NormalizedPhone {
  const defaultCountry = options.defaultCountry ?? 'TR'
  const areaCode = options.defaultAreaCode ?? '232'
  if (!/^\d{3}$/.test(areaCode))
    throw new RangeError(`Alan kodu üç haneli olmalı: ${JSON.stringify(areaCode)}`)
  if (typeof input !== 'string') return { ok: false, reason: 'NOT_A_NUMBER' }
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, reason: 'EMPTY' }
  if (trimmed.length > MAX_INPUT) return { ok: false, reason: 'TOO_LONG' }
  const s = compact(trimmed)
  if (s === null) return { ok: false, reason: 'NOT_A_NUMBER' }

  let candidate: string
  if (defaultCountry === 'TR') {
    const c = turkishCandidate(s, areaCode)
    if ('reason' in c) return { ok: false, reason: c.reason }
    candidate = c.candidate
  } else {
    const p = parsePhoneNumberFromString(s, defaultCountry)
    if (!p) return { ok: false, reason: 'INVALID' }
    candidate = p.number
  }
  const parsed = parsePhoneNumberFromString(candidate)
  if (!parsed?.isValid()) return { ok: false, reason: invalidReason(candidate) }
  return { ok: true, e164: parsed.number, country: parsed.country ?? null, kind: kindOf(parsed.getType()) }
}

/** Turkish groups of a national number: 0532 123 45 67, 0850 222 12 34, 444 1 575. */
function turkishGroups(national: string): [string, string, string, string] | null {
  if (national.length === 10) {
    return [`0${national.slice(0, 3)}`, national.slice(3, 6), national.slice(6, 8), national.slice(8)]
  }
  if (national.length === 7 && national.startsWith('444')) {
    return [national.slice(0, 3), national.slice(3, 4), national.slice(4), '']
  }
  return null
}

function parseE164(e164: string): ReturnType<typeof parsePhoneNumberFromString> {
  if (typeof e164 !== 'string' || !/^\+\d{6,15}$/.test(e164)) return undefined
  const p = parsePhoneNumberFromString(e164)
  return p?.isValid() ? p : undefined
}

/**
 * The national digits of a +90 number of Turkish length (10 digits, or 444 and 4) that libphonenumber
 * does not know: a range assigned after its metadata, or one never assigned that a PBX still delivers.
 * People read those in the same groups as any other Turkish number.
 */
function unknownTurkishNational(e164: string): string | null {
  if (typeof e164 !== 'string') return null
  return /^\+90(\d{10}|444\d{4})$/.exec(e164)?.[1] ?? null
}

/**
 * Display form: Turkish numbers as `0532 123 45 67` (also +90 numbers in a range libphonenumber does not
 * know), others in international form; other input unchanged.
 */
export function formatPhoneTr(e164: string): string {
  const p = parseE164(e164)
  const national =
    p === undefined ? unknownTurkishNational(e164) : p.countryCallingCode === '90' ? p.nationalNumber : null
  const g = national === null ? null : turkishGroups(national)
  if (g) return g.filter((x) => x !== '').join(' ')
  return p === undefined ? e164 : p.formatInternational()
}

/**
 * For roles that must not see the number (docs/design.md §2.8): operator/area code and the last two digits only,
 * e.g. `0532 *** ** 67`, also for +90 numbers in a range libphonenumber does not know. Anything else that is
 * not a valid E.164 number is fully masked.
 */
export function maskPhone(e164: string): string {
  const p = parseE164(e164)
  const national =
    p === undefined ? unknownTurkishNational(e164) : p.countryCallingCode === '90' ? p.nationalNumber : null
  if (national !== null) {
    const last2 = national.slice(-2)
    const g = turkishGroups(national)
    if (g && g[3] !== '') return `${g[0]} *** ** ${last2}`
    if (g) return `${g[0]} * *${last2}`
  }
  if (p === undefined) return '***'
  return `+${p.countryCallingCode} *** ** ${p.nationalNumber.slice(-2)}`
}

/** Fewer digits than this, typed alone, match too many citizens to be worth searching by number. */
export const MIN_SEARCH_DIGITS = 4

/**
 * How to find stored E.164 numbers from what an agent typed (citizen search), complete or partial:
 * - `exact`: a complete number, its E.164 form;
 * - `partial`: a stored number matches when it starts with one of `prefixes` (E.164: `+90532599` for
 *   `0532 599`, `532599` or `+90 532 599`) or ends with `suffix` (the digits as typed: `1234`, `0567`);
 *   only `+` and `0090` rule out the end. `digits` are those of the start without the trunk 0 or a
 *   Turkish country code: the caller compares their length, and the suffix's, with MIN_SEARCH_DIGITS.
 * null when the text is not a phone number (letters, nothing to search for).
 */
export type PhoneSearch =
  | { readonly kind: 'exact'; readonly e164: string }
  | {
      readonly kind: 'partial'
      readonly digits: string
      readonly prefixes: readonly string[]
      readonly suffix: string | null
    }

export function phoneSearch(input: string, options: NormalizePhoneOptions = {}): PhoneSearch | null {
  const s = typeof input === 'string' && input.length <= MAX_INPUT ? compact(input.trim()) : null
  if (s === null) return null
  const digits = s.replace('+', '')
  const full = normalizePhone(s, options)
  if (full.ok && (s.startsWith('+') || s.startsWith('0') || digits.length >= 10))
    return { kind: 'exact', e164: full.e164 }

  const suffix = s.startsWith('+') || s.startsWith('0090') ? null : s
  const international = s.startsWith('+') ? digits : s.startsWith('00') ? s.slice(2) : null
  if (international !== null) {
    const national = international.startsWith('90') ? international.slice(2) : international
    return { kind: 'partial', digits: national, prefixes: [`+${international}`], suffix }
  }
  if (s.startsWith('0')) {
    const national = s.slice(1)
    return { kind: 'partial', digits: national, prefixes: [`+90${national}`], suffix }
  }
  // 532599 (the start without the trunk 0), 90532599 (with the country code), or the last digits.
  const prefixes = [`+90${s}`, ...(s.startsWith('90') ? [`+${s}`] : [])]
  return { kind: 'partial', digits: s, prefixes, suffix: s }
}
