/**
 * Citizens' messages in a WhatsApp Cloud API webhook (docs/intake.md §9): `entry[].changes[].value` with
 * `contacts` (profile name, wa_id) and `messages` (text, image, document, location; any other type is
 * kept with a note, never dropped). Pure: the signature was checked before the body was parsed
 * (server/http/routes/whatsapp-webhook.ts).
 */
import { z } from 'zod'
import { CONTROL_CHARACTER, textField } from '../../contract/text-field.ts'

const media = z.object({
  id: textField().max(200),
  caption: textField().max(4096).optional(),
  filename: textField().max(500).optional(),
  mime_type: textField().max(200).optional(),
})

const message = z.object({
  from: textField().regex(/^\d{6,16}$/),
  id: textField().min(1).max(300),
  timestamp: textField().regex(/^\d{1,12}$/),
  type: textField().max(40),
  text: z.object({ body: textField().max(4096) }).optional(),
  image: media.optional(),
  document: media.optional(),
  location: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: textField().max(500).optional(),
      address: textField().max(1000).optional(),
    })
    .optional(),
})

const value = z.object({
  contacts: z
    .array(z.object({ wa_id: textField().optional(), profile: z.object({ name: textField() }).optional() }))
    .optional(),
  messages: z.array(z.unknown()).optional(),
})

const body = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: textField(), value: z.unknown() })) })),
})

export interface InboundMessage {
  wamid: string
  /** E.164 (`+` and WhatsApp's wa_id). */
  phone: string
  profileName: string | null
  at: Date
  kind: string
  text: string
  latitude: number | null
  longitude: number | null
  media: { id: string; filename: string | null } | null
}

export interface ParsedInbound {
  messages: InboundMessage[]
  /** Messages whose shape could not be read (counted; WhatsApp's own sample payloads always pass). */
  malformed: number
}

const NAMES: Record<string, string> = { image: 'fotoğraf', document: 'belge' }

const CONTROL_ALL = new RegExp(CONTROL_CHARACTER.source, 'g')

/** Control characters removed from every string, so a message carrying one is kept, not refused. */
function withoutControlCharacters(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(CONTROL_ALL, '')
  if (Array.isArray(v)) return v.map(withoutControlCharacters)
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutControlCharacters(x)]))
  return v
}

/** The messages of one webhook call; null when the body is not a WhatsApp webhook at all. */
export function parseInboundMessages(raw: unknown): ParsedInbound | null {
  const parsed = body.safeParse(withoutControlCharacters(raw))
  if (!parsed.success) return null
  const out: InboundMessage[] = []
  let malformed = 0
  for (const entry of parsed.data.entry)
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue
      const v = value.safeParse(change.value)
      if (!v.success) {
        malformed++
        continue
      }
      const names = new Map<string, string>()
      for (const c of v.data.contacts ?? [])
        if (c.wa_id !== undefined && c.profile !== undefined) names.set(c.wa_id, c.profile.name.slice(0, 120))
      for (const item of v.data.messages ?? []) {
        const m = message.safeParse(item)
        if (!m.success) {
          malformed++
          continue
        }
        out.push(toInbound(m.data, names.get(m.data.from) ?? null))
      }
    }
  return { messages: out, malformed }
}

function toInbound(m: z.infer<typeof message>, profileName: string | null): InboundMessage {
  const base = {
    wamid: m.id,
    phone: `+${m.from}`,
    profileName,
    at: new Date(Number(m.timestamp) * 1000),
    latitude: null,
    longitude: null,
    media: null,
  }
  if (m.type === 'text' && m.text) return { ...base, kind: 'text', text: m.text.body }
  if ((m.type === 'image' || m.type === 'document') && m[m.type]) {
    const file = m[m.type] as z.infer<typeof media>
    return {
      ...base,
      kind: m.type,
      text: file.caption ?? '',
      media: { id: file.id, filename: file.filename ?? null },
    }
  }
  if (m.type === 'location' && m.location) {
    const l = m.location
    return {
      ...base,
      kind: 'location',
      text: [l.name, l.address].filter((s) => s !== undefined && s !== '').join(', '),
      latitude: l.latitude,
      longitude: l.longitude,
    }
  }
  return {
    ...base,
    kind: m.type,
    text: `(Pano bu türde iletiyi göstermiyor: ${NAMES[m.type] ?? m.type}. Vatandaştan yazılı olarak iletmesini isteyin.)`,
  }
}
