/**
 * The santral console's updates (docs/switchboard.md): the parts marked since the last send are
 * computed at most once per interval, and only those whose JSON changed are published. While nobody on
 * this node watches, nothing is computed and what was sent is forgotten, so the next sync starts the
 * room afresh from a full console (`adopt`).
 */
export interface ConsolePublisher<P extends object> {
  /** These parts may have changed: computed and sent within the interval when someone watches. */
  mark(names: readonly (keyof P & string)[]): void
  /** A full console computed for a sync: when nobody holds an older one, it is what the room has now. */
  adopt(parts: P): void
  close(): void
}

export function createConsolePublisher<P extends object>(options: {
  compute: (names: readonly (keyof P & string)[]) => Partial<P>
  /** null: no sockets attached yet; otherwise whether any socket of this node is in the room. */
  watching: () => boolean | null
  publish: (changed: Partial<P>) => void
  intervalMs: number
}): ConsolePublisher<P> {
  type Name = keyof P & string
  const lastSent = new Map<Name, string>()
  const dirty = new Set<Name>()
  let timer: ReturnType<typeof setTimeout> | undefined

  function unwatched(): boolean {
    if (options.watching() !== false) return false
    // Guarded: clearing even an empty Map allocates a new table, and this runs for every PBX change.
    if (dirty.size > 0) dirty.clear()
    if (lastSent.size > 0) lastSent.clear()
    return true
  }

  function flush(): void {
    timer = undefined
    if (options.watching() === null || dirty.size === 0 || unwatched()) return
    const names = [...dirty]
    dirty.clear()
    const computed = options.compute(names)
    const changed: Partial<P> = {}
    for (const name of names) {
      const json = JSON.stringify(computed[name])
      if (lastSent.get(name) === json) continue
      lastSent.set(name, json)
      changed[name] = computed[name]
    }
    if (Object.keys(changed).length > 0) options.publish(changed)
  }

  return {
    mark(names) {
      if (unwatched()) return
      for (const n of names) dirty.add(n)
      if (timer !== undefined || options.watching() === null) return
      timer = setTimeout(flush, options.intervalMs)
      timer.unref()
    },
    adopt(parts) {
      if (lastSent.size > 0) return
      for (const name of Object.keys(parts) as Name[]) lastSent.set(name, JSON.stringify(parts[name]))
      dirty.clear()
    },
    close() {
      clearTimeout(timer)
    },
  }
}
