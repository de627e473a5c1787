/**
 * Personal numbers written inside free text ("beni 0532 111 22 33'ten arayın", "TC 12345678950"), masked
 * on the server for roles that must not see them (unit staff, docs/kvkk.md §2), so the digits never reach
 * them:
 * - a phone number the way structured numbers are masked (`0532 *** ** 33`, `maskPhone` in phone.ts), with
 *   or without +90 / 0090 / 90 / 0 (a foreign one after a `+`); a local `368 12 34` written in phone
 *   groups becomes `*** ** 34`;
 * - a T.C. kimlik number, and any other unbroken run of 10 or more digits that is not a phone number,
 *   keeps only its last two digits (`*********50`).
 * Dates (15.12.2026), times, amounts, house numbers and ticket numbers (2026-000123) stay.
 *
 * The text is read once into digit groups: digits of any script (full-width ０５３２ too) and those
 * written as superscripts, subscripts or in circles (⁰⁵³², ₀₅₃₂, ⓪⑤), with invisible characters (soft
 * hyphen, zero-width space) skipped inside them. Groups with at most three separators between them
 * (spaces, `. , - _ / : * | ~ ·`, brackets) form a run, and a number is a sequence of whole groups of a
 * run, so two numbers in a row, or a number next to a date, are told apart. A number spelt out digit by
 * digit (`5 3 2 1 1 1 2 2 3 3`) is read as one. Linear in the text.
 */
import { isValidNationalId } from './intake/national-id.ts'
import { maskPhone, normalizePhone } from './phone.ts'
import { TICKET_SEQ_DIGITS } from './ticket-number.ts'

interface Group {
  /** ASCII digits. */
  readonly digits: string
  readonly start: number
  readonly end: number
  /** Separated from the previous group by separators only: the same run. */
  readonly joined: boolean
  /** The separators before the group (at most MAX_GAP of them when joined). */
  readonly gap: string
  /** Offsets of a `+` and a `(` written right before the group, or -1. */
  readonly plusAt: number
  readonly openAt: number
}

const MAX_GAP = 3
/** E.164 allows 15; `0090` + a stray trunk 0 + 10 digits is 15 too. */
const MAX_PHONE_DIGITS = 15
const LONG_RUN = 10
const NATIONAL_ID_DIGITS = 11

/** Format characters (soft hyphen, zero-width space, bidi marks) and combining marks: skipped. */
const INVISIBLE = /[\p{Cf}\p{M}]/u
const SEPARATOR = /[\s.,_/()\p{Pd}．，＿／（）+＋:*|~·•：＊｜～]/u
const PLUS = /[+＋]/
const OPEN = /[(（]/
const CLOSE = /[)）]/
const LOCAL_GAP = /^[\s.-]$/
const TICKET_YEAR = /^20\d\d$/
/** Up to 99 999 999 tickets a year; longer, the digits may be a phone number after all. */
const MAX_TICKET_SEQ_DIGITS = 8
const DATE_GAP = /^[./-]$/
const NATIONAL = /^[1-9]\d{9}$/
const MOBILE = /^5\d{9}$/
/** Mobile operators' 50x, 53x, 54x and 55x blocks. */
const MOBILE_BLOCK = /^5[0345]\d{8}$/

let otherDigits: Map<string, string> | undefined

/**
 * `ch` as an ASCII digit: the decimal digits of every script Intl knows (full-width, Arabic …), and the
 * digits Unicode only styles (superscript ⁵, subscript ₅, circled ⑤), which compatibility normalisation
 * turns into the plain digit.
 */
function digitOf(ch: string): string | undefined {
  if (ch >= '0' && ch <= '9') return ch
  if (/\p{No}/u.test(ch)) {
    const plain = ch.normalize('NFKC')
    return plain.length === 1 && plain >= '0' && plain <= '9' ? plain : undefined
  }
  if (!/\p{Nd}/u.test(ch)) return undefined
  if (otherDigits === undefined) {
    otherDigits = new Map()
    for (const system of Intl.supportedValuesOf('numberingSystem')) {
      const format = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false })
      for (let d = 0; d <= 9; d++) otherDigits.set(format.format(d), String(d))
    }
  }
  return otherDigits.get(ch)
}

