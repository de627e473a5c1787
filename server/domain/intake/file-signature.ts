/**
 * What a file is, from its first bytes (its "magic number"), never from the name or the type the sender
 * claims. Only the kinds the intake accepts are recognised (docs/intake.md §4): JPEG (FF D8 FF), PNG
 * (89 50 4E 47 0D 0A 1A 0A) and PDF (%PDF-). Pure.
 */
export const ACCEPTED_FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const
export type AcceptedFileType = (typeof ACCEPTED_FILE_TYPES)[number]

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)
}

export function detectFileType(bytes: Uint8Array): AcceptedFileType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, PNG)) return 'image/png'
  if (startsWith(bytes, PDF)) return 'application/pdf'
  return null
}

const EXTENSION: Record<AcceptedFileType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/pdf': '.pdf',
}

/**
 * A sender's file name without the characters that change how it reads rather than what it says:
 * control characters (C0, DEL, C1), format characters (\p{Cf}: bidi overrides such as U+202E, which
 * shows `fatura\u202Efdp.exe` as "faturaexe.pdf"; zero-width characters) and line or paragraph
 * separators. Also used where a refused file is named (server/services/intake/attachments.ts) and for a
 * WhatsApp file's name until the file is fetched (server/services/whatsapp/store-inbound.ts).
 */
export function withoutInvisibles(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
}

/**
 * A name safe to store and to offer in a download: the sender's base name without control and format
 * characters (withoutInvisibles), path separators or quotes, at most 100 characters, ending in the
 * extension of the detected type. The public form, the mailbox (both through
 * server/services/intake/attachments.ts) and WhatsApp (server/services/whatsapp/whatsapp-channel.ts)
 * store their files' names through here.
 */
export function safeFilename(name: string | undefined, type: AcceptedFileType, fallback: string): string {
  const base = withoutInvisibles((name ?? '').split(/[\\/]/).pop()?.normalize('NFC') ?? '')
    .replace(/["<>|*?:;]/g, '')
    .trim()
    .replace(/\.[^.]*$/, '')
    .slice(0, 100)
  return `${base === '' ? fallback : base}${EXTENSION[type]}`
}
