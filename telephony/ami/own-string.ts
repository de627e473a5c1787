/**
 * A value parsed from an AMI message is, for 13 characters and more, a V8 "sliced string": a view into
 * the whole message's text (telephony/ami/message.ts). Kept in a structure that outlives the call (the
 * statistics' minute buckets, the ids of recent calls), one such value keeps the whole message alive:
 * about a kilobyte per call, which a soak run showed as a heap growing with every call
 * (bench/soak.ts, docs/operations.md). `ownString` returns the same text as a string of its own.
 *
 * It is internalised (made an object key, as V8 does with every property name): equal values share
 * one copy, and V8 drops it from its string table once nothing refers to it.
 */
export function ownString(value: string): string {
  return Object.keys({ [value]: 0 })[0] as string
}
