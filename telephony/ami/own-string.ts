/**
 * A value parsed from an AMI message is, for 13 characters and more, a V8 "sliced string": a view into
 * the whole message's text (telephony/ami/message.ts). Kept in a structure that outlives the call (the
 * statistics' minute buckets, the ids of recent calls), one such value keeps the whole message alive:
 * about a kilobyte per call, which a soak run showed as a heap growing with every call
 * (bench/README.md, soak). `ownString` returns the same text as a string of its own.
 *
 * Shorter values are already copies. Longer ones are prefixed and sliced again: V8 flattens the
 * prefixed string into a new one and the slice keeps only that (one character more than the value).
 * Making it an object key (internalising it) would share equal values but costs five times as much
 * for ids that are all different. test/integration/telephony/bridge-memory.test.ts checks the effect.
 */
const SLICED_MIN_LENGTH = 13

export function ownString(value: string): string {
  return value.length < SLICED_MIN_LENGTH ? value : (' ' + value).slice(1)
}
