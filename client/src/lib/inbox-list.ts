/**
 * Talepler › Gelen kutusu's pure helpers (server/contract/inbox.ts): the query the filters make, how long
 * a request has waited, who sent it as far as the list shows, and a debounce for the live nudges.
 */
import type {
  InboxChannel,
  InboxClaimedFilter,
  InboxEntry,
  InboxState,
} from '../../../server/contract/inbox.ts'
import { formatPhone } from './format.ts'

export interface InboxFilters {
  channel: InboxChannel | null
  claimed: InboxClaimedFilter
  state: InboxState
  offset: number
  limit: number
}

/** `?channel=…&claimed=…` with only what differs from the server's defaults. */
export function inboxQueryString(f: InboxFilters): string {
  const params = new URLSearchParams()
  if (f.channel !== null) params.set('channel', f.channel)
  if (f.claimed !== 'all') params.set('claimed', f.claimed)
  if (f.state !== 'waiting') params.set('state', f.state)
  if (f.offset > 0) params.set('offset', String(f.offset))
  params.set('limit', String(f.limit))
  return `?${params.toString()}`
}

/** 4 min → `4 dk`, 125 min → `2 sa 5 dk`, 50 h → `2 gün 2 sa`; under a minute → `şimdi`. */
export function waitedText(since: string, nowMs: number): string {
  const minutes = Math.floor(Math.max(0, nowMs - Date.parse(since)) / 60_000)
  if (minutes < 1) return 'şimdi'
  if (minutes < 60) return `${minutes} dk`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 === 0 ? `${hours} sa` : `${hours} sa ${minutes % 60} dk`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${days} gün` : `${days} gün ${hours % 24} sa`
}

/** The sender's name, else the address or number the request came from. */
export function senderText(entry: Pick<InboxEntry, 'sender'>): string {
  const { name, email, phone } = entry.sender
  if (name !== null && name.trim() !== '') return name
  if (email !== null) return email
  if (phone !== null) return formatPhone(phone)
  return 'Gönderen belirtilmemiş'
}

/** Calls `fn` once `waitMs` after the last call (several nudges in a burst read the list once). */
export function debounce(fn: () => void, waitMs: number): { call(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    call() {
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        fn()
      }, waitMs)
    },
    cancel() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
