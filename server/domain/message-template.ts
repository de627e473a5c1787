/**
 * Message templates are text with `{{variable}}` slots (docs/messaging.md §3). Pure: finding the slots,
 * refusing unknown ones, and filling them in. A slot whose value is missing renders as an empty string;
 * an unknown one can never be stored, so it never reaches a citizen.
 */
const SLOT = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g
const BRACES = /\{\{|\}\}/g

/** The variable names a text uses, in order of first appearance. */
export function templateVariables(text: string): string[] {
  const seen: string[] = []
  for (const m of text.matchAll(SLOT)) {
    const name = m[1] ?? ''
    if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

/** Problems of one text: unknown variables and stray `{{`/`}}` (a slot typed wrong). */
export function templateProblems(text: string, allowed: readonly string[]): string[] {
  const problems: string[] = []
  for (const name of templateVariables(text))
    if (!allowed.includes(name)) problems.push(`Bilinmeyen değişken: {{${name}}}`)
  const stray = text.replace(SLOT, '').match(BRACES)
  if (stray !== null) problems.push('Kapatılmamış ya da hatalı {{ }} işareti var.')
  return problems
}

export function renderTemplate(
  text: string,
  values: Readonly<Record<string, string | null | undefined>>,
): string {
  return text.replace(SLOT, (_all, name: string) => values[name] ?? '')
}
