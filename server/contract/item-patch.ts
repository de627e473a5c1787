/**
 * Field-level changes to one live item (ADR 006, amended): the server sends only what changed in an
 * item it sent before, the client applies it to its copy. Shared by both sides so they agree on the
 * format.
 *
 * An operation is `[path, value]` (set the value at the path, creating the last key) or `[path]`
 * (delete the last key). A path walks into plain objects by key and into arrays by index; an array
 * whose length changed is set whole.
 */
export type PatchPath = readonly (string | number)[]
export type PatchOp = readonly [path: PatchPath, value: unknown] | readonly [path: PatchPath]

/**
 * Returns a copy of `item` with the operations applied; `item` itself is not changed (objects along
 * each path are copied, the rest is shared), so a UI holding the old item sees a new one. Returns
 * null when an operation does not fit the item (a path through something that is not an object or
 * array): the caller's copy is not the version the server diffed against and must be fetched again.
 */
export function applyItemPatch<T>(item: T, ops: readonly PatchOp[]): T | null {
  let root: unknown = item
  for (const op of ops) {
    const next = applyOne(root, op[0], 0, op.length === 2, op[1])
    if (next === MISFIT) return null
    root = next
  }
  return root as T
}

const MISFIT = Symbol('misfit')

function applyOne(node: unknown, path: PatchPath, depth: number, isSet: boolean, value: unknown): unknown {
  if (depth === path.length) return isSet ? value : MISFIT
  if (node === null || typeof node !== 'object') return MISFIT
  const key = path[depth]!
  const last = depth === path.length - 1
  if (Array.isArray(node)) {
    if (typeof key !== 'number' || key < 0 || key >= node.length) return MISFIT
    if (last && !isSet) return MISFIT
    const child = last ? value : applyOne(node[key], path, depth + 1, isSet, value)
    if (child === MISFIT) return MISFIT
    const copy = node.slice()
    copy[key] = child
    return copy
  }
  const name = String(key)
  const record = node as Record<string, unknown>
  const copy: Record<string, unknown> = { ...record }
  if (last && !isSet) {
    if (!Object.hasOwn(record, name)) return MISFIT
    delete copy[name]
    return copy
  }
  const child = last ? value : applyOne(record[name], path, depth + 1, isSet, value)
  if (child === MISFIT) return MISFIT
  // defineProperty, not assignment: a key named "__proto__" (a pause reason typed by someone) stays data.
  Object.defineProperty(copy, name, { value: child, enumerable: true, writable: true, configurable: true })
  return copy
}
