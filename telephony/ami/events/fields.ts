import type { AmiMessage } from '../message.ts'
import type { BridgeSnapshot } from './types.ts'

/** Thrown inside the decoder only; decodeAmiEvent turns it into a DecodeError value. */
export class FieldError extends Error {}

/**
 * First value of `name`: an exact-case scan first (Asterisk's casing is stable, §8.10), then a
 * case-insensitive one. Cheaper than AmiMessage.get on the hot path because it allocates nothing
 * when the exact key is present, and only the lower-cased name when it is not.
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
      if (sameLower(k, lower)) return m.values[i]
    }
  }
  return undefined
}

/**
 * `key.toLowerCase() === lower` for a key of the name's length, without lower-casing the key: ASCII
 * is folded in place, so a key that differs early (the usual miss) costs a couple of char compares.
 */
export function sameLower(key: string, lower: string): boolean {
  if (key.length !== lower.length) return key.toLowerCase() === lower
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i)
    if (c > 127) return key.toLowerCase() === lower
    if (c >= 65 && c <= 90) c += 32
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
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