function digitGroups(text: string): Group[] {
  const groups: Group[] = []
  let current: { -readonly [K in keyof Group]: Group[K] } | null = null
  let gap = ''
  let broken = true
  let plusAt = -1
  let openAt = -1
  let at = 0
  for (const ch of text) {
    const offset = at
    at += ch.length
    const digit = digitOf(ch)
    if (digit !== undefined) {
      if (current === null) {
        current = { digits: '', start: offset, end: at, joined: !broken, gap, plusAt, openAt }
      }
      current.digits += digit
      current.end = at
      continue
    }
    if (INVISIBLE.test(ch)) continue
    if (current !== null) {
      groups.push(current)
      current = null
      gap = ''
      broken = false
      plusAt = -1
      openAt = -1
    }
    if (!SEPARATOR.test(ch)) {
      broken = true
      gap = ''
      plusAt = openAt = -1
      continue
    }
    if (gap.length < MAX_GAP) gap += ch
    else broken = true // too far apart to be one number
    if (PLUS.test(ch)) plusAt = offset
    else if (OPEN.test(ch)) openAt = offset
    else plusAt = openAt = -1
  }
  if (current !== null) groups.push(current)
  return groups
}

/**
 * The 10-digit national number that `digits` spell with a country or trunk prefix, or null; `dialled`
 * when the prefix is one only a phone number has (+90, 0090, the trunk 0), not a bare 90.
 */
function turkishNational(digits: string, plus: boolean): { national: string; dialled: boolean } | null {
  let rest: string
  if (plus) rest = digits.startsWith('90') ? digits.slice(2) : ''
  else if (digits.startsWith('0090')) rest = digits.slice(4)
  else if (digits.startsWith('90') && digits.length >= 12) rest = digits.slice(2)
  else if (digits.startsWith('0')) return nationalOnly(digits.slice(1), true)
  else return null
  if (rest.length === 11 && rest.startsWith('0')) rest = rest.slice(1) // "+90 (0532) …"
  return nationalOnly(rest, plus || digits.startsWith('0'))
}

function nationalOnly(national: string, dialled: boolean): { national: string; dialled: boolean } | null {
  return NATIONAL.test(national) ? { national, dialled } : null
}

/**
 * A Turkish national number is a phone number when libphonenumber knows its range. Dialled, any 5xx is
 * taken for a mobile, and otherwise any number in the main mobile blocks, so a range libphonenumber does
 * not know yet is masked too.
 */
function isTurkishPhone(national: string, dialled: boolean): boolean {
  return (dialled ? MOBILE : MOBILE_BLOCK).test(national) || normalizePhone(`+90${national}`).ok
}

function maskNational(national: string): string {
  return `0${national.slice(0, 3)} *** ** ${national.slice(-2)}` // as maskPhone in phone.ts
}

/**
 * The phone number `digits` spell, or null. Bare digits count only with the area or operator code as a
 * group of their own (`532 123 45 67`, not the `5` of "No 5 0532 …"), or spelt out digit by digit
 * (`spelt`: every group a single digit).
 */
function phoneOf(
  digits: string,
  plus: boolean,
  firstGroupLength: number,
  spelt: boolean,
): { mask: string; dialled: boolean } | null {
  const turkish = turkishNational(digits, plus)
  if (turkish !== null) {
    const { national, dialled } = turkish
    return isTurkishPhone(national, dialled) ? { mask: maskNational(national), dialled } : null
  }
  // Foreign numbers only after a written `+`: in "… 00 12345678950" the 00 is no international prefix.
  if (plus && digits.length >= 7) {
    const n = normalizePhone(`+${digits}`)
    return n.ok ? { mask: maskPhone(n.e164), dialled: true } : null
  }
  if (digits.length === 10 && (firstGroupLength >= 3 || spelt) && isTurkishPhone(digits, false)) {
    return { mask: maskNational(digits), dialled: false }
  }
  return null
}

