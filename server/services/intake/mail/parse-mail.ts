/**
 * One raw mail → what the inbox stores (docs/intake.md §7). mailparser reads the MIME; HTML is never
 * kept or shown as HTML: it becomes plain text with scripts, styles and images dropped (html-to-text),
 * and Svelte escapes that text on screen. Attachments pass the same checks as the form's
 * (attachments.ts) and those that fail are dropped with a note. A message mailparser cannot read is
 * kept all the same, with its headers read by hand where possible and the reason in `notes`. Never throws.
 */
import { convert } from 'html-to-text'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { PUBLIC_TEXT_LIMITS } from '../../../contract/intake.ts'
import { checkAttachments, type CheckedAttachment } from '../attachments.ts'
import { cleanOptional, cleanText } from '../../../domain/intake/clean-text.ts'

export interface ParsedIntakeMail {
  fromName: string | null
  fromEmail: string | null
  subject: string
  text: string
  messageId: string | null
  inReplyTo: string | null
  references: string[]
  attachments: CheckedAttachment[]
  /** What went wrong, in Turkish, for the agent: unreadable MIME, files dropped. */
  notes: string[]
  parseFailed: boolean
  attachmentsRefused: number
  scriptsRemoved: boolean
}

/** Past this a mail's text is cut (the form's limit is 5,000; mails quote whole threads). */
export const MAX_MAIL_TEXT = 20_000
const MAX_HTML_TO_PARSE = 2 * 1024 * 1024

export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'head', format: 'skip' },
      { selector: 'noscript', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'object', format: 'skip' },
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, noAnchorUrl: true } },
    ],
    limits: { maxInputLength: MAX_HTML_TO_PARSE, maxDepth: 200 },
  })
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): {
  name: string | null
  email: string | null
} {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  for (const group of list) {
    for (const a of group.value) {
      const email = a.address?.trim().toLowerCase() ?? ''
      if (email !== '')
        return { name: a.name.trim() || null, email: email.slice(0, PUBLIC_TEXT_LIMITS.email) }
    }
  }
  return { name: null, email: null }
}

const MESSAGE_ID = /<[^<>\s]{1,250}>/g

function ids(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '')
  return [...joined.matchAll(MESSAGE_ID)].map((m) => m[0]).slice(-50)
}

function clip(text: string, max: number, notes: string[]): string {
  const clean = text
    .replaceAll('\u0000', '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim()
  if (clean.length <= max) return clean
  notes.push(`Metin ${max.toLocaleString('tr-TR')} karakterde kesildi.`)
  return `${clean.slice(0, max)}…`
}

/** Headers read without mailparser, for a message it could not parse. */
function headerOf(raw: Buffer, name: string): string | null {
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? ''
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)
  return m?.[1]?.trim().slice(0, 500) ?? null
}

function fromParsed(mail: ParsedMail, notes: string[]): ParsedIntakeMail {
  const from = firstAddress(mail.from)
  const html = typeof mail.html === 'string' ? mail.html : ''
  const scriptsRemoved = /<script[\s>]/i.test(html) || /\son[a-z]+\s*=/i.test(html)
  let text = mail.text ?? ''
  if (text.trim() === '' && html !== '') {
    try {
      text = htmlToPlainText(html)
    } catch {
      notes.push('HTML içerik metne çevrilemedi.')
    }
  }
  if (scriptsRemoved)
    notes.push('HTML içindeki betikler (script) çıkarıldı; ileti düz metin olarak gösteriliyor.')
  const files = mail.attachments.filter((a) => a.related !== true)
  const inline = mail.attachments.length - files.length
  const checked = checkAttachments(
    files.map((a) => ({ filename: a.filename, bytes: a.content, truncated: false })),
  )
  for (const p of checked.problems) notes.push(`Ek alınmadı: ${p.message}`)
  const refused = files.length - checked.accepted.length
  if (inline > 0) notes.push(`${inline} satır içi görsel alınmadı.`)
  return {
    fromName: from.name,
    fromEmail: from.email,
    subject: clip(mail.subject ?? '', PUBLIC_TEXT_LIMITS.subject, notes) || '(konusuz)',
    text: clip(text, MAX_MAIL_TEXT, notes),
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    attachments: checked.accepted,
    notes,
    parseFailed: false,
    attachmentsRefused: refused,
    scriptsRemoved,
  }
}

/** Every string the database will hold, without the characters it refuses (clean-text.ts). */
function cleaned(mail: ParsedIntakeMail): ParsedIntakeMail {
  return {
    ...mail,
    fromName: cleanOptional(mail.fromName),
    fromEmail: cleanOptional(mail.fromEmail),
    subject: cleanText(mail.subject),
    text: cleanText(mail.text),
    messageId: cleanOptional(mail.messageId),
    inReplyTo: cleanOptional(mail.inReplyTo),
    references: mail.references.map(cleanText),
    notes: mail.notes.map(cleanText),
  }
}

export async function parseIntakeMail(raw: Buffer): Promise<ParsedIntakeMail> {
  return cleaned(await parseRaw(raw))
}

async function parseRaw(raw: Buffer): Promise<ParsedIntakeMail> {
  const notes: string[] = []
  try {
    const mail = await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: MAX_HTML_TO_PARSE,
    })
    return fromParsed(mail, notes)
  } catch (error) {
    notes.push(
      `İleti çözümlenemedi (bozuk MIME): ${error instanceof Error ? error.message.slice(0, 200) : 'bilinmeyen hata'}.`,
    )
    const fromHeader = headerOf(raw, 'From')
    const email = /[^\s<>"]+@[^\s<>"]+/.exec(fromHeader ?? '')?.[0]?.toLowerCase() ?? null
    return {
      fromName: null,
      fromEmail: email,
      subject: clip(headerOf(raw, 'Subject') ?? '', PUBLIC_TEXT_LIMITS.subject, notes) || '(konusuz)',
      text: clip(raw.subarray(0, MAX_MAIL_TEXT).toString('utf8'), MAX_MAIL_TEXT, notes),
      messageId: ids(headerOf(raw, 'Message-ID') ?? undefined)[0] ?? null,
      inReplyTo: ids(headerOf(raw, 'In-Reply-To') ?? undefined)[0] ?? null,
      references: ids(headerOf(raw, 'References') ?? undefined),
      attachments: [],
      notes,
      parseFailed: true,
      attachmentsRefused: 0,
      scriptsRemoved: false,
    }
  }
}
