/**
 * A unit's search words: what callers call its work ("çöp", "konteyner", "sokak hayvanı"), kept on the
 * unit (`Unit.searchWords`, comma separated) and written by an admin in Yönetim › Rehber. The santral's
 * directory finds a unit by them, and the desk's ticket form proposes the unit whose words the agent
 * wrote in the subject. Shared by the server and the browser; Turkish-insensitive like the directory.
 */
import { foldForSearch } from './switchboard.ts'

/** At most this many words per unit, each at most this long (characters). */
export const UNIT_WORDS_MAX = 40
export const UNIT_WORD_MAX_LENGTH = 40

/**
 * What an admin typed ("çöp, konteyner; moloz" or one per line) as words in the order written: spaces
 * inside a word collapsed, empty parts and repeats (Turkish-insensitive) left out.
 */
export function splitUnitWords(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return []
  const out: string[] = []
  const seen = new Set<string>()
  for (const part of text.split(/[,;\n\r]+/)) {
    const word = part.replace(/\s+/g, ' ').trim()
    if (word === '') continue
    const key = foldForSearch(word)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(word)
  }
  return out
}

/** How the words are stored and shown. */
export const joinUnitWords = (words: readonly string[]): string => words.join(', ')

const partsOf = (word: string): string[] => foldForSearch(word).split(' ')

/**
 * Whether text part `seen` is an inflection of word part `part`: Turkish adds its endings to the stem
 * ("çöpler", "konteynerden"), so a part of three letters or more matches a text word it starts; a
 * shorter one ("su") only itself, or "su" would find "sunum".
 */
const reaches = (part: string, seen: string): boolean =>
  part.length >= 3 ? seen.startsWith(part) : seen === part

/**
 * The words a directory query reaches: some query word starts one of the word's parts ("köp" →
 * "başıboş köpek"). Shows the operator why a unit is listed for a query its name does not match.
 */
export function unitWordsMatching(words: readonly string[], query: string): string[] {
  const asked = foldForSearch(query)
    .split(' ')
    .filter((w) => w !== '')
  if (asked.length === 0) return []
  return words.filter((word) => {
    const parts = partsOf(word)
    return asked.some((q) => parts.some((p) => p.startsWith(q)))
  })
}

/**
 * The head of a compound noun ("sokak hayvanı", "emlak vergisi") without its compound ending (-ı/-i/-u/-ü,
 * after a vowel -sı/-si/-su/-sü), which the plural and other endings replace: "hayvanları", "vergileri".
 * Folded text, so the endings are i, u, si, su; a stem keeps at least three letters.
 */
function compoundStem(part: string): string {
  if (/[aeiou]s[iu]$/.test(part) && part.length >= 5) return part.slice(0, -2)
  if (/[iu]$/.test(part) && part.length >= 4) return part.slice(0, -1)
  return part
}

/**
 * The words found in free text (a ticket's subject and description): every part of the word, in order,
 * reaches consecutive words of the text, the last part of a compound also by its stem ("sokak hayvanı"
 * in "sokak hayvanları saldırıyor").
 */
export function unitWordsInText(words: readonly string[], text: string): string[] {
  return wordsAmong(words, textWords(text))
}

/** Free text as the folded words `wordsAmong` reads, punctuation dropped. */
function textWords(text: string): string[] {
  return foldForSearch(text.replace(/[^\p{L}\p{N}]+/gu, ' '))
    .split(' ')
    .filter((w) => w !== '')
}

function wordsAmong(words: readonly string[], seen: readonly string[]): string[] {
  if (seen.length === 0) return []
  return words.filter((word) => {
    const parts = partsOf(word)
    const last = parts.length - 1
    const head = last > 0 ? compoundStem(parts[last]!) : parts[last]!
    for (let i = 0; i + parts.length <= seen.length; i++)
      if (parts.every((p, j) => reaches(p, seen[i + j]!) || (j === last && reaches(head, seen[i + j]!))))
        return true
    return false
  })
}

export interface UnitSuggestion<T> {
  readonly unit: T
  /** The unit's words the text holds, as the admin wrote them. */
  readonly words: string[]
}

/**
 * Units whose words the text holds, the one with most words first (then in the given order), for the
 * agent to choose from; never chosen for them.
 */
export function suggestUnits<T extends { readonly searchWords: readonly string[] }>(
  units: readonly T[],
  text: string,
): Array<UnitSuggestion<T>> {
  // The text is folded once for every unit.
  const seen = textWords(text)
  const found: Array<UnitSuggestion<T> & { order: number }> = []
  units.forEach((unit, order) => {
    const words = wordsAmong(unit.searchWords, seen)
    if (words.length > 0) found.push({ unit, words, order })
  })
  return found
    .sort((a, b) => b.words.length - a.words.length || a.order - b.order)
    .map(({ unit, words }) => ({ unit, words }))
}
