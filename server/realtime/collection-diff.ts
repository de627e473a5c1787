/**
 * Keyed collections and what changed between two versions of one (pure). A delta carries new items
 * whole (upsert), the changed fields of items the room already has (patch, see
 * `contract/item-patch.ts`), and removed keys.
 */
import type { CollectionChange } from '../contract/events.ts'
import { toPointer, type PatchOp } from '../contract/item-patch.ts'

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

/**
 * A patch is sent instead of the whole item when its JSON is at most this share of the item's: a
 * queue tile is ~2.6 kB and one call moves a handful of its counters, so the wallboard's deltas
 * shrink ~10× (parsing them on 1 000 TVs, and writing them, is most of the fan-out's cost).
 */
const PATCH_MAX_SHARE = 0.6

export function diffItems<T>(
  previous: KeyedItems<T> | null,
  next: KeyedItems<T>,
): CollectionChange<T> | null {
  const upsert: T[] = []
  const patch: Record<string, PatchOp[]> = {}
  const remove: string[] = []
  for (const [key, entry] of next.byKey) {
    const before = previous?.byKey.get(key)
    if (before !== undefined && before.sig === entry.sig) continue
    const ops = before === undefined ? null : itemPatch(before.item, entry.item)
    // No operations although the signature moved means the old item cannot be trusted as the base (it
    // was changed in place after it was keyed): the whole item is always right.
    if (ops !== null && ops.length > 0 && JSON.stringify(ops).length <= entry.sig.length * PATCH_MAX_SHARE) {
      patch[key] = ops
    } else upsert.push(entry.item)
  }
  if (previous !== null) for (const key of previous.byKey.keys()) if (!next.byKey.has(key)) remove.push(key)
  const patched = Object.keys(patch).length > 0
  if (upsert.length === 0 && remove.length === 0 && !patched) return null
  return patched ? { upsert, patch, remove } : { upsert, remove }
}

/** The operations that turn `before` into `after` (both JSON-like values; undefined = absent). */
export function itemPatch(before: unknown, after: unknown): PatchOp[] {
  const ops: PatchOp[] = []
  diffInto(before, after, [], ops)
  return ops
}

function diffInto(before: unknown, after: unknown, path: (string | number)[], ops: PatchOp[]): void {
  if (before === after) return
  if (isRecord(before) && isRecord(after)) {
    // Own keys only: a key named like an Object.prototype member ("toString") is data, not inherited.
    for (const key of Object.keys(after)) {
      const value = after[key]
      if (value === undefined) continue
      const was = Object.hasOwn(before, key) ? before[key] : undefined
      // Equal values are the common case on a hot path (every flush): no path is built for them.
      if (was === value) continue
      if (was === undefined) ops.push([toPointer([...path, key]), value])
      else diffInto(was, value, [...path, key], ops)
    }
    for (const key of Object.keys(before))
      if (before[key] !== undefined && (!Object.hasOwn(after, key) || after[key] === undefined))
        ops.push([toPointer([...path, key])])
    return
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < after.length; i++)
      if (before[i] !== after[i]) diffInto(before[i], after[i] as unknown, [...path, i], ops)
    return
  }
  // Different kinds or array lengths, or two primitives: set whole (the root itself is never a primitive).
  ops.push([toPointer(path), after])
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function signatureOf(item: unknown, volatile: readonly string[]): string {
  if (volatile.length === 0 || item === null || typeof item !== 'object') return JSON.stringify(item)
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) }
  for (const k of volatile) delete copy[k]
  return JSON.stringify(copy)
}
