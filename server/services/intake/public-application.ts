/**
 * A citizen's application through the public form (docs/intake.md §2): checked in the order that costs
 * least (address limit, honeypot, fields and files, proof-of-work), then stored as a WEB ticket on the
 * same legal clock as any other channel, with its inbox item and files in the same transaction. The
 * citizen gets the ticket number and a lookup code; the written receipt goes through receipt-hook.ts.
 */
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import {
  KVKK_NOTICE,
  PUBLIC_APPLICATION_TYPES,
  PUBLIC_TEXT_LIMITS,
  type PowChallenge,
  type PublicApplicationReceipt,
  type PublicFormStatusView,
} from '../../contract/intake.ts'
import type { TicketTypeCode } from '../../contract/tickets.ts'
import { cleanText } from '../../domain/intake/clean-text.ts'
import { isKarsiyakaMahalle } from '../../domain/intake/mahalle.ts'
import { isValidNationalId } from '../../domain/intake/national-id.ts'
import { normalizePhone } from '../../domain/phone.ts'
import { TooManyRequestsError, ValidationError, type FieldIssue } from '../../errors.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { openTicket } from '../tickets/ticket-create.ts'
import { attachmentRows, checkAttachments, type IncomingFile } from './attachments.ts'
import { CHALLENGE_MESSAGES, checkChallenge, issueChallenge } from './challenge.ts'
import { hashLookupCode, newLookupCode } from './lookup-code.ts'
import type { PublicGuards } from './public-guards.ts'
import { notifyApplicationReceived, type ReceivedApplication } from './receipt-hook.ts'

export interface PublicFormSettings {
  /** Leading zero bits of the proof-of-work. */
  powBits: number
  /** Applications per address per hour. */
  maxPerHour: number
  /** Wrong status lookups per address per 15 minutes. */
  lookupMaxFailures: number
}

export type PublicFormCounts = PublicFormStatusView['counts']

export function emptyPublicFormCounts(): PublicFormCounts {
  return {
    accepted: 0,
    rateLimited: 0,
    honeypot: 0,
    invalidFields: 0,
    badAttachments: 0,
    badChallenge: 0,
    lookups: 0,
    lookupsNotFound: 0,
    lookupsRateLimited: 0,
  }
}

export interface PublicIntakeDeps {
  /** Refusals by reason and acceptances, counted in this process (docs/intake.md §3). */
  counts: PublicFormCounts
  services: ServiceDeps
  guards: PublicGuards
  settings: PublicFormSettings
  challengeSecret: () => Promise<string>
  onReceived?: (application: ReceivedApplication) => Promise<void>
}

export interface PublicSubmission {
  fields: Readonly<Record<string, string>>
  files: IncomingFile[]
  /** More files were sent than the form allows (the parser stopped reading them). */
  tooManyFiles: boolean
  ip: string
}

/** The honeypot: a field people never see (hidden by CSS, out of the tab order); bots fill it. */
export const HONEYPOT_FIELD = 'website'

const optional = (max: number) =>
  textField()
    .trim()
    .max(max, `En çok ${max} karakter yazılabilir.`)
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))

const fieldsSchema = z.object({
  type: z.enum(PUBLIC_APPLICATION_TYPES as [TicketTypeCode, ...TicketTypeCode[]], {
    error: 'Başvuru türünü seçin.',
  }),
  subject: textField()
    .trim()
    .min(3, 'Konu en az 3 karakter olmalı.')
    .max(PUBLIC_TEXT_LIMITS.subject, `Konu en çok ${PUBLIC_TEXT_LIMITS.subject} karakter olabilir.`),
  text: textField()
    .trim()
    .min(10, 'Başvurunuzu en az 10 karakterle anlatın.')
    .max(PUBLIC_TEXT_LIMITS.text, `Metin en çok ${PUBLIC_TEXT_LIMITS.text} karakter olabilir.`),
  mahalle: optional(60),
  fullName: optional(PUBLIC_TEXT_LIMITS.fullName),
  phone: optional(40),
  email: optional(PUBLIC_TEXT_LIMITS.email),
  nationalId: optional(20),
  address: optional(PUBLIC_TEXT_LIMITS.address),
  consent: textField().optional(),
})

type Fields = z.output<typeof fieldsSchema>

const EMAIL = z.email()
const YES = new Set(['true', 'on', '1', 'evet'])

