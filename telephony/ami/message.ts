/**
 * An AMI message: ordered `Key: Value` fields with repeated keys kept, looked up case-insensitively
 * (docs/ami-protocol.md §2, §8). Pure data; no I/O.
 */
export class AmiMessage {
  /** Field names as they arrived (case kept). */
  readonly keys: string[]
  /** Field values, same index as `keys`. Empty values stay `''`. */
  readonly values: string[]
  /** Lines without a colon (old `Response: Follows` bodies, broken input): kept, never thrown. */
  readonly rawLines: string[]

  constructor(keys: string[] = [], values: string[] = [], rawLines: string[] = []) {
    this.keys = keys
    this.values = values
    this.rawLines = rawLines
  }

  static of(fields: ReadonlyArray<readonly [string, string]>): AmiMessage {
    return new AmiMessage(
      fields.map(([k]) => k),
      fields.map(([, v]) => v),
    )
  }

  /** First value of `name` (case-insensitive), or undefined. */
  get(name: string): string | undefined {
    const n = name.length
    const lower = name.toLowerCase()
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string
      if (k.length === n && sameKeyLower(k, name, lower)) return this.values[i]
    }
    return undefined
  }

  /** Every value of `name` in order (for repeated keys such as ChanVariable, Variable, Output). */
  getAll(name: string): string[] {
    const n = name.length
    const lower = name.toLowerCase()
    const out: string[] = []
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i] as string
      if (k.length === n && sameKeyLower(k, name, lower)) out.push(this.values[i] as string)
    }
    return out
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  /** The name of the first field: `Event`, `Response` or `Action` classify the message. */
  get kind(): 'event' | 'response' | 'action' | 'unknown' {
    const first = this.keys[0]
    if (first === undefined) return 'unknown'
    if (first.length === 5 && sameKeyLower(first, 'Event', 'event')) return 'event'
    if (first.length === 8 && sameKeyLower(first, 'Response', 'response')) return 'response'
    if (first.length === 6 && sameKeyLower(first, 'Action', 'action')) return 'action'
    return 'unknown'
  }

  get fields(): Array<[string, string]> {
    return this.keys.map((k, i) => [k, this.values[i] as string])
  }
}

/** `key` equals `name` ignoring ASCII case (same length assumed); no allocation on the hot path. */
function sameKeyLower(key: string, name: string, lower: string): boolean {
  if (key === name) return true
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i)
    if (c > 127) return key.toLowerCase() === lower
    if (c >= 65 && c <= 90) c += 32
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
}

/*
 * Keys of 13 characters and more (ChannelStateDesc, ConnectedLineName, every Dest…/Transferer… key)
 * would be V8 sliced strings of the message text, and comparing a sliced string costs ~10× a flat one
 * on the decoder's path. They are looked up in a small table of shared flat strings instead, found by
 * length and three characters and confirmed char by char; when the table is full, keys are sliced.
 */
const LONG_KEY = 13
const LONG_KEY_SLOTS = 1024
const LONG_KEY_CAPACITY = 512
const longKeys: Array<string | undefined> = new Array<string | undefined>(LONG_KEY_SLOTS).fill(undefined)
let longKeyCount = 0

/** `text` holds `word` at `start` (a char loop: startsWith with a position is slower here). */
function sameAt(text: string, start: number, word: string): boolean {
  for (let i = word.length - 1; i >= 0; i--)
    if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false
  return true
}

function longKey(text: string, start: number, end: number): string {
  const len = end - start
  let slot =
    (Math.imul(len, 0x9e3779b1) ^
      Math.imul(text.charCodeAt(start), 0x85ebca6b) ^
      Math.imul(text.charCodeAt(end - 1), 0xc2b2ae35) ^
      text.charCodeAt(start + (len >> 1))) &
    (LONG_KEY_SLOTS - 1)
  for (;;) {
    const known = longKeys[slot]
    if (known === undefined) break
    if (known.length === len && sameAt(text, start, known)) return known
    slot = (slot + 1) & (LONG_KEY_SLOTS - 1)
  }
  const key = text.slice(start, end)
  if (longKeyCount >= LONG_KEY_CAPACITY) return key
  // An object key is an internalised flat string: no slice of this message's text is kept alive.
  const flat = Object.keys({ [key]: 0 })[0] as string
  longKeys[slot] = flat
  longKeyCount++
  return flat
}

/**
 * Parses one message's text (lines without the terminating blank line). Splits each line at the
 * first `:` (one following space dropped), strips one trailing CR, keeps colon-less lines raw.
 */
export function parseMessageText(text: string): AmiMessage {
  const keys: string[] = []
  const values: string[] = []
  const raw: string[] = []
  let start = 0
  const len = text.length
  while (start < len) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = len
    let lineEnd = end
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--
    if (lineEnd > start) {
      const colon = text.indexOf(':', start)
      const space = text.indexOf(' ', start)
      // A key never holds a space: such lines are Follows bodies or noise, kept raw.
      if (colon === -1 || colon >= lineEnd || colon === start || (space !== -1 && space < colon)) {
        raw.push(text.slice(start, lineEnd))
      } else {
        keys.push(colon - start < LONG_KEY ? text.slice(start, colon) : longKey(text, start, colon))
        let v = colon + 1
        if (v < lineEnd && text.charCodeAt(v) === 32) v++
        values.push(text.slice(v, lineEnd))
      }
    }
    start = end + 1
  }
  return new AmiMessage(keys, values, raw)
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
}

/** Reverses Asterisk's ast_escape_c (§8.7): `O\'Brien` → `O'Brien`. Unknown escapes are kept. */
export function unescapeC(value: string): string {
  if (!value.includes('\\')) return value
  return value.replace(/\\(.)/g, (whole, ch: string) => C_ESCAPES[ch] ?? whole)
}

/** Serialises fields as Asterisk writes them: `Key: Value\r\n` … then a blank line. */
export function serializeFields(fields: ReadonlyArray<readonly [string, string]>): string {
  let out = ''
  for (const [k, v] of fields) out += `${k}: ${v}\r\n`
  return out + '\r\n'
}
