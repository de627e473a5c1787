/**
 * A failed form submission as the form shows it: the server's field issues (`details.issues[].path`,
 * server/errors.ts ValidationError) next to the fields they name, and one sentence for the rest. Pure.
 */
import { ApiError, MESSAGES } from './api-error.ts'

export interface FieldIssue {
  path: string
  message: string
}

export interface FormErrors<F extends string> {
  /** Messages per field the form has; a field without a problem is absent. */
  fields: Partial<Record<F, string[]>>
  /** What to say at the top of the form, or null when every problem sits at its field. */
  message: string | null
}

/**
 * Said above a form whose problems are all shown at their fields (so a screen reader hears one). It
 * names what did not happen: a form that saves says this one.
 */
export const FIX_FIELDS_MESSAGE = 'Kaydedilmedi: işaretli alanları düzeltip yeniden deneyin.'

/**
 * The same for a form that only asks for a list (a filter or a search, such as the access log's in
 * views/admin/kvkk/AccessLog.svelte): nothing was to be saved, the list just was not made; "Listele" is
 * the button such a form has.
 */
export const FIX_FILTER_MESSAGE = 'Listelenemedi: işaretli alanları düzeltip yeniden deneyin.'

/** The field issues of a validation answer; empty for any other failure. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return []
  const details: unknown = error.details
  if (typeof details !== 'object' || details === null || !('issues' in details)) return []
  const issues: unknown = details.issues
  if (!Array.isArray(issues)) return []
  const found: FieldIssue[] = []
  for (const issue of issues as unknown[]) {
    if (typeof issue !== 'object' || issue === null) continue
    const path = 'path' in issue && typeof issue.path === 'string' ? issue.path : ''
    const message = 'message' in issue && typeof issue.message === 'string' ? issue.message.trim() : ''
    if (message !== '') found.push({ path, message })
  }
  return found
}

/**
 * The sentence for a failure that belongs to no field. Conflicts (409) carry the reason only the server
 * knows (the last admin, a name just taken), so its own Turkish sentence is shown; everything else uses
 * the client's wording (lib/api-error.ts).
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return MESSAGES.serverFault
  if (error.status === 409 && error.serverMessage !== undefined) return error.serverMessage
  return error.message
}

/**
 * Sorts a failure's issues onto the form's fields. A path names its field by its first segment
 * (`memberInterfaces.0` is `memberInterfaces`); `aliases` maps a server path onto a differently named
 * field. Issues for no field of the form, and failures without issues, become the top message; when every
 * issue sits at a field, the top says `fixFields` (what the form failed to do).
 */
export function formErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
  fixFields: string = FIX_FIELDS_MESSAGE,
): FormErrors<F> {
  const issues = issuesOf(error)
  if (issues.length === 0) return { fields: {}, message: errorText(error) }
  const known = new Set<string>(fields)
  const placed: Partial<Record<F, string[]>> = {}
  const unplaced: string[] = []
  for (const issue of issues) {
    const head = issue.path.split('.')[0] ?? ''
    const field = aliases[issue.path] ?? aliases[head] ?? (known.has(head) ? (head as F) : undefined)
    if (field === undefined) {
      if (!unplaced.includes(issue.message)) unplaced.push(issue.message)
      continue
    }
    const list = (placed[field] ??= [])
    if (!list.includes(issue.message)) list.push(issue.message)
  }
  return { fields: placed, message: unplaced.length === 0 ? fixFields : unplaced.join(' ') }
}
