/**
 * Reading what the nodes keep in Redis or send on the bus (JSON they wrote themselves): the value if it
 * parses and passes `schema`, else null, so a key that expired, a message cut short or one written by
 * another version is skipped by the caller instead of throwing in a subscriber.
 */
import type { z } from 'zod'

export function parseStored<T>(schema: z.ZodType<T>, raw: string | null): T | null {
  if (raw === null) return null
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return null
  }
  const parsed = schema.safeParse(json)
  return parsed.success ? parsed.data : null
}