interface CheckedFields extends Fields {
  phoneE164: string | null
}

/** Every field problem at once, so the citizen fixes the form in one go. */
function checkFields(sent: Readonly<Record<string, string>>): {
  fields: CheckedFields | null
  issues: FieldIssue[]
} {
  // PostgreSQL refuses NUL in text; no control character belongs in an application (clean-text.ts).
  const raw = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, cleanText(v)]))
  const parsed = fieldsSchema.safeParse(raw)
  const issues: FieldIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        code: i.code,
        message: i.message,
      }))
  // The rules below also run when the schema failed, on the trimmed raw values, so one answer lists all.
  const text = (key: string): string | null => {
    const v = (raw[key] ?? '').trim()
    return v === '' ? null : v
  }
  const f: Fields = parsed.success
    ? parsed.data
    : {
        type: raw['type'] as TicketTypeCode,
        subject: text('subject') ?? '',
        text: text('text') ?? '',
        mahalle: text('mahalle'),
        fullName: text('fullName'),
        phone: text('phone'),
        email: text('email'),
        nationalId: text('nationalId'),
        address: text('address'),
        consent: raw['consent'],
      }
  const flagged = new Set(issues.map((i) => i.path))
  const add = (issue: FieldIssue) => {
    if (!flagged.has(issue.path)) issues.push(issue)
  }
  if (!YES.has((f.consent ?? '').toLowerCase())) {
    add({
      path: 'consent',
      code: 'required',
      message: 'Aydınlatma metnini okuyup onay kutusunu işaretleyin.',
    })
  }
  let phoneE164: string | null = null
  if (f.phone !== null) {
    const phone = normalizePhone(f.phone)
    if (phone.ok) phoneE164 = phone.e164
    else add({ path: 'phone', code: 'invalid', message: 'Telefon numarası geçersiz (ör. 0532 123 45 67).' })
  }
  if (f.email !== null && !EMAIL.safeParse(f.email).success) {
    add({ path: 'email', code: 'invalid', message: 'E-posta adresi geçersiz.' })
  }
  if (f.phone === null && f.email === null) {
    add({
      path: 'contact',
      code: 'required',
      message: 'Size ulaşabilmemiz için telefon numarası veya e-posta adresinden en az birini yazın.',
    })
  }
  if (f.mahalle !== null && !isKarsiyakaMahalle(f.mahalle)) {
    add({ path: 'mahalle', code: 'invalid', message: 'Listeden bir mahalle seçin ya da boş bırakın.' })
  }
  if (f.type === 'BILGI_EDINME') identityIssues(f).forEach(add)
  return { fields: parsed.success ? { ...f, phoneE164 } : null, issues }
}

/**
 * 4982 md. 6 and the Bilgi Edinme regulation: an electronic application names the applicant (ad,
 * soyad), carries the T.C. kimlik numarası that stands for the signature, and an address of residence
 * or work; one that lacks them is not an application under the law (docs/legal-clocks.md §3).
 */
function identityIssues(f: Fields): FieldIssue[] {
  const issues: FieldIssue[] = []
  const why = 'Bilgi edinme başvurusunda (4982 sayılı Kanun md. 6)'
  const words = (f.fullName ?? '').split(/\s+/).filter((w) => w.length > 0)
  if (words.length < 2) {
    issues.push({
      path: 'fullName',
      code: 'required_4982',
      message: `${why} adınız ve soyadınız gereklidir.`,
    })
  }
  if (f.nationalId === null) {
    issues.push({
      path: 'nationalId',
      code: 'required_4982',
      message: `${why} imza yerine geçen T.C. kimlik numaranız gereklidir.`,
    })
  } else if (!isValidNationalId(f.nationalId)) {
    issues.push({ path: 'nationalId', code: 'invalid', message: 'T.C. kimlik numarası geçersiz (11 hane).' })
  }
  if ((f.address ?? '').length < 10) {
    issues.push({
      path: 'address',
      code: 'required_4982',
      message: `${why} oturma yeri veya iş adresiniz gereklidir.`,
    })
  }
  return issues
}

function attachmentIssues(submission: PublicSubmission) {
  const { accepted, problems } = checkAttachments(submission.files, {
    moreThanAllowed: submission.tooManyFiles,
  })
  const issues: FieldIssue[] = problems.map((p) => ({
    path: p.index === null ? 'attachments' : `attachments.${p.index}`,
    code: p.code,
    message: p.message,
  }))
  return { accepted, issues }
}

