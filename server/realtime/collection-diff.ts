/**
 * Keyed collections and what changed between two versions of one (pure). A delta carries whole items
 * (upsert) and removed keys, so a client applying it to any base at or after the previous version ends
 * at the new one.
 */
import type { CollectionChange } from '../contract/events.ts'

export interface KeyedItems<T> {
  /** key → [item, signature]; the signature leaves out fields that change on every read. */
  readonly byKey: Map<string, { item: T; sig: string }>
}

export function keyItems<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  volatile: readonly string[] = [],
): KeyedItems<T> {
  const byKey = new Map<string, { item: T; sig: string }>()
  for (const item of items) byKey.set(keyOf(item), { item, sig: signatureOf(item, volatile) })
  return { byKey }
}

export function diffItems<T>(
  previous: KeyedItems<T> | null,
  next: KeyedItems<T>,
): CollectionChange<T> | null {
  const upsert: T[] = []
  const remove: string[] = []
  for (const [key, entry] of next.byKey) {
    const before = previous?.byKey.get(key)
    if (before === undefined || before.sig !== entry.sig) upsert.push(entry.item)
  }
  if (previous !== null) for (const key of previous.byKey.keys()) if (!next.byKey.has(key)) remove.push(key)
  return upsert.length === 0 && remove.length === 0 ? null : { upsert, remove }
}

function signatureOf(item: unknown, volatile: readonly string[]): string {
  if (volatile.length === 0 || item === null || typeof item !== 'object') return JSON.stringify(item)
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) }
  for (const k of volatile) delete copy[k]
  return JSON.stringify(copy)
}
