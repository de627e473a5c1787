import { unescapeC, type AmiMessage } from '../message.ts'
import type { BridgeSnapshot, ChannelSnapshot } from './types.ts'

/** Thrown inside the decoder only; decodeAmiEvent turns it into a DecodeError value. */
export class FieldError extends Error {}

/**
 * First value of `name`: an exact-case scan first (Asterisk's casing is stable, §8.10), then a
 * case-insensitive one. Cheaper than AmiMessage.get on the hot path because it allocates nothing
 * when the exact key is present.
 */
export function field(m: AmiMessage, name: string): string | undefined {
  const keys = m.keys
  const n = keys.length
  for (let i = 0; i < n; i++) if (keys[i] === name) return m.values[i]
  const len = name.length
  let lower: string | undefined
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string
    if (k.length === len) {
      lower ??= name.toLowerCase()
      if (k.toLowerCase() === lower) return m.values[i]
    }
  }
  return undefined
}

/** `<unknown>`, `unknown` and empty normalised to undefined (§8.6). */
export function present(v: string | undefined): string | undefined {
  if (v === undefined || v === '' || v === '<unknown>' || v === 'unknown') return undefined
  return v
}

export function opt(m: AmiMessage, name: string): string | undefined {
  return present(field(m, name))
}

export function req(m: AmiMessage, name: string): string {
  const v = field(m, name)
  if (v === undefined || v === '') throw new FieldError(`missing ${name}`)
  return v
}

export function optNum(m: AmiMessage, name: string): number | undefined {
  const v = field(m, name)
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : undefined
}

export function reqNum(m: AmiMessage, name: string): number {
  const v = req(m, name)
  const n = Number(v)
  if (!Number.isFinite(n)) throw new FieldError(`${name} is not a number: ${v.slice(0, 40)}`)
  return n
}

/** 1/0, yes/no, true/false. */
export function flag(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined
  const c = v.charCodeAt(0)
  // '1', 'y', 'Y', 't', 'T'
  return c === 49 || c === 121 || c === 89 || c === 116 || c === 84
}

interface SnapshotNames {
  channel: string
  state: string
  stateDesc: string
  callerNum: string
  callerName: string
  connectedNum: string
  connectedName: string
  accountCode: string
  context: string
  exten: string
  priority: string
  uniqueId: string
  linkedId: string
  chanVariable: string
}

const namesCache = new Map<string, SnapshotNames>()

function snapshotNames(prefix: string): SnapshotNames {
  let names = namesCache.get(prefix)
  if (names === undefined) {
    names = {
      channel: `${prefix}Channel`,
      state: `${prefix}ChannelState`,
      stateDesc: `${prefix}ChannelStateDesc`,
      callerNum: `${prefix}CallerIDNum`,
      callerName: `${prefix}CallerIDName`,
      connectedNum: `${prefix}ConnectedLineNum`,
      connectedName: `${prefix}ConnectedLineName`,
      accountCode: `${prefix}AccountCode`,
      context: `${prefix}Context`,
      exten: `${prefix}Exten`,
      priority: `${prefix}Priority`,
      uniqueId: `${prefix}Uniqueid`,
      linkedId: `${prefix}Linkedid`,
      chanVariable: `${prefix}ChanVariable`,
    }
    namesCache.set(prefix, names)
  }
  return names
}

function escapedName(v: string | undefined): string | undefined {
  const p = present(v)
  return p === undefined ? undefined : unescapeC(p)
}

function chanVars(m: AmiMessage, key: string): Record<string, string> | undefined {
  const keys = m.keys
  let out: Record<string, string> | undefined
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (k.length === key.length && (k === key || k.toLowerCase() === key.toLowerCase())) {
      const raw = m.values[i] as string
      const eq = raw.indexOf('=')
      if (eq <= 0) continue
      out ??= {}
      out[raw.slice(0, eq)] = unescapeC(raw.slice(eq + 1))
    }
  }
  return out
}

/** The snapshot under `prefix` (``, `Dest`, `Transferer`, `LocalOne`, …), or undefined if it is not there. */
export function snapshotOrUndefined(m: AmiMessage, prefix: string): ChannelSnapshot | undefined {
  const n = snapshotNames(prefix)
  const uniqueId = field(m, n.uniqueId)
  const channel = field(m, n.channel)
  if (uniqueId === undefined || uniqueId === '' || channel === undefined || channel === '') return undefined
  const stateRaw = field(m, n.state)
  const state = stateRaw === undefined || stateRaw === '' ? 0 : Number(stateRaw)
  return {
    channel,
    uniqueId,
    callId: present(field(m, n.linkedId)) ?? uniqueId,
    state: Number.isFinite(state) ? state : 0,
    stateDesc: present(field(m, n.stateDesc)),
    callerNum: present(field(m, n.callerNum)),
    callerName: escapedName(field(m, n.callerName)),
    connectedNum: present(field(m, n.connectedNum)),
    connectedName: escapedName(field(m, n.connectedName)),
    accountCode: present(field(m, n.accountCode)),
    context: present(field(m, n.context)),
    exten: present(field(m, n.exten)),
    priority: present(field(m, n.priority)),
    vars: chanVars(m, n.chanVariable),
  }
}

export function snapshot(m: AmiMessage, prefix: string): ChannelSnapshot {
  const s = snapshotOrUndefined(m, prefix)
  if (s === undefined) throw new FieldError(`missing ${prefix}Channel/${prefix}Uniqueid`)
  return s
}

export function bridgeOrUndefined(m: AmiMessage, prefix: string): BridgeSnapshot | undefined {
  const bridgeId = present(field(m, `${prefix}BridgeUniqueid`))
  if (bridgeId === undefined) return undefined
  return {
    bridgeId,
    bridgeType: present(field(m, `${prefix}BridgeType`)),
    technology: present(field(m, `${prefix}BridgeTechnology`)),
    numChannels: optNum(m, `${prefix}BridgeNumChannels`),
  }
}

export function bridge(m: AmiMessage, prefix: string): BridgeSnapshot {
  const b = bridgeOrUndefined(m, prefix)
  if (b === undefined) throw new FieldError(`missing ${prefix}BridgeUniqueid`)
  return b
}
