/**
 * The form's rules that need no server: which field a server issue belongs to, and the checks on chosen
 * files that the server repeats (count and size; the type is checked by content on the server). Pure.
 */
import { ATTACHMENT_LIMITS } from '../../../server/contract/intake.ts'
import type { FieldIssue } from '../lib/field-errors.ts'

export const FORM_FIELDS = [
  'type',
  'subject',
  'text',
  'mahalle',
  'fullName',
  'phone',
  'email',
  'contact',
  'nationalId',
  'address',
  'attachments',
  'consent',
  'challenge',
  'website',
] as const
export type FormField = (typeof FORM_FIELDS)[number]

const KNOWN = new Set<string>(FORM_FIELDS)

/** `attachments.1` → `attachments`; unknown paths → null (said at the top of the form). */
export function fieldOfPath(path: string): FormField | null {
  const head = path.split('.')[0] ?? ''
  return KNOWN.has(head) ? (head as FormField) : null
}

export function groupIssues(issues: readonly FieldIssue[]): {
  fields: Partial<Record<FormField, string[]>>
  other: string[]
} {
  const fields: Partial<Record<FormField, string[]>> = {}
  const other: string[] = []
  for (const issue of issues) {
    const field = fieldOfPath(issue.path)
    if (field === null) other.push(issue.message)
    else (fields[field] ??= []).push(issue.message)
  }
  return { fields, other }
}

export function fileProblems(files: readonly { name: string; size: number }[]): string[] {
  const problems: string[] = []
  if (files.length > ATTACHMENT_LIMITS.maxFiles)
    problems.push(`En çok ${ATTACHMENT_LIMITS.maxFiles} dosya eklenebilir.`)
  for (const f of files.slice(0, ATTACHMENT_LIMITS.maxFiles)) {
    if (f.size > ATTACHMENT_LIMITS.maxBytes) problems.push(`"${f.name}" 5 MB sınırını aşıyor.`)
  }
  return problems
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toLocaleString('tr-TR', { maximumFractionDigits: 1 })} MB`
}