export async function newChallenge(deps: PublicIntakeDeps): Promise<PowChallenge> {
  return issueChallenge(
    await deps.challengeSecret(),
    deps.settings.powBits,
    deps.services.clock.now().getTime(),
  )
}

export async function submitApplication(
  deps: PublicIntakeDeps,
  submission: PublicSubmission,
): Promise<PublicApplicationReceipt> {
  const limit = await deps.guards.submissions.hit(submission.ip)
  if (limit.count > deps.settings.maxPerHour) {
    deps.counts.rateLimited++
    throw new TooManyRequestsError(
      limit.retryAfterSec,
      'Bu adresten çok sayıda başvuru gönderildi. Lütfen daha sonra yeniden deneyin ya da 444 1 575’i arayın.',
    )
  }
  if ((submission.fields[HONEYPOT_FIELD] ?? '').trim() !== '') {
    deps.counts.honeypot++
    throw new ValidationError(
      [{ path: HONEYPOT_FIELD, code: 'honeypot', message: 'Bu alan boş bırakılmalıdır.' }],
      'Başvuru otomatik gönderim olarak değerlendirildi.',
    )
  }
  const { fields, issues } = checkFields(submission.fields)
  const files = attachmentIssues(submission)
  const all = [...issues, ...files.issues]
  if (fields === null || all.length > 0) {
    if (files.issues.length > 0) deps.counts.badAttachments++
    if (issues.length > 0 || fields === null) deps.counts.invalidFields++
    throw new ValidationError(all)
  }

  const now = deps.services.clock.now()
  const problem = await checkChallenge({
    secret: await deps.challengeSecret(),
    challenge: submission.fields['challenge'],
    counter: submission.fields['counter'],
    minBits: deps.settings.powBits,
    nowMs: now.getTime(),
    used: deps.guards.challenges,
  })
  if (problem !== null) {
    deps.counts.badChallenge++
    throw new ValidationError([{ path: 'challenge', code: problem, message: CHALLENGE_MESSAGES[problem] }])
  }

  const lookupCode = newLookupCode()
  const created = await openTicket(
    deps.services,
    null,
    { type: fields.type, channel: 'WEB', subject: fields.subject, description: fields.text },
    {
      lookupCodeHash: hashLookupCode(lookupCode),
      settledWarnings: ['BILGI_EDINME_CHECK_APPLICANT_DETAILS'],
      alsoInTx: async (tx, ticket) => {
        const item = await tx.intakeItem.create({
          data: {
            source: 'WEB',
            receivedAt: now,
            subject: fields.subject,
            text: fields.text,
            requestedType: fields.type,
            senderName: fields.fullName,
            senderEmail: fields.email?.toLowerCase() ?? null,
            senderPhone: fields.phoneE164,
            mahalle: fields.mahalle,
            nationalId: fields.type === 'BILGI_EDINME' ? fields.nationalId : null,
            address: fields.address,
            kvkkConsentAt: now,
            parseNotes: [],
            decisionNote: null,
            ticketId: ticket.id,
            references: [],
          },
          select: { id: true },
        })
        if (files.accepted.length > 0)
          await tx.intakeAttachment.createMany({ data: attachmentRows(item.id, files.accepted) })
        await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            kind: 'COMMENT',
            note: 'Başvuru web formundan alındı.',
            data: {
              intakeItemId: item.id,
              kvkkNotice: KVKK_NOTICE.version,
              attachments: files.accepted.length,
            },
            at: now,
          },
        })
      },
    },
  )
  deps.counts.accepted++
  deps.services.inboxEvents?.changed()
  const receipt: ReceivedApplication = {
    ticketId: created.id,
    ticketNumber: created.number,
    lookupCode,
    dueAt: created.dueAt,
    contact: { email: fields.email, phone: fields.phoneE164 },
  }
  try {
    await (deps.onReceived ?? notifyApplicationReceived)(receipt)
  } catch (err) {
    deps.services.logger.warn({ err, ticketId: created.id }, 'application receipt could not be queued')
  }
  return {
    ticketNumber: created.number,
    lookupCode,
    receivedAt: created.createdAt.toISOString(),
    dueAt: created.dueAt.toISOString(),
    legalTrack: created.legalTrack,
  }
}