/** One way to read groups `i..last` of a run, with the digits it masks. */
interface Reading {
  readonly last: number
  /** The replacement, or null to leave the groups as written. */
  readonly mask: string | null
  /** Digits of phone numbers written with +90, 0090 or the trunk 0. */
  readonly dialledDigits: number
  readonly phoneDigits: number
  readonly otherDigits: number
}

/** Every phone number starting at group `i`. */
function phonesAt(groups: readonly Group[], kept: readonly number[], i: number): Reading[] {
  const first = groups[i] as Group
  const readings: Reading[] = []
  let digits = ''
  let spelt = true
  for (let j = i; j < groups.length; j++) {
    const g = groups[j] as Group
    if (j > i && (!g.joined || g.plusAt >= 0 || kept[j] !== 0)) break // a `+` starts another number
    digits += g.digits
    spelt &&= g.digits.length === 1
    if (digits.length > MAX_PHONE_DIGITS) break
    const phone = phoneOf(digits, first.plusAt >= 0, first.digits.length, spelt)
    if (phone === null) continue
    const dialledDigits = phone.dialled ? digits.length : 0
    readings.push({ last: j, mask: phone.mask, dialledDigits, phoneDigits: digits.length, otherDigits: 0 })
  }
  return readings
}

/** A T.C. kimlik number split into groups (`123 456 789 50`), or null. */
function nationalIdAt(groups: readonly Group[], kept: readonly number[], i: number): Reading | null {
  let digits = ''
  for (let j = i; j < groups.length; j++) {
    const g = groups[j] as Group
    if (j > i && (!g.joined || kept[j] !== 0)) return null
    digits += g.digits
    if (digits.length < NATIONAL_ID_DIGITS) continue
    if (digits.length > NATIONAL_ID_DIGITS || !isValidNationalId(digits)) return null
    const mask = allButLastTwo(digits)
    return { last: j, mask, dialledDigits: 0, phoneDigits: 0, otherDigits: NATIONAL_ID_DIGITS }
  }
  return null
}

/** A local number written in phone groups, `368 12 34`. */
function localAt(groups: readonly Group[], kept: readonly number[], i: number): Reading | null {
  const [a, b, c] = groups.slice(i, i + 3)
  const local =
    kept[i + 1] === 0 &&
    kept[i + 2] === 0 &&
    a?.digits.length === 3 &&
    b?.digits.length === 2 &&
    c?.digits.length === 2 &&
    b.joined &&
    c.joined &&
    LOCAL_GAP.test(b.gap) &&
    LOCAL_GAP.test(c.gap)
  if (!local) return null
  return { last: i + 2, mask: `*** ** ${c.digits}`, dialledDigits: 0, phoneDigits: 7, otherDigits: 0 }
}

/** A ticket number as server/domain/ticket-number.ts formats it, `2026-000123`. */
function isTicketNumberAt(groups: readonly Group[], i: number): boolean {
  const [year, seq] = groups.slice(i, i + 2)
  return (
    year !== undefined &&
    TICKET_YEAR.test(year.digits) &&
    seq !== undefined &&
    seq.joined &&
    (seq.gap === '-' || seq.gap === '/') &&
    seq.digits.length >= TICKET_SEQ_DIGITS &&
    seq.digits.length <= MAX_TICKET_SEQ_DIGITS
  )
}

/** A date, `15.12.2026`, `1/2/2026`. */
function isDateAt(groups: readonly Group[], i: number): boolean {
  const [day, month, year] = groups.slice(i, i + 3)
  return (
    day !== undefined &&
    month !== undefined &&
    year !== undefined &&
    month.joined &&
    year.joined &&
    DATE_GAP.test(month.gap) &&
    year.gap === month.gap &&
    between(day.digits, 1, 31) &&
    between(month.digits, 1, 12) &&
    /^(19|20)\d\d$/.test(year.digits)
  )
}

