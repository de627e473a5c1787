/**
 * What the agent typed on a call's screen and has not saved, kept per call until its wrap-up is saved or
 * the call leaves the desk. A call that rings meanwhile takes the screen (views/desk/DeskWorkspace.svelte
 * shows the live call alone), and the half-written note or ticket must be there again when the agent opens
 * the ended call from "Çağrı sonrası işlem bekleyen". Kept in this tab's memory only: what was typed about
 * a citizen never goes to the browser's storage.
 */
import { SvelteMap } from 'svelte/reactivity'
import type { TICKET_TYPES } from '../../../server/contract/tickets.ts'

export interface PopDraft {
  readonly newName: string
  readonly kvkk: boolean
  readonly type: (typeof TICKET_TYPES)[number]
  readonly subject: string
  readonly description: string
  readonly unitId: number | ''
  readonly wrapCode: number | ''
  readonly wrapNote: string
  readonly callbackAt: string
  readonly callbackFor: 'me' | 'queue'
  readonly callbackNote: string
}

const drafts = new SvelteMap<string, PopDraft>()

/** Nothing the agent would miss: no text, no unit, no wrap-up code chosen. */
const blank = (d: PopDraft) =>
  [d.newName, d.subject, d.description, d.wrapNote, d.callbackAt, d.callbackNote].every(
    (t) => t.trim() === '',
  ) &&
  d.unitId === '' &&
  d.wrapCode === ''

export function popDraft(popId: string): PopDraft | undefined {
  return drafts.get(popId)
}

export function keepPopDraft(popId: string, draft: PopDraft): void {
  if (blank(draft)) drafts.delete(popId)
  else drafts.set(popId, draft)
}

export function hasPopDraft(popId: string): boolean {
  return drafts.has(popId)
}

/** The call's wrap-up was saved, or the call left the desk (retracted, moved to the uncoded list). */
export function forgetPopDraft(popId: string): void {
  drafts.delete(popId)
}

/** Signing out: nothing typed by one user stays for the next in this tab. */
export function forgetPopDrafts(): void {
  drafts.clear()
}
