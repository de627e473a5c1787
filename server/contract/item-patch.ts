/**
 * Field-level changes to one live item (ADR 006, amended): the server sends only what changed in an
 * item it sent before, the client applies it to its copy. Shared by both sides so they agree on the
 * format.
 *
 * An operation is `[pointer, value]` (set the value there, creating the last key) or `[pointer]`
 * (delete the last key). The pointer is a JSON Pointer (RFC 6901, as in JSON Patch): `/agents/onCall`,
 * `/trend/11/offered`; `~1` stands for `/` and `~0` for `~` inside a key. It walks into plain objects by
 * key and into arrays by index; an array whose length changed is set whole. Pointers are strings, not
 * key arrays, because a delta reaches every open screen and one string parses faster than an array.
 */
export type PatchOp = readonly [pointer: string, value: unknown] | readonly [pointer: string]

/** `['trend', 11, 'offered']` → `/trend/11/offered`. */
export function toPointer(path: readonly (string | number)[]): string {
  let out = ''
  for (const key of path) out += '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')
  return out
}

function fromPointer(pointer: string): string[] | null {
  if (!pointer.startsWith('/')) return pointer === '' ? [] : null
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/**
 * Returns a copy of `item` with the operations applied; `item` itself is not changed (objects along
 * each path are copied, the rest is shared), so a UI holding the old item sees a new one. Returns
 * null when an operation does not fit the item (a path through something that is not an object or
 * array, a bad pointer): the caller's copy is not the version the server diffed against and must be
 * fetched again.
 */
export function applyItemPatch<T>(item: T, ops: readonly PatchOp[]): T | null {
  let root: unknown = item
  for (const op of ops) {
    const path = typeof op[0] === 'string' ? fromPointer(op[0]) : null
    if (path === null) return null
    const next = applyOne(root, path, 0, op.length === 2, op[1])
    if (next === MISFIT) return null
    root = next
  }
  return root as T
}

const MISFIT = Symbol('misfit')
const INDEX = /^(0|[1-9]\d*)$/

function applyOne(
  node: unknown,
  path: readonly string[],
  depth: number,
  isSet: boolean,
  value: unknown,
): unknown {
  if (depth === path.length) return isSet ? value : MISFIT
  if (node === null || typeof node !== 'object') return MISFIT
  const key = path[depth]!
  const last = depth === path.length - 1
  if (Array.isArray(node)) {
    if (!INDEX.test(key) || Number(key) >= node.length) return MISFIT
    if (last && !isSet) return MISFIT
    const index = Number(key)
    const child = last ? value : applyOne(node[index], path, depth + 1, isSet, value)
    if (child === MISFIT) return MISFIT
    const copy = node.slice()
    copy[index] = child
    return copy
  }
  const record = node as Record<string, unknown>
  const copy: Record<string, unknown> = { ...record }
  if (last && !isSet) {
    if (!Object.hasOwn(record, key)) return MISFIT
    delete copy[key]
    return copy
  }
  const child = last ? value : applyOne(record[key], path, depth + 1, isSet, value)
  if (child === MISFIT) return MISFIT
  // defineProperty, not assignment: a key named "__proto__" (a pause reason typed by someone) stays data.
  Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true })
  return copy
}
