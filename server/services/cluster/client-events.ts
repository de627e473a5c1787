/**
 * The `on`/`emit` of an AmiClient made in this folder (the remote and the leased client): listeners per
 * event name, each called in turn, a throwing listener logged and the others still called.
 */
import type { AmiClientEvents } from '../../../telephony/index.ts'
import type { Logger } from '../../logger.ts'

type Listener = (payload: never) => void

export interface ClientEvents {
  readonly emit: <K extends keyof AmiClientEvents>(name: K, payload: AmiClientEvents[K]) => void
  readonly on: <K extends keyof AmiClientEvents>(
    name: K,
    listener: (payload: AmiClientEvents[K]) => void,
  ) => () => boolean
}

export function createClientEvents(log: Pick<Logger, 'error'>): ClientEvents {
  const listeners = new Map<keyof AmiClientEvents, Set<Listener>>()
  const emit: ClientEvents['emit'] = (name, payload) => {
    for (const l of listeners.get(name) ?? []) {
      try {
        ;(l as (p: typeof payload) => void)(payload)
      } catch (e) {
        log.error({ err: e, event: name }, 'listener threw')
      }
    }
  }
  const on: ClientEvents['on'] = (name, listener) => {
    let set = listeners.get(name)
    if (set === undefined) listeners.set(name, (set = new Set()))
    const l = listener as Listener
    set.add(l)
    return () => set.delete(l)
  }
  return { emit, on }
}