function between(digits: string, min: number, max: number): boolean {
  return digits.length <= 2 && Number(digits) >= min && Number(digits) <= max
}

/** How many groups from each one on form a date or a ticket number, which no number may take in; or 0. */
function keptGroups(groups: readonly Group[]): number[] {
  return groups.map((_, i) => (isDateAt(groups, i) ? 3 : isTicketNumberAt(groups, i) ? 2 : 0))
}

function allButLastTwo(digits: string): string {
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`
}

/** The ways to read the groups from `i` on; the first is group `i` alone. */
function readingsAt(groups: readonly Group[], kept: readonly number[], i: number): Reading[] {
  const g = groups[i] as Group
  const plain: Reading = { last: i, mask: null, dialledDigits: 0, phoneDigits: 0, otherDigits: 0 }
  const keep = kept[i] as number
  if (keep > 0) return [{ ...plain, last: i + keep - 1 }]
  // A T.C. kimlik number whose check digits do not add up, an account number…: privacy wins.
  const alone =
    g.digits.length >= LONG_RUN
      ? { ...plain, mask: allButLastTwo(g.digits), otherDigits: g.digits.length }
      : plain
  const readings = [alone, ...phonesAt(groups, kept, i)]
  const id = nationalIdAt(groups, kept, i)
  if (id !== null) readings.push(id)
  const local = localAt(groups, kept, i)
  if (local !== null) readings.push(local)
  return readings
}

type Score = readonly [dialledDigits: number, phoneDigits: number, otherDigits: number]

function better(a: Score, b: Score): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return (a[k] as number) > (b[k] as number)
  return false
}

/**
 * The reading of the groups that masks the most digits of dialled phone numbers, then of all phone
 * numbers, then other digits; on a tie the one that starts a number later. So "Kapı 232 0532 123 45 67" reads as `232` and an 11-digit number
 * rather than a 10-digit `232 0532 123` and `45 67`, and "saat 05 0532 123 45 67" as `05` and a number
 * rather than `05 0532 123 45` and `67`. Dynamic programming from the end, each group trying a bounded
 * number of readings, so linear.
 */
function bestReadings(groups: readonly Group[]): Reading[] {
  const n = groups.length
  const kept = keptGroups(groups)
  const score: Score[] = new Array<Score>(n + 1)
  const choice: Reading[] = new Array<Reading>(n)
  score[n] = [0, 0, 0]
  for (let i = n - 1; i >= 0; i--) {
    for (const r of readingsAt(groups, kept, i)) {
      const rest = score[r.last + 1] as Score
      const total: Score = [rest[0] + r.dialledDigits, rest[1] + r.phoneDigits, rest[2] + r.otherDigits]
      if (choice[i] === undefined || better(total, score[i] as Score)) {
        score[i] = total
        choice[i] = r
      }
    }
  }
  const chosen: Reading[] = []
  for (let i = 0; i < n; i = (choice[i] as Reading).last + 1) chosen.push(choice[i] as Reading)
  return chosen
}

export function maskPhonesInText(text: string): string {
  const groups = digitGroups(text)
  let out = ''
  let copied = 0
  let i = 0
  for (const r of bestReadings(groups)) {
    const first = groups[i] as Group
    i = r.last + 1
    if (r.mask === null) continue
    const end = (groups[r.last] as Group).end
    let from = first.start
    if (r.phoneDigits > 0) {
      if (first.plusAt >= 0) from = Math.min(from, first.plusAt)
      // "(0232) 368 12 34" loses its brackets; "(0532 111 22 33)" keeps both.
      if (first.openAt >= 0 && CLOSE.test(text.slice(first.openAt, end))) from = Math.min(from, first.openAt)
    }
    out += text.slice(copied, from) + r.mask
    copied = end
  }
  return out + text.slice(copied)
}
