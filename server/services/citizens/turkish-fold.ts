/**
 * Case- and diacritic-insensitive matching for Turkish names. `İ`/`I`/`ı`/`i` all fold to `i`, `ş`→`s`,
 * `ğ`→`g`, `ü`→`u`, `ö`→`o`, `ç`→`c`, circumflex vowels to plain ones. The same folding runs in SQL
 * (`lower(translate(col, FOLD_FROM, FOLD_TO))`), so what the agent types and what is stored meet in the
 * same alphabet, and `lower()` never sees a Turkish letter (whose lowering depends on the collation).
 */

export const FOLD_FROM = 'İIıŞşĞğÜüÖöÇçÂâÎîÛû'
export const FOLD_TO = 'iiissgguuooccaaiiuu'

const FOLD_MAP = new Map<string, string>()
for (let i = 0; i < FOLD_FROM.length; i++) FOLD_MAP.set(FOLD_FROM.charAt(i), FOLD_TO.charAt(i))

/** Folds like the SQL expression does, then collapses white space. */
export function foldTurkish(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) out += FOLD_MAP.get(ch) ?? ch
  return out.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** The words of a search query, folded, with LIKE wildcards escaped; at most six words count. */
export function searchWords(query: string): string[] {
  return foldTurkish(query)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 6)
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`))
}
