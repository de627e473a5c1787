import { unescapeC, type AmiMessage } from '../message.ts'
import { FieldError, present, sameLower } from './fields.ts'
import type { ChannelSnapshot } from './types.ts'

/*
 * A channel snapshot (§10) is 13 fields plus ChanVariables under a prefix (``, `Dest`, `Transferer`,
 * …). They are read in one pass over the message's keys instead of one scan per field: each key is
 * compared only with the snapshot names of its own length. The rule per field is field()'s: the first
 * exact-case key, else the first case-insensitive one.
 */
const SUFFIXES = [
  'Channel',
  'ChannelState',
  'ChannelStateDesc',
  'CallerIDNum',
  'CallerIDName',
  'ConnectedLineNum',
  'ConnectedLineName',
  'AccountCode',
  'Context',
  'Exten',
  'Priority',
  'Uniqueid',
  'Linkedid',
  'ChanVariable',
] as const
const CHANNEL = 0
const STATE = 1
const STATE_DESC = 2
const CALLER_NUM = 3
const CALLER_NAME = 4
const CONNECTED_NUM = 5
const CONNECTED_NAME = 6
const ACCOUNT_CODE = 7
const CONTEXT = 8
const EXTEN = 9
const PRIORITY = 10
const UNIQUE_ID = 11
const LINKED_ID = 12
const CHAN_VARIABLE = 13

interface SnapshotName {
  readonly name: string
  readonly lower: string
  readonly slot: number
}

interface SnapshotPlan {
  /** Snapshot names by their length. */
  readonly byLength: ReadonlyArray<readonly SnapshotName[] | undefined>
  readonly chanVariable: string
}

const plans = new Map<string, SnapshotPlan>()

function planFor(prefix: string): SnapshotPlan {
  let plan = plans.get(prefix)
  if (plan === undefined) {
    const byLength: SnapshotName[][] = []
    SUFFIXES.forEach((suffix, slot) => {
      // Internalised (an object key), so comparing with a key is a flat compare, not a cons string's.
      const name = Object.keys({ [prefix + suffix]: 0 })[0] as string
      ;(byLength[name.length] ??= []).push({ name, lower: name.toLowerCase(), slot })
    })
    // Dense array (no holes) so a lookup by any length in range stays on the fast path.
    for (let i = 0; i < byLength.length; i++) byLength[i] ??= undefined as unknown as SnapshotName[]
    plan = { byLength, chanVariable: prefix + 'ChanVariable' }
    plans.set(prefix, plan)
  }
  return plan
}

// Scratch for one snapshot at a time (decoding is synchronous): first exact / case-insensitive index.
const SLOTS = SUFFIXES.length
const exact = new Int32Array(SLOTS)
const folded = new Int32Array(SLOTS)

function read(values: string[], slot: number): string | undefined {
  const i = exact[slot] as number
  if (i >= 0) return values[i]
  const j = folded[slot] as number
  return j >= 0 ? values[j] : undefined
}

/**
 * Caller and connected-line names and numbers are kept to Asterisk's own field size (AST_MAX_EXTENSION,
 * 80): a trunk that sends a longer one would otherwise carry it to every screen and into the call's
 * record. Cut at a character, never inside a surrogate pair.
 */
export const MAX_PARTY_CHARS = 80

export function party(v: string | undefined): string | undefined {
  if (v === undefined || v.length <= MAX_PARTY_CHARS) return v
  return Array.from(v.slice(0, MAX_PARTY_CHARS * 2))
    .slice(0, MAX_PARTY_CHARS)
    .join('')
}

function escapedName(v: string | undefined): string | undefined {
  const p = present(v)
  return p === undefined ? undefined : party(unescapeC(p))
}

/** Every `<key>: NAME=value` (exact or case-insensitive key), values unescaped (§8.7). */
function chanVars(m: AmiMessage, key: string): Record<string, string> | undefined {
  const keys = m.keys
  let out: Record<string, string> | undefined
  const lower = key.toLowerCase()
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (k.length === key.length && (k === key || sameLower(k, lower))) {
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
  const plan = planFor(prefix)
  const byLength = plan.byLength
  const maxLength = byLength.length
  for (let s = 0; s < SLOTS; s++) {
    exact[s] = -1
    folded[s] = -1
  }
  const keys = m.keys
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (k.length >= maxLength) continue
    const names = byLength[k.length]
    if (names === undefined) continue
    for (let j = 0; j < names.length; j++) {
      const n = names[j] as SnapshotName
      if (k === n.name) {
        if ((exact[n.slot] as number) < 0) exact[n.slot] = i
        break
      }
      if ((folded[n.slot] as number) < 0 && sameLower(k, n.lower)) folded[n.slot] = i
    }
  }
  const values = m.values
  const uniqueId = read(values, UNIQUE_ID)
  const channel = read(values, CHANNEL)
  if (uniqueId === undefined || uniqueId === '' || channel === undefined || channel === '') return undefined
  const stateRaw = read(values, STATE)
  const state = stateRaw === undefined || stateRaw === '' ? 0 : Number(stateRaw)
  const hasVars = (exact[CHAN_VARIABLE] as number) >= 0 || (folded[CHAN_VARIABLE] as number) >= 0
  return {
    channel,
    uniqueId,
    callId: present(read(values, LINKED_ID)) ?? uniqueId,
    state: Number.isFinite(state) ? state : 0,
    stateDesc: present(read(values, STATE_DESC)),
    callerNum: party(present(read(values, CALLER_NUM))),
    callerName: escapedName(read(values, CALLER_NAME)),
    connectedNum: party(present(read(values, CONNECTED_NUM))),
    connectedName: escapedName(read(values, CONNECTED_NAME)),
    accountCode: present(read(values, ACCOUNT_CODE)),
    context: present(read(values, CONTEXT)),
    exten: present(read(values, EXTEN)),
    priority: present(read(values, PRIORITY)),
    vars: hasVars ? chanVars(m, plan.chanVariable) : undefined,
  }
}

export function snapshot(m: AmiMessage, prefix: string): ChannelSnapshot {
  const s = snapshotOrUndefined(m, prefix)
  if (s === undefined) throw new FieldError(`missing ${prefix}Channel/${prefix}Uniqueid`)
  return s
}
